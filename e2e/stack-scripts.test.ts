/**
 * stack.yml's top-level `scripts` and `hooks` (Stacktape's local-script and lifecycle hooks)
 * through the real nx CLI on a packed install, on the local stage: beforeDeploy runs before the
 * package task (the function imports what the build hook generates), afterDeploy after the
 * deploy with the connectTo STP_* values, beforeDelete/afterDelete around destroy, `script--*`
 * on demand, and what is not supported is refused together with the schema errors in one round.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { motoEnv } from '../tools/test-services/aws-env';
import { REPO_ROOT, runNx, startContinuousNx, stopNx, taskResults, type NxRun } from './lib/sample-workspace';
import { projectTargets, suiteWorkspace } from './lib/suite';

const TEN_MINUTES = 600_000;

function ok(run: NxRun): string {
  if (run.status !== 0) throw new Error(`nx failed (exit ${run.status}):\n${run.output.slice(-6000)}`);
  return run.output;
}

/** A continuous nx task started and awaited until its output shows `ready` (its output so far is `output()`). */
async function startUntil(ws: string, args: string[], ready: string, timeoutMs: number) {
  const proc = startContinuousNx(ws, args);
  let text = '';
  proc.stdout.on('data', (d: Buffer) => (text += d.toString()));
  proc.stderr.on('data', (d: Buffer) => (text += d.toString()));
  const started = Date.now();
  while (!text.includes(ready)) {
    if (Date.now() - started > timeoutMs || proc.exitCode !== null) {
      await stopNx(proc);
      throw new Error(`nx ${args.join(' ')} did not start:\n${text.slice(-4000)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { proc, output: () => text };
}

describe('stack.yml scripts and hooks', () => {
  const ws = suiteWorkspace(path.join(REPO_ROOT, 'e2e', 'stack-scripts-workspace'), 'nxs-e2e-stack-scripts-');
  const hooksLog = () => path.join(ws(), 'api', 'hooks.log');
  const logLines = () => readFileSync(hooksLog(), 'utf8').trim().split('\n');
  // skipOnLocal hooks run in CI only: the test decides, not the machine it runs on.
  const notCi = { CI: 'false', GITHUB_ACTIONS: '' };

  it('infers script--<name> per script and before-deploy ahead of every package task', () => {
    const targets = projectTargets(ws(), 'api');
    expect(targets['script--migrate'].executor).toBe('@nxstack/deployer:script');
    expect(targets['before-deploy'].executor).toBe('@nxstack/deployer:hooks');
    for (const t of ['package--hello', 'package', 'deploy']) expect(targets[t].dependsOn?.[0], t).toBe('before-deploy');
  });

  it('deploys locally with the hooks in order, and destroy runs the delete hooks around the delete', () => {
    const deploy = ok(runNx(ws(), ['run', 'api:deploy'], notCi));
    // The build hook ran first (it generated the module the function imports), the after hooks last.
    expect(deploy.indexOf('beforeDeploy hook build: running')).toBeLessThan(deploy.indexOf('nx run api:package--hello'));
    expect(deploy.indexOf('stack api-local:')).toBeLessThan(deploy.indexOf('afterDeploy hook migrate: running'));
    expect(deploy).toContain('afterDeploy hook farewell: not run (skipOnLocal: it runs in CI only)');
    const arn = 'arn:aws:lambda:local:000000000000:function:api-local-hello';
    // cwd is the folder of stack.yml; $Format resolved for the stage; the TypeScript script ran through node.
    expect(logLines()).toEqual(['build api', `migrate ${arn} hi-local`, 'migrate step 2', 'seed seeded']);

    // On demand, with the deployed stage's values.
    ok(runNx(ws(), ['run', 'api:script--cleanup']));
    expect(logLines().at(-1)).toBe(`cleanup ${arn}`);
    rmSync(hooksLog());

    const destroy = ok(runNx(ws(), ['run', 'api:destroy']));
    expect(destroy.indexOf('beforeDelete hook cleanup: running')).toBeLessThan(destroy.indexOf('deleting stack api-local'));
    expect(destroy.indexOf('stack api-local deleted')).toBeLessThan(destroy.indexOf('afterDelete hook farewell: running'));
    expect(logLines()).toEqual([`cleanup ${arn}`, 'farewell']);
  }, TEN_MINUTES);

  it('a failing script fails its task with its output and where it is written', () => {
    const run = runNx(ws(), ['run', 'api:script--fails']);
    expect(run.status).not.toBe(0);
    expect(run.output).toMatch(/NXS_SCRIPT_FAILED api\/stack\.yml:\d+:\d+ script 'fails' failed: `echo .*` exited with code 3/);
    // pipeStdio: false shows the output only on failure; cwd: scripts is relative to stack.yml.
    expect(run.output).toContain('checking in scripts');
    expect(existsSync(path.join(ws(), 'api', 'scripts', 'hooks.log'))).toBe(false);
  });

  it('reports what is not supported and the schema and value errors in one validate run', () => {
    const run = runNx(ws(), ['run', 'legacy:validate']);
    expect(run.status).not.toBe(0);
    const codes = [...run.output.matchAll(/^(NXS_[A-Z_]+) legacy\/stack\.yml:\d+:\d+/gm)].map((m) => m[1]);
    expect(codes).toEqual(['NXS_PROVIDER_UNSUPPORTED', 'NXS_SCRIPT_UNSUPPORTED', 'NXS_HOOK_UNSUPPORTED', 'NXS_SCRIPT_UNKNOWN', 'NXS_UNKNOWN_PROPERTY', 'NXS_SCALING_INVALID']);
    expect(run.output).toContain("script 'vacuum' is a bastion-script, which is not supported yet");
  });

  // hosting-bucket (a Vite-like SPA): its `build` (build--web, cached, argv as Stacktape splits it) writes dist/, package--web
  // copies it, deploy uploads to the local stage's bucket in the local AWS server (moto) and writes the local injectEnvironment
  // values to .env.local (writeDotenvFilesTo), serve serves it on the port its url names and sends /api/* (routeRewrites) to the
  // http-api-gateway; dev--web runs the dev command through a shell with .env.local. The edge-lambda-function is packaged like a function, cached.
  it('hosting-bucket: the built folder lands in the local bucket with its content types, one changed file re-uploads only it, dotenv and dev get the local values, serve answers for the SPA', async () => {
    const targets = projectTargets(ws(), 'site');
    expect(targets['package--web'].executor).toBe('@nxstack/core:hosting-files');
    expect(targets['package--web'].dependsOn).toEqual(['build--web']);
    expect(targets['build--web'].executor).toBe('@nxstack/core:hosting-build');
    expect(targets['dev--web']).toMatchObject({ executor: '@nxstack/deployer:hosting-dev', continuous: true });
    expect(targets['publish--web']).toBeUndefined();
    expect(targets['package--stamp'].executor).toBe('@nxstack/packager-node:package');
    // A .env.local of the user's: deploy merges the deployed values into it.
    const dotenv = path.join(ws(), 'site', '.env.local');
    writeFileSync(dotenv, 'KEEP=mine\n');

    const first = ok(runNx(ws(), ['run', 'site:deploy']));
    expect(first).toContain('built dist');
    expect(first.indexOf('nx run site:build--web')).toBeLessThan(first.indexOf('nx run site:package--web'));
    expect(first).toContain('web: 4 uploaded, 0 deleted, 0 unchanged');
    const state = JSON.parse(readFileSync(path.join(ws(), '.nxstack', 'local', 'site', 'state.json'), 'utf8')) as { outputs: Record<string, string> };
    const { WebName: bucket, WebUrl: url, ApiUrl: apiUrl } = state.outputs;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const server = JSON.parse(readFileSync(path.join(ws(), '.nxstack', 'local', '.local-aws', 'server.json'), 'utf8')) as { port: number };
    const s3 = new S3Client({ endpoint: `http://127.0.0.1:${server.port}`, region: 'local', forcePathStyle: true, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
    expect((listed.Contents ?? []).map((o) => o.Key).sort()).toEqual(['404.html', 'index.html', 'static/app.js', 'styles.css']);
    const head = async (Key: string) => {
      const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key }));
      return { type: got.ContentType, cache: got.CacheControl, body: await got.Body!.transformToString() };
    };
    const index = await head('index.html');
    expect(index).toMatchObject({ type: 'text/html', cache: 'public, max-age=0, s-maxage=31536000, must-revalidate' });
    // injectEnvironment resolved to the local stage's value: the http-api-gateway's local URL.
    expect(index.body).toContain(`<head>\n\t<script>window.STP_INJECTED_ENV = {"API_URL":"${apiUrl}"}</script>`);
    expect(await head('static/app.js')).toMatchObject({ type: 'text/javascript', cache: 'public, max-age=31536000, immutable' });
    expect((await head('styles.css')).type).toBe('text/css');
    // writeDotenvFilesTo: .env.<stage> beside stack.yml holds the local value, merged into what the file held.
    expect(readFileSync(dotenv, 'utf8')).toBe(`KEEP=mine\nAPI_URL=${apiUrl}\n`);
    expect(first).toContain('web: wrote API_URL to site/.env.local');

    // The git-ignored .env.local the build may read changed: the build runs again, writes the same files, and the
    // package comes from the cache; nothing is uploaded. Then nothing changed: the build comes from the cache too.
    const again = ok(runNx(ws(), ['run', 'site:deploy']));
    expect(taskResults(again)['site:build--web']).toBe('run');
    expect(taskResults(again)['site:package--web']).toBe('cache');
    expect(taskResults(again)['site:package--stamp']).toBe('cache');
    expect(again).toContain('web: 0 uploaded, 0 deleted, 4 unchanged');
    expect(taskResults(ok(runNx(ws(), ['run', 'site:package--web'])))['site:build--web']).toBe('cache');

    // One file changed, one removed: only that file is uploaded and the removed one deleted.
    writeFileSync(path.join(ws(), 'site', 'src', 'static', 'app.js'), 'console.log("v2");\n');
    rmSync(path.join(ws(), 'site', 'src', 'styles.css'));
    const changed = ok(runNx(ws(), ['run', 'site:deploy']));
    expect(taskResults(changed)['site:build--web']).toBe('run');
    expect(taskResults(changed)['site:package--web']).toBe('run');
    expect(changed).toContain('web: uploaded static/app.js');
    expect(changed).toContain('web: deleted styles.css');
    expect(changed).toContain('web: 1 uploaded, 1 deleted, 2 unchanged');
    expect((await head('static/app.js')).body).toBe('console.log("v2");\n');

    const serve = await startUntil(ws(), ['run', 'site:serve'], 'ready: press Ctrl+C', 120_000);
    try {
      const output = serve.output();
      expect(output).toContain(`serving hosting-bucket 'web' at ${url}`);
      const root = await fetch(`${url}/`);
      expect([root.status, root.headers.get('content-type')]).toEqual([200, 'text/html']);
      expect(await root.text()).toContain('STP_INJECTED_ENV');
      // A client-side route gets index.html; a missing file gets the error document with 404.
      const route = await fetch(`${url}/users/7`);
      expect([route.status, (await route.text()).includes('<div id="app">')]).toEqual([200, true]);
      const js = await fetch(`${url}/static/app.js`);
      expect([js.status, js.headers.get('cache-control'), await js.text()]).toEqual([200, 'public, max-age=31536000, immutable', 'console.log("v2");\n']);
      const missing = await fetch(`${url}/static/nope.js`);
      expect([missing.status, await missing.text()]).toEqual([404, '<h1>not found</h1>\n']);
      // routeRewrites: /api/* is the http-api-gateway's (its function answers); its 404 becomes the site's error page, as on CloudFront.
      const api = await fetch(`${url}/api/hello`);
      expect([api.status, await api.text()]).toEqual([200, 'hello from the api']);
      const noRoute = await fetch(`${url}/api/nope`);
      expect([noRoute.status, await noRoute.text()]).toEqual([404, '<h1>not found</h1>\n']);
      expect(serve.output()).toContain("web: GET /api/hello (routeRewrites[0] /api/*) → 200");
    } finally {
      await stopNx(serve.proc);
    }
    // dev--web: .env.local replaced by the local values (as Stacktape's dev writes it), the command run through a shell.
    const dev = await startUntil(ws(), ['run', 'site:dev--web'], 'dev server ready', 60_000);
    try {
      expect(dev.output()).toContain('dev shell sees HOST=127.0.0.1');
      expect(dev.output()).toContain(`dev server ready with API_URL=${apiUrl}`);
    } finally {
      await stopNx(dev.proc);
    }
    const destroy = ok(runNx(ws(), ['run', 'site:destroy']));
    expect(destroy).toMatch(/emptied hosting bucket \S+ \(3 object\(s\)\)/);
  }, TEN_MINUTES);

  // edge-lambda-function logging on an AWS stage (moto): Lambda@Edge logs in the region that ran it, so deploy gives
  // /aws/lambda/us-east-1.<function> its retention in every region with a regional edge cache.
  it('edge-lambda-function logging: deploy to moto sets the retention of its log group in each edge region', async () => {
    const env = motoEnv('us-east-1');
    const run = ok(runNx(ws(), ['run', 'edgelogs:deploy', '--stage', 'hosting-e2e', '--region', 'us-east-1'], env));
    const group = '/aws/lambda/us-east-1.edgelogs-hosting-e2e-stamp';
    expect(run).toContain(`stamp: log group ${group} kept 30 days in the 13 regions Lambda@Edge logs in`);
    for (const region of ['us-east-1', 'eu-west-1', 'sa-east-1']) {
      const logs = new CloudWatchLogsClient({ region, endpoint: env.AWS_ENDPOINT_URL, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
      const found = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: group }));
      expect((found.logGroups ?? []).map((g) => [g.logGroupName, g.retentionInDays]), region).toEqual([[group, 30]]);
    }
    // The local stage runs no Lambda@Edge replicas: the setting is named as not applying there.
    expect(ok(runNx(ws(), ['run', 'edgelogs:deploy']))).toContain('stamp: logging applies on AWS stages (its log groups in each edge region); the local stage runs no Lambda@Edge replicas');
  }, TEN_MINUTES);
});
