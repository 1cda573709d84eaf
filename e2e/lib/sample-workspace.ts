import { type ChildProcessWithoutNullStreams, execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { installPackedPackages, packPackages } from './packed-install';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const TEMPLATE = path.join(REPO_ROOT, 'e2e', 'sample-workspace');

/**
 * A fresh copy of a workspace template under e2e/ with the packed @nxstack tarballs and nx
 * installed (npm --prefer-offline, so a warm npm cache needs no network; packed-install.ts
 * packs once per run and reuses an install of the same package.json). Run it with runNx.
 */
export function createWorkspaceFromTemplate(templateDir: string, prefix = 'nxs-e2e-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  cpSync(templateDir, dir, { recursive: true });
  installPackedPackages(dir);
  return dir;
}

export { packPackages };

/** A fresh copy of e2e/sample-workspace (the foundation issue's sample), installed. */
export function createSampleWorkspace(): string {
  return createWorkspaceFromTemplate(TEMPLATE);
}

export interface NxRun {
  readonly status: number | null;
  readonly output: string;
}

/** The environment every nx run of the e2e tests gets: no daemon, no cloud, no TUI, no colour. */
export function nxEnv(extraEnv: Record<string, string>): NodeJS.ProcessEnv {
  // Inherited only: a test may still pass NXSTACK_STAGE through extraEnv.
  const inherited: NodeJS.ProcessEnv = { ...process.env };
  delete inherited['NX_SKIP_NX_CACHE'];
  delete inherited['NXSTACK_STAGE'];
  return { ...inherited, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', FORCE_COLOR: '0', ...extraEnv };
}

const nxBin = (workspace: string) => path.join(workspace, 'node_modules', 'nx', 'dist', 'bin', 'nx.js');

/** Runs the workspace's real nx CLI (no daemon, no cloud, cache on). */
export function runNx(workspace: string, args: string[], extraEnv: Record<string, string> = {}): NxRun {
  const r = spawnSync(process.execPath, [nxBin(workspace), ...args], {
    cwd: workspace,
    env: nxEnv(extraEnv),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: r.status, output: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

/** runNx without blocking this process: for tests that serve something nx talks to (a fault proxy) in-process. */
export function runNxAsync(workspace: string, args: string[], extraEnv: Record<string, string> = {}): Promise<NxRun> {
  return startNx(workspace, args, extraEnv).done;
}

export interface StartedNx {
  /** Output so far (stdout and stderr interleaved). */
  output(): string;
  /** Kills nx and the task processes it forked (its own process group), as a crash would. */
  kill(): void;
  readonly done: Promise<NxRun>;
}

/** Starts the real nx CLI in its own process group and returns at once. */
export function startNx(workspace: string, args: string[], extraEnv: Record<string, string> = {}): StartedNx {
  const child = spawn(process.execPath, [nxBin(workspace), ...args], { cwd: workspace, env: nxEnv(extraEnv), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (output += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (output += d));
  const done = new Promise<NxRun>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, output }));
  });
  return {
    output: () => output,
    kill: () => {
      if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
    },
    done,
  };
}

/**
 * Starts a long-running nx command (a continuous task such as serve) in its own process group,
 * so `stopNx` ends nx and every process it started (startNx is for a run a test kills).
 */
export function startContinuousNx(workspace: string, args: string[], extraEnv: Record<string, string> = {}): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [nxBin(workspace), ...args], { cwd: workspace, env: nxEnv(extraEnv), stdio: ['pipe', 'pipe', 'pipe'], detached: true });
}

/** Stops what startContinuousNx started (its whole process group) and waits for nx to exit. */
export async function stopNx(child: ChildProcessWithoutNullStreams): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    process.kill(-child.pid!, 'SIGTERM');
  } catch {
    child.kill('SIGTERM');
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }, 10_000);
  await exited;
  clearTimeout(timer);
}

/**
 * Task id → how Nx says it ran: 'cache' (local cache / outputs matched) or 'run'. Reads the
 * `> nx run <task>` headers of `nx run` and the `✔  nx run <task>` lines of `nx run-many`.
 */
export function taskResults(output: string): Record<string, 'cache' | 'run'> {
  const results: Record<string, 'cache' | 'run'> = {};
  // `> nx run <project:target> [--forwarded=args] [note]` (nx run) or `✔  nx run <task> [note]` (run-many)
  for (const m of output.matchAll(/^\s*(?:>|✔|✖)\s+nx run (\S+)(?: [^[\n]*?)?(?:\s*\[(.+?)\])?\s*$/gm)) {
    const note = m[2] ?? '';
    results[m[1]] = /local cache|existing outputs match the cache/.test(note) ? 'cache' : 'run';
  }
  return results;
}

export interface Summary {
  readonly kind: string;
  readonly fields: Readonly<Record<string, string>>;
}

/** The deployer's machine-readable lines: `nxstack: <kind> key=value key=value`. */
export function summaries(output: string): Summary[] {
  return [...output.matchAll(/^nxstack: (\w+) (.*)$/gm)].map((m) => ({
    kind: m[1],
    fields: Object.fromEntries(m[2].trim().split(/\s+/).map((kv) => kv.split('=') as [string, string])),
  }));
}

