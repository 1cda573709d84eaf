/**
 * nxstack-cache as Nx's self-hosted remote cache, through the real nx CLI on packed packages:
 * the server runs from the installed tarball's bin; a first workspace copy fills the cache with
 * `nx run api:package`, a second copy gets every package task as a remote cache hit with
 * byte-identical zips, a pull-request style run with the read-only token succeeds and stores
 * nothing, and a wrong token fails the run (what Nx 24 does with a 401). Once on directory
 * storage and once on S3 (moto). The stack.yml the package ships for deploying the server is
 * inferred by the plugin from the installed tarball and compiles to a template cfn-lint accepts.
 */
import { CreateBucketCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { compileStack } from '@nxstack/cfn-compiler';
import { parseStack } from '@nxstack/core';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imageArtifact } from '../packages/cfn-compiler/src/lib/__fixtures__/compute-stack';
import { motoEnv } from '../tools/test-services/aws-env';
import { cfnLint } from '../tools/test-services/cfn-lint';
import { createWorkspaceFromTemplate, REPO_ROOT, runNx, TEMPLATE, type NxRun } from './lib/sample-workspace';

const TEN_MINUTES = 600_000;
const RW = 'e2e-read-write-0123456789abcdef';
const RO = 'e2e-read-only-0123456789abcdef';
const LAMBDA_SOURCE = 'api/src/my-lambda.ts';

let wsA: string;
let wsB: string;
/** Storage folders to remove with the workspaces. */
const scratch: string[] = [];

function expectSuccess(run: NxRun): void {
  if (run.status !== 0) throw new Error(`nx failed (exit ${run.status}):\n${run.output.slice(-6000)}`);
}

/** Task id → the note Nx prints after `> nx run <task>` ('' when it ran). */
function taskNotes(output: string): Record<string, string> {
  const notes: Record<string, string> = {};
  for (const m of output.matchAll(/^> nx run (\S+?)(?:\s+\[(.+?)\])?\s*$/gm)) notes[m[1]] = m[2] ?? '';
  return notes;
}

/** Relative path → bytes of every file under dir. */
function filesUnder(dir: string): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = path.join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[path.relative(dir, p)] = readFileSync(p);
    }
  };
  walk(dir);
  return out;
}

/** Forget every local result so the next run asks the remote cache. */
function resetWorkspace(ws: string): void {
  expectSuccess(runNx(ws, ['reset', '--only-cache']));
  rmSync(path.join(ws, 'dist', 'stack'), { recursive: true, force: true });
}

interface CacheServer {
  readonly url: string;
  readonly child: ChildProcess;
  readonly output: () => string;
}

/** Starts `nxstack-cache serve` from the workspace's installed bin; tokens only through the environment. */
async function startServer(ws: string, storage: string, env: Record<string, string>): Promise<CacheServer> {
  const bin = path.join(ws, 'node_modules', '.bin', 'nxstack-cache');
  const child = spawn(bin, ['serve', '--port', '0', '--host', '127.0.0.1', '--storage', storage, '--max-size', '256mb'], {
    env: { ...process.env, ...env, NXSTACK_CACHE_READ_WRITE_TOKEN: RW, NXSTACK_CACHE_READ_TOKEN: RO },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`nxstack-cache did not start:\n${output}`)), 30_000);
    child.stdout!.on('data', () => {
      const m = /listening url=(\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`nxstack-cache exited with ${code}:\n${output}`)));
  });
  return { url, child, output: () => output };
}

async function stopServer(server: CacheServer | undefined): Promise<number | null> {
  if (!server || server.child.exitCode !== null) return server?.child.exitCode ?? null;
  // 'close', not 'exit': what it printed last ("stopped") may still be in the pipe when it has exited.
  const exited = new Promise<number | null>((resolve) => server.child.once('close', (code) => resolve(code)));
  server.child.kill('SIGTERM');
  return exited;
}

interface StorageCase {
  readonly name: string;
  setup(): Promise<{ spec: string; env: Record<string, string>; count(): Promise<number> }>;
}

const storages: StorageCase[] = [
  {
    name: 'dir',
    async setup() {
      const dir = mkdtempSync(path.join(tmpdir(), 'nxs-cache-store-'));
      scratch.push(dir);
      return { spec: `dir:${dir}`, env: {}, count: async () => readdirSync(dir).filter((n) => !n.startsWith('.')).length };
    },
  },
  {
    name: 's3 (moto)',
    async setup() {
      const env = motoEnv();
      const s3 = new S3Client({ region: env.AWS_REGION, endpoint: env.AWS_ENDPOINT_URL, forcePathStyle: true, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
      const bucket = `nx-remote-cache-${Date.now()}`;
      await s3.send(new CreateBucketCommand({ Bucket: bucket }));
      return {
        spec: `s3://${bucket}/ci`,
        env,
        count: async () => (await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'ci/' }))).KeyCount ?? 0,
      };
    },
  },
];

