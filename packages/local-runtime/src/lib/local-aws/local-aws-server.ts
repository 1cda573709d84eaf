import { spawn } from 'node:child_process';
import { closeSync, openSync, promises as fs } from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { LOCAL_ACCOUNT, localAwsDir, NxstackError, outputTail } from '@nxstack/core';
import { CLIENTS_DIR } from '../runtime-commands';
import { ensureMoto } from './moto-install';

/** What server.py writes once it listens. */
interface ServerFile {
  readonly pid: number;
  readonly port: number;
  /** Random per start: a record made for another server instance is stale (its resources are gone). */
  readonly token: string;
}

export interface LocalAwsServer {
  readonly endpoint: string;
  readonly token: string;
  readonly pid: number;
}

const START_TIMEOUT_MS = 60_000;

const serverDir = (workspaceRoot: string) => path.join(workspaceRoot, localAwsDir());
const serverFile = (workspaceRoot: string) => path.join(serverDir(workspaceRoot), 'server.json');

async function readServerFile(workspaceRoot: string): Promise<ServerFile | undefined> {
  try {
    const s = JSON.parse(await fs.readFile(serverFile(workspaceRoot), 'utf8')) as ServerFile;
    return Number.isInteger(s.pid) && Number.isInteger(s.port) && typeof s.token === 'string' ? s : undefined;
  } catch {
    return undefined;
  }
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** True when moto answers on the port (a stale file may name a port some other program now holds). */
function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/moto-api/data.json', timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
  });
}

/** The running server of this workspace, if server.json names a live moto that answers. */
export async function runningLocalAwsServer(workspaceRoot: string): Promise<LocalAwsServer | undefined> {
  const s = await readServerFile(workspaceRoot);
  if (!s || !alive(s.pid) || !(await answers(s.port))) return undefined;
  return { endpoint: `http://127.0.0.1:${s.port}`, token: s.token, pid: s.pid };
}

/**
 * The workspace's local AWS server, started when none runs: installed on first use, detached
 * (it outlives this nx run), on the port it had before when that port is free. A stale
 * server.json (dead pid, or a port that answers as something else) is replaced. The server
 * stops itself when server.json goes away (stopLocalAwsServer, or the workspace is deleted).
 */
export async function ensureLocalAwsServer(workspaceRoot: string, log?: (line: string) => void, env: NodeJS.ProcessEnv = process.env): Promise<LocalAwsServer> {
  const running = await runningLocalAwsServer(workspaceRoot);
  if (running) return running;
  const moto = await ensureMoto(workspaceRoot, env, log);
  const dir = serverDir(workspaceRoot);
  await fs.mkdir(dir, { recursive: true });
  const previous = await readServerFile(workspaceRoot);
  await fs.rm(serverFile(workspaceRoot), { force: true });
  const logFile = path.join(dir, 'server.log');
  const out = openSync(logFile, 'w');
  const child = spawn(moto.python, ['-I', '-S', path.join(CLIENTS_DIR, 'local-aws', 'server.py'), moto.packagesDir, serverFile(workspaceRoot), String(previous?.port ?? 0)], {
    detached: true,
    stdio: ['ignore', out, out],
    // moto's account and any region name: its ARNs are the ones the local stage computes.
    env: { PATH: env.PATH, HOME: env.HOME, LANG: env.LANG, MOTO_ACCOUNT_ID: LOCAL_ACCOUNT, MOTO_ALLOW_NONEXISTENT_REGION: 'true' },
  });
  closeSync(out);
  let exited: number | null | undefined;
  child.on('exit', (code) => (exited = code));
  child.on('error', () => (exited = -1));
  child.unref();
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline && exited === undefined) {
    const s = await readServerFile(workspaceRoot);
    // Another task may have started one at the same time: the server.json written last wins and
    // the other server stops itself (its token is no longer the file's).
    if (s && alive(s.pid) && (await answers(s.port))) {
      if (s.pid === child.pid) log?.(`local AWS (moto) started on http://127.0.0.1:${s.port} (pid ${s.pid}; log ${path.relative(workspaceRoot, logFile)})`);
      return { endpoint: `http://127.0.0.1:${s.port}`, token: s.token, pid: s.pid };
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  if (exited === undefined && child.pid) process.kill(child.pid);
  const tail = await fs.readFile(logFile, 'utf8').then((t) => outputTail(t, 15), () => '');
  throw new NxstackError('NXS_LOCAL_AWS_UNAVAILABLE', `The local AWS server (moto) did not start${exited !== undefined ? ` (exit ${exited})` : ` within ${START_TIMEOUT_MS / 1000}s`}:\n${tail}`, {
    hint: `See ${path.relative(workspaceRoot, logFile)}; deleting ${path.relative(workspaceRoot, path.join(workspaceRoot, '.nxstack', 'cache', 'local-aws'))} makes the next deploy install moto again.`,
  });
}

/**
 * Stops the workspace's local AWS server (its data goes with it): removing server.json makes it
 * exit within seconds; only a server that still answers on its port after that gets SIGTERM
 * (a pid alone may have been reused). Returns whether one ran.
 */
export async function stopLocalAwsServer(workspaceRoot: string): Promise<boolean> {
  const s = await readServerFile(workspaceRoot);
  await fs.rm(serverFile(workspaceRoot), { force: true });
  if (!s || !alive(s.pid)) return false;
  for (let i = 0; i < 50 && alive(s.pid); i++) await new Promise((r) => setTimeout(r, 100));
  if (alive(s.pid) && (await answers(s.port))) process.kill(s.pid, 'SIGTERM');
  return true;
}
