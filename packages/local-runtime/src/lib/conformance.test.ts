// Conformance: the same artifacts run under AWS's Runtime Interface Emulator (the behavioural
// reference, built here from its Go module) and under our emulation; results, error payloads and
// timeouts must agree. The Go bootstrap uses aws-lambda-go (AWS's own client), so it checks our
// Runtime API server; the Node zip runs our Node client under both, so it checks the client.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LambdaArtifact, readManifest, type ZipPackageManifest } from '@nxstack/core';
import { packageGo } from '@nxstack/packager-go';
import { packageNodeFunction } from '@nxstack/packager-node';
import { packagePythonFunction } from '@nxstack/packager-python';
import { invokeLocal, unpack } from './invoke-local';
import { runtimeCommand } from './runtime-commands';

const RIE_MODULE = 'github.com/aws/aws-lambda-runtime-interface-emulator';
const RIE_VERSION = 'v0.0.0-20261030222936-bef5c4ba774d';
const RIE_BIN_DIR = path.resolve(__dirname, '..', '..', '..', '..', '.tmp', 'rie', RIE_VERSION);
const RIE = path.join(RIE_BIN_DIR, 'aws-lambda-rie');
/** AWS's Python runtime interface client from PyPI, in a venv beside the RIE build. */
const AWSLAMBDARIC = 'awslambdaric==4.2.2';
const RIC_VENV = path.resolve(RIE_BIN_DIR, '..', 'awslambdaric-4.2.2-py3.12');

let work: string;
const artifacts: Record<string, { zip: string; manifest: ZipPackageManifest; taskRoot: string }> = {};