describe('e2e: nxstack-cache as the Nx self-hosted remote cache', () => {
  beforeAll(() => {
    wsA = createWorkspaceFromTemplate(TEMPLATE, 'nxs-e2e-cache-a-');
    // The second "CI machine": the same checkout and install at another path, no shared local cache.
    wsB = mkdtempSync(path.join(tmpdir(), 'nxs-e2e-cache-b-'));
    cpSync(wsA, wsB, { recursive: true, verbatimSymlinks: true });
  }, TEN_MINUTES);

  afterAll(() => {
    if (process.env['NXSTACK_KEEP_E2E']) return;
    for (const dir of [wsA, wsB, ...scratch]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  describe.each(storages)('on $name storage', (storage) => {
    let server: CacheServer | undefined;
    let store: Awaited<ReturnType<StorageCase['setup']>>;
    const cacheEnv = (token: string) => ({ ...store.env, NX_SELF_HOSTED_REMOTE_CACHE_SERVER: server!.url, NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN: token });

    beforeAll(async () => {
      store = await storage.setup();
      server = await startServer(wsA, store.spec, store.env);
      resetWorkspace(wsA);
      resetWorkspace(wsB);
    }, TEN_MINUTES);

    afterAll(async () => {
      await stopServer(server);
    });

    it('a first machine fills the cache, a second gets every package task as a remote hit with identical zips', async () => {
      const fill = runNx(wsA, ['run', 'api:package'], cacheEnv(RW));
      expectSuccess(fill);
      const filled = taskNotes(fill.output);
      const packageTasks = Object.keys(filled).filter((t) => /:package(--|$)/.test(t));
      // `api:package` bundles the JS/TS functions (myLambda) in one task; custom artifacts have their own.
      expect(packageTasks, fill.output).toEqual(expect.arrayContaining(['api:package', 'api:package--legacy']));
      for (const t of packageTasks) expect(filled[t], `${t} in:\n${fill.output}`).toBe('');
      const entries = await store.count();
      expect(entries).toBeGreaterThanOrEqual(packageTasks.length);

      const hit = runNx(wsB, ['run', 'api:package'], cacheEnv(RW));
      expectSuccess(hit);
      const notes = taskNotes(hit.output);
      for (const t of packageTasks) expect(notes[t], `${t} in:\n${hit.output}`).toBe('remote cache');
      expect(await store.count()).toBe(entries);

      const a = filesUnder(path.join(wsA, 'dist', 'stack', 'api'));
      const b = filesUnder(path.join(wsB, 'dist', 'stack', 'api'));
      expect(Object.keys(a).filter((f) => f.endsWith('.zip')).length).toBeGreaterThanOrEqual(2);
      expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort());
      for (const f of Object.keys(a)) expect(b[f].equals(a[f]), `${f} differs`).toBe(true);
    }, TEN_MINUTES);

    it('a pull-request run with the read-only token succeeds, reads hits and stores nothing', async () => {
      const original = readFileSync(path.join(wsB, LAMBDA_SOURCE), 'utf8');
      const before = await store.count();
      resetWorkspace(wsB);
      try {
        // A changed source makes new hashes the run would store if it could.
        writeFileSync(path.join(wsB, LAMBDA_SOURCE), `${original}\nexport const pullRequest = ${Date.now()};\n`);
        const pr = runNx(wsB, ['run', 'api:package'], cacheEnv(RO));
        expectSuccess(pr);
        const notes = taskNotes(pr.output);
        expect(notes['api:package'], pr.output).toBe('');
        expect(notes['api:package--legacy'], pr.output).toBe('remote cache');
        expect(existsSync(path.join(wsB, 'dist', 'stack', 'api', 'myLambda', 'manifest.json'))).toBe(true);
        expect(await store.count()).toBe(before);
        // runNx blocks the event loop, so the server's log lines are read after it returns.
        await expect.poll(() => server!.output(), { timeout: 5000 }).toMatch(/^PUT \/v1\/cache\/\S+ 403 .*read$/m);
      } finally {
        writeFileSync(path.join(wsB, LAMBDA_SOURCE), original);
      }
    }, TEN_MINUTES);

    it('fails the run on a wrong token (Nx 24 treats a 401 as an error) and never prints tokens', () => {
      resetWorkspace(wsB);
      const run = runNx(wsB, ['run', 'api:package'], cacheEnv('not-a-configured-token-0123456789'));
      expect(run.status).not.toBe(0);
      expect(run.output).toMatch(/401|Unauthorized|bearer token/i);
      expect(server!.output()).not.toContain(RW);
      expect(server!.output()).not.toContain(RO);
    }, TEN_MINUTES);

    it('stops cleanly on SIGTERM', async () => {
      const code = await stopServer(server);
      expect(code).toBe(0);
      expect(server!.output()).toMatch(/SIGTERM, finishing in-flight requests[\s\S]*stopped/);
      server = undefined;
    });
  });

  it('the packed bin refuses to start an open cache or a bad storage, with NxstackError codes', () => {
    const bin = path.join(wsA, 'node_modules', '.bin', 'nxstack-cache');
    const env = { ...process.env };
    delete env['NXSTACK_CACHE_READ_WRITE_TOKEN'];
    delete env['NXSTACK_CACHE_READ_TOKEN'];
    const noToken = spawnSync(bin, ['serve', '--port', '0', '--storage', 'dir:cache'], { cwd: wsA, env, encoding: 'utf8' });
    expect(noToken.status).toBe(1);
    expect(noToken.stderr).toMatch(/^NXS_CACHE_TOKEN_MISSING /);
    const badStorage = spawnSync(bin, ['serve', '--port', '0', '--storage', 'gs://bucket/x'], { cwd: wsA, env: { ...env, NXSTACK_CACHE_READ_WRITE_TOKEN: RW }, encoding: 'utf8' });
    expect(badStorage.status).toBe(1);
    expect(badStorage.stderr).toMatch(/^NXS_CACHE_STORAGE_INVALID /);
    expect(`${badStorage.stdout}${badStorage.stderr}`).not.toContain(RW);
  });

  describe('the shipped stack.yml (web-service + bucket)', () => {
    it('is in the tarball with its Dockerfile, and the plugin infers a deploy target from it', () => {
      const shipped = path.join(wsA, 'node_modules', '@nxstack', 'remote-cache');
      const project = path.join(wsA, 'remote-cache');
      mkdirSync(project);
      for (const f of ['stack.yml', 'Dockerfile']) cpSync(path.join(shipped, f), path.join(project, f));
      writeFileSync(path.join(project, 'project.json'), JSON.stringify({ name: 'remote-cache', projectType: 'application' }));
      const run = runNx(wsA, ['show', 'project', 'remote-cache', '--json']);
      expectSuccess(run);
      const targets = (JSON.parse(run.output.slice(run.output.indexOf('{'))) as { targets: Record<string, { executor: string }> }).targets;
      expect(Object.keys(targets)).toEqual(expect.arrayContaining(['deploy', 'package--server']));
      expect(targets['package--server'].executor).toMatch(/^@nxstack\/image-builder:/);
    }, TEN_MINUTES);

    it('compiles to an ALB web-service with the bucket, token secrets and a /health check; cfn-lint finds no errors', async () => {
      const file = path.join(REPO_ROOT, 'packages', 'remote-cache', 'stack.yml');
      const stack = parseStack(readFileSync(file, 'utf8'), file, { workspaceRoot: REPO_ROOT });
      const { template } = compileStack({ stack, projectName: 'remote-cache', stage: 'ci', region: 'eu-west-1', artifacts: { server: imageArtifact('server') } });
      expect(await cfnLint(template)).toBe('');
      expect(template.Outputs?.['ServerUrl'], 'the URL the README points to').toBeDefined();
      const byType = (type: string) => Object.values(template.Resources).filter((r) => r.Type === type) as Array<{ Properties: Record<string, any> }>;
      expect(byType('AWS::S3::Bucket')).toHaveLength(1);
      expect(byType('AWS::ElasticLoadBalancingV2::TargetGroup')[0].Properties).toMatchObject({ HealthCheckPath: '/health', Port: 3000 });
      const container = byType('AWS::ECS::TaskDefinition')[0].Properties.ContainerDefinitions[0];
      expect(container.Secrets.map((x: { Name: string }) => x.Name).sort()).toEqual(['NXSTACK_CACHE_READ_TOKEN', 'NXSTACK_CACHE_READ_WRITE_TOKEN']);
      expect(JSON.stringify(container.Environment.find((e: { Name: string }) => e.Name === 'NXSTACK_CACHE_STORAGE').Value)).toMatch(/s3:\/\/.*remote-cache-ci-cachebucket-\$\{AWS::AccountId\}.*\/nx/); // the bucket's name, known before deploy
    });
  });
});
