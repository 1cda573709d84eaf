/**
 * A cross-process lock file (`open(..., 'wx')`): parallel Nx tasks on one machine take turns.
 * Waiters retry with capped exponential backoff + jitter. A lock is stale when its holder's
 * process is gone (same host) or its heartbeat (mtime, refreshed while held) is older than
 * `staleMs`; a stale lock is moved aside atomically (rename) before being taken over.
 */
import { promises as fs } from 'node:fs';
import { hostname } from 'node:os';
import * as path from 'node:path';
import { NxstackError } from '@nxstack/core';

export interface FileLockOptions {
  /** Give up after this long (default 10 minutes). */
  readonly timeoutMs?: number;
  /** A lock whose heartbeat is older than this is stale (default 60 s; refreshed every staleMs/4). */
  readonly staleMs?: number;
  /** Called once when the lock is busy, to say who we wait for. */
  readonly onWait?: (holder: LockHolder | undefined) => void;
}

export interface LockHolder {
  readonly pid: number;
  readonly host: string;
  readonly acquiredAt: string;
}

export async function withFileLock<T>(file: string, fn: () => Promise<T>, opts: FileLockOptions = {}): Promise<T> {
  const staleMs = opts.staleMs ?? 60_000;
  await acquire(file, opts.timeoutMs ?? 600_000, staleMs, opts.onWait);
  const heartbeat = setInterval(() => {
    const now = new Date();
    fs.utimes(file, now, now).catch(() => undefined);
  }, Math.max(50, Math.floor(staleMs / 4)));
  heartbeat.unref();
  try {
    return await fn();
  } finally {
    clearInterval(heartbeat);
    await fs.rm(file, { force: true });
  }
}

async function acquire(file: string, timeoutMs: number, staleMs: number, onWait?: (h: LockHolder | undefined) => void): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const deadline = Date.now() + timeoutMs;
  const me: LockHolder = { pid: process.pid, host: hostname(), acquiredAt: new Date().toISOString() };
  let delay = 25;
  let reported = false;
  for (;;) {
    try {
      const handle = await fs.open(file, 'wx');
      try {
        await handle.writeFile(JSON.stringify(me));
      } finally {
        await handle.close();
      }
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const seen = await readLock(file);
    if (seen && isStale(seen, staleMs)) {
      await takeOverStale(file, seen.text);
      continue;
    }
    if (!reported) {
      reported = true;
      onWait?.(seen?.holder);
    }
    if (Date.now() > deadline) {
      throw new NxstackError('NXS_LOCK_TIMEOUT', `Waited ${Math.round(timeoutMs / 1000)} s for the lock ${file}${seen?.holder ? ` held by pid ${seen.holder.pid} on ${seen.holder.host}` : ''}.`, {
        hint: 'Another nxstack command is still running for this stage; if none is, delete the lock file and retry.',
      });
    }
    await new Promise((r) => setTimeout(r, delay + Math.floor(Math.random() * delay)));
    delay = Math.min(delay * 2, 1000);
  }
}

interface SeenLock {
  readonly text: string;
  readonly holder?: LockHolder;
  readonly mtimeMs: number;
}

async function readLock(file: string): Promise<SeenLock | undefined> {
  try {
    const [text, stat] = await Promise.all([fs.readFile(file, 'utf8'), fs.stat(file)]);
    let holder: LockHolder | undefined;
    try {
      holder = JSON.parse(text) as LockHolder;
    } catch {
      holder = undefined; // being written right now (open and write are two steps)
    }
    return { text, holder, mtimeMs: stat.mtimeMs };
  } catch {
    return undefined; // released between our open and read: just retry
  }
}

function isStale(seen: SeenLock, staleMs: number): boolean {
  if (Date.now() - seen.mtimeMs > staleMs) return true;
  const h = seen.holder;
  return Boolean(h && h.host === hostname() && typeof h.pid === 'number' && !processAlive(h.pid));
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Moves the stale lock aside with rename (atomic: one waiter wins). If what was moved is not the
 * lock judged stale (its holder released and someone else took it in between), it is put back.
 */
async function takeOverStale(file: string, staleText: string): Promise<void> {
  const aside = `${file}.stale-${process.pid}-${Date.now()}`;
  try {
    await fs.rename(file, aside);
  } catch {
    return; // another waiter moved it first
  }
  const moved = await fs.readFile(aside, 'utf8').catch(() => staleText);
  if (moved !== staleText) await fs.link(aside, file).catch(() => undefined);
  await fs.rm(aside, { force: true });
}
