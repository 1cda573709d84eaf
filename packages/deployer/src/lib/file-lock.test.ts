import { fork } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import * as path from 'node:path';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { motoEnv } from '../../../../tools/test-services/aws-env';
import { withFileLock } from './file-lock';

const REPO = path.resolve(__dirname, '../../../..');
let childScript: string;
let dir: string;

// The child is real compiled code run in separate Node processes (bundled from the sources).
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(tmpdir(), 'nxstack-lock-'));
  childScript = path.join(dir, 'lock-child.js');
  await build({
    entryPoints: [path.join(__dirname, '__fixtures__', 'lock-child.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outfile: childScript,
    alias: { '@nxstack/core': path.join(REPO, 'packages/core/src/index.ts') },
    logLevel: 'error',
  });
}, 120_000);

interface ChildResult {
  readonly ok: boolean;
  readonly result?: any;
  readonly code?: string;
  readonly message?: string;
}

function runChild(args: string[], env: Record<string, string> = {}): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = fork(childScript, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    let out = '';
    let err = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (err += d));
    child.on('error', reject);
    // 'close', not 'exit': the result line may still be in the pipe when the child has exited.
    child.on('close', () => {
      const line = out.trim().split('\n').at(-1) ?? '';
      try {
        resolve(JSON.parse(line) as ChildResult);
      } catch {
        reject(new Error(`child printed no result: ${out}\n${err}`));
      }
    });
  });
}

describe('withFileLock across processes', () => {
  it('lets one process at a time into the critical section', async () => {
    const lock = path.join(dir, 'critical', 'x.lock');
    const log = path.join(dir, 'critical.log');
    const results = await Promise.all([0, 1, 2, 3].map(() => runChild(['critical', lock, log])));
    expect(results.every((r) => r.ok)).toBe(true);
    const lines = (await fs.readFile(log, 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(8);
    // enter/leave strictly alternate and each leave belongs to the preceding enter.
    for (let i = 0; i < lines.length; i += 2) {
      expect(lines[i]).toMatch(/^enter \d+$/);
      expect(lines[i + 1]).toBe(lines[i].replace('enter', 'leave'));
    }
    await expect(fs.access(lock)).rejects.toThrow();
  });

  it('takes over the lock of a process that died holding it', async () => {
    const lock = path.join(dir, 'dead', 'x.lock');
    const died = await runChild(['hold-and-die', lock, '']).catch(() => undefined);
    expect(died).toBeUndefined(); // it exited inside the lock, printing nothing
    const holder = JSON.parse(await fs.readFile(lock, 'utf8'));
    expect(holder).toMatchObject({ host: hostname() });
    const started = Date.now();
    expect(await withFileLock(lock, async () => 'mine', { staleMs: 60_000 })).toBe('mine');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('takes over a lock whose heartbeat is too old, and times out on a live one', async () => {
    const lock = path.join(dir, 'old', 'x.lock');
    await fs.mkdir(path.dirname(lock), { recursive: true });
    // Held by this (live) process, but with a heartbeat from 10 minutes ago: stale by age.
    await fs.writeFile(lock, JSON.stringify({ pid: process.pid, host: 'another-host', acquiredAt: '2020-01-01T00:00:00Z' }));
    const old = new Date(Date.now() - 600_000);
    await fs.utimes(lock, old, old);
    expect(await withFileLock(lock, async () => 'taken', { staleMs: 60_000 })).toBe('taken');

    const waits: unknown[] = [];
    // Held until the second attempt has given up: no sleep stands for "the lock is taken" or "still held".
    let release!: () => void;
    let entered!: () => void;
    const inside = new Promise<void>((r) => (entered = r));
    const held = withFileLock(lock, () => {
      entered();
      return new Promise<void>((r) => (release = r));
    });
    await inside;
    const err = await withFileLock(lock, async () => 'never', { timeoutMs: 300, onWait: (h) => waits.push(h) }).catch((e) => e);
    release();
    expect(err.code).toBe('NXS_LOCK_TIMEOUT');
    expect(waits).toEqual([expect.objectContaining({ pid: process.pid })]);
    await held;
  });
});

describe('bootstrap from racing processes (moto)', () => {
  it('creates the bootstrap stack once; every process gets the bucket', async () => {
    const lock = path.join(dir, '.nxstack', 'race', 'bootstrap-us-east-1.lock');
    const results = await Promise.all([0, 1, 2, 3].map(() => runChild(['bootstrap', lock, 'lock-race'], motoEnv())));
    for (const r of results) expect(r, JSON.stringify(r)).toMatchObject({ ok: true });
    expect(new Set(results.map((r) => r.result.bucket))).toEqual(new Set(['nxstack-123456789012-us-east-1-lock-race']));
    expect(results.filter((r) => r.result.created)).toHaveLength(1);
    await expect(fs.access(lock)).rejects.toThrow();
  }, 120_000);
});