beforeAll(async () => {
  if (!existsSync(RIE)) {
    execFileSync('go', ['install', `${RIE_MODULE}/cmd/aws-lambda-rie@${RIE_VERSION}`], { env: { ...process.env, GOBIN: RIE_BIN_DIR }, stdio: ['ignore', 'inherit', 'inherit'], timeout: 600_000 });
  }
  if (!existsSync(path.join(RIC_VENV, 'complete'))) {
    const python = (await runtimeCommand({ runtime: 'python3.12', handler: 'x.y', architecture: 'x86_64', taskRoot: '.', hostEnv: process.env, cacheDir: '.' })).argv[0];
    execFileSync(python, ['-m', 'venv', '--clear', RIC_VENV], { stdio: ['ignore', 'inherit', 'inherit'] });
    execFileSync(path.join(RIC_VENV, 'bin', 'python'), ['-m', 'pip', 'install', '--quiet', '--only-binary=:all:', AWSLAMBDARIC], { stdio: ['ignore', 'inherit', 'inherit'], timeout: 600_000 });
    await fs.writeFile(path.join(RIC_VENV, 'complete'), '');
  }
  work = await fs.mkdtemp(path.join(os.tmpdir(), 'nxs-lr-rie-'));
  await fs.cp(path.join(__dirname, '..', '__fixtures__', 'py-fn'), path.join(work, 'py'), { recursive: true });
  const py = await packagePythonFunction({ workspaceRoot: work, projectRoot: 'py', resourceName: 'pyFn', entryfilePath: 'app.py', runtime: 'python3.12', cacheDir: path.join(work, 'pycache'), env: process.env });
  await fs.cp(path.join(__dirname, '..', '__fixtures__', 'go-fn'), path.join(work, 'go'), { recursive: true });
  const go: LambdaArtifact = await packageGo({ workspaceRoot: work, projectRoot: 'go', resourceName: 'goFn', entryfilePath: 'main.go', outputPath: 'out/go' });
  const node = async (name: string, entry: string) => {
    const r = await packageNodeFunction({ workspaceRoot: path.join(__dirname, '..', '__fixtures__', 'ts-app'), projectRoot: '.', resourceName: name, entryfilePath: entry, runtime: 'nodejs20.x', outputPath: path.join(work, 'out', name) });
    return { zip: r.artifactPath, manifest: (await readManifest(r.outputDir)) as ZipPackageManifest };
  };
  const all = { pyFn: { zip: py.artifactFile, manifest: py.manifest }, goFn: { zip: go.artifactPath, manifest: go.manifest }, greet: await node('greet', 'src/greet.ts'), fail: await node('fail', 'src/fail.ts'), wait: await node('wait', 'src/wait.ts') };
  for (const [name, a] of Object.entries(all)) artifacts[name] = { ...a, taskRoot: await unpack(a.zip, path.join(work, 'task', name)) };
}, 900_000);
afterAll(async () => {
  if (work) await fs.rm(work, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((r) => server.close(r));
  return port;
}

/** One invocation under the RIE: the runtime command is the one our emulation would start. */
async function invokeRie(name: string, event: unknown, timeoutSeconds: number): Promise<{ status: number; body: string }> {
  const a = artifacts[name];
  // Python runs AWS's own client under the RIE: that checks our client against the reference.
  const command = name === 'pyFn' ? { argv: [path.join(RIC_VENV, 'bin', 'python'), '-m', 'awslambdaric', a.manifest.handler], env: {} as Record<string, string> } : await runtimeCommand({ runtime: a.manifest.runtime, handler: a.manifest.handler, architecture: a.manifest.architecture, taskRoot: a.taskRoot, hostEnv: process.env, cacheDir: path.join(work, 'cache') });
  const [invokePort, apiPort] = [await freePort(), await freePort()];
  const child: ChildProcess = spawn(RIE, ['--runtime-interface-emulator-address', `127.0.0.1:${invokePort}`, '--runtime-api-address', `127.0.0.1:${apiPort}`, ...command.argv], {
    cwd: a.taskRoot,
    env: { PATH: process.env.PATH, LAMBDA_TASK_ROOT: a.taskRoot, _HANDLER: a.manifest.handler, AWS_LAMBDA_FUNCTION_TIMEOUT: String(timeoutSeconds), AWS_LAMBDA_FUNCTION_NAME: name, ...a.manifest.environment, ...command.env },
    stdio: ['ignore', 'ignore', 'ignore'],
  });
  try {
    for (let i = 0; ; i++) {
      try {
        const res = await fetch(`http://127.0.0.1:${invokePort}/2015-03-31/functions/function/invocations`, { method: 'POST', body: JSON.stringify(event) });
        return { status: res.status, body: await res.text() };
      } catch (e) {
        if (i > 100) throw e;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  } finally {
    child.kill('SIGKILL');
  }
}

function invokeOurs(name: string, event: unknown, timeout: number) {
  const a = artifacts[name];
  return invokeLocal({ zip: a.zip, runtime: a.manifest.runtime, handler: a.manifest.handler, architecture: a.manifest.architecture, environment: { ...a.manifest.environment }, timeout, memory: 128, functionName: name, region: 'us-east-1', event });
}

/** The stack frames that belong to the function (not the runtime): Go frames in main.go, Node frames in src/, Python frames (paths made relative). */
function functionFrames(body: Record<string, unknown>): string[] {
  const frames = body.stackTrace as Array<{ path: string; label: string; line: number } | string> | undefined;
  if (frames?.every((f) => typeof f === 'string')) return (frames as string[]).map((f) => f.replace(/File "[^"]*[/\\]([^/\\"]+)"/, 'File "$1"'));
  const go = (frames as Array<{ path: string; label: string; line: number }> | undefined)?.filter((f) => f.path.endsWith('main.go')).map((f) => `${f.label}:${f.line}`);
  const node = (body.trace as string[] | undefined)?.filter((l) => l.includes('src/')).map((l) => l.replace(/\(.*?(src\/[^)]*)\)/, '($1)'));
  return go ?? node ?? [];
}

describe('conformance with the AWS Runtime Interface Emulator', () => {
  it('Go bootstrap: same success payload and same error payload fields (including the panic stack trace)', async () => {
    const ok = await invokeOurs('goFn', { action: 'echo', name: 'Ada' }, 5);
    const rieOk = await invokeRie('goFn', { action: 'echo', name: 'Ada' }, 5);
    expect(rieOk.status).toBe(200);
    const [ours, theirs] = [JSON.parse(ok.payload), JSON.parse(rieOk.body)];
    // Request ids and function names differ by construction; everything else is equal.
    expect({ ...ours, request: '', function: '' }).toEqual({ ...theirs, request: '', function: '' });
    for (const action of ['fail', 'panic']) {
      const mine = JSON.parse((await invokeOurs('goFn', { action, name: 'o-1' }, 5)).payload);
      const ref = JSON.parse((await invokeRie('goFn', { action, name: 'o-1' }, 5)).body);
      expect(Object.keys(mine).sort(), action).toEqual(Object.keys(ref).sort());
      expect(mine.errorType, action).toBe(ref.errorType);
      expect(mine.errorMessage, action).toBe(ref.errorMessage);
      expect(functionFrames(mine), action).toEqual(functionFrames(ref));
    }
  });

  it('Node zip: same success payload, same error payload (errorType, errorMessage, source-mapped trace)', async () => {
    const ok = await invokeOurs('greet', { name: 'n' }, 5);
    const rieOk = await invokeRie('greet', { name: 'n' }, 5);
    expect(JSON.parse(ok.payload)).toEqual(JSON.parse(rieOk.body));
    const mine = JSON.parse((await invokeOurs('fail', { id: 'x' }, 5)).payload);
    const ref = JSON.parse((await invokeRie('fail', { id: 'x' }, 5)).body);
    expect(Object.keys(mine).sort()).toEqual(Object.keys(ref).sort());
    expect(mine.errorType).toBe(ref.errorType);
    expect(mine.errorMessage).toBe(ref.errorMessage);
    expect(functionFrames(mine)).toEqual(functionFrames(ref));
    expect(functionFrames(mine)[0]).toMatch(/checkOrder \(src\/fail\.ts:10:9\)/);
  });

  it('Python zip: our client answers like awslambdaric (success payload, errorType, errorMessage, stackTrace)', async () => {
    const ok = await invokeOurs('pyFn', { name: 'Ada' }, 5);
    const rieOk = await invokeRie('pyFn', { name: 'Ada' }, 5);
    expect(rieOk.status).toBe(200);
    expect({ ...JSON.parse(ok.payload), request: '' }).toEqual({ ...JSON.parse(rieOk.body), request: '' });
    const mine = JSON.parse((await invokeOurs('pyFn', { action: 'fail', name: 'o-1' }, 5)).payload);
    const ref = JSON.parse((await invokeRie('pyFn', { action: 'fail', name: 'o-1' }, 5)).body);
    expect(Object.keys(mine).sort()).toEqual(Object.keys(ref).sort());
    expect(mine.errorType).toBe(ref.errorType);
    expect(mine.errorMessage).toBe(ref.errorMessage);
    expect(functionFrames(mine)).toEqual(functionFrames(ref));
    expect(functionFrames(mine)).toHaveLength(2);
  });

  it('timeouts: both stop the invocation after the function timeout with "Task timed out after N.00 seconds"', async () => {
    for (const [name, event] of [['goFn', { action: 'sleep' }], ['wait', { ms: 20_000 }]] as const) {
      const started = Date.now();
      const ref = await invokeRie(name, event, 1);
      const rieMs = Date.now() - started;
      const mine = await invokeOurs(name, event, 1);
      expect(ref.body, name).toBe('Task timed out after 1.00 seconds');
      expect(JSON.parse(mine.payload).errorMessage, name).toMatch(/ Task timed out after 1\.00 seconds$/);
      expect(mine.durationMs, name).toBeGreaterThanOrEqual(1000);
      expect(mine.durationMs, name).toBeLessThan(rieMs + 1000);
    }
  });
});
