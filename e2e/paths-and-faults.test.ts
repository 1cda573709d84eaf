/**
 * Security and faults through the real nx CLI on a packed install:
 * - stack.yml paths that lead out of the workspace (`..`, a symlink, a Dockerfile) fail the
 *   package step with NXS_PATH_OUTSIDE_WORKSPACE at their stack.yml line, and nothing reaches the
 *   artifact store;
 * - `nx run api:deploy` to moto through a fault-injecting proxy (connection reset, 500, an answer
 *   slower than the upload stall timeout) succeeds, every fault was really hit, and the stored
 *   objects are byte-identical to the packaged artifacts with no unfinished multipart upload left.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { GetObjectCommand, ListMultipartUploadsCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { motoEnv } from '../tools/test-services/aws-env';
import { startFaultProxy, type FaultProxy } from '../tools/test-services/fault-proxy';
import { createSampleWorkspace, runNx, runNxAsync, type NxRun } from './lib/sample-workspace';

const TEN_MINUTES = 600_000;
let ws: string;
let outside: string;
let proxy: FaultProxy | undefined;

function expectSuccess(run: NxRun): void {
  if (run.status !== 0) throw new Error(`nx failed (exit ${run.status}):\n${run.output.slice(-6000)}`);
}

/** Line of the first occurrence of `text` in stack.yml and the column just after `key: `. */
function locationOf(stackText: string, key: string, value: string): string {
  const lines = stackText.split('\n');
  const line = lines.findIndex((l) => l.trim() === `${key}: ${value}`);
  expect(line, `${key}: ${value} in stack.yml`).toBeGreaterThanOrEqual(0);
  return `api/stack.yml:${line + 1}:${lines[line]!.indexOf(value) + 1}`;
}

const fn = (name: string, packaging: string) => `  ${name}:\n    type: function\n    properties:\n      packaging:\n${packaging}      runtime: nodejs22.x\n`;

describe('e2e: stack.yml paths stay inside the workspace; uploads survive faults', () => {
  beforeAll(() => {
    ws = createSampleWorkspace();
    outside = mkdtempSync(path.join(tmpdir(), 'nxs-outside-'));
    writeFileSync(path.join(outside, 'secret.ts'), 'export const handler = async () => "machine secret";\n');
    writeFileSync(path.join(outside, 'id_rsa'), 'machine secret\n');
  }, TEN_MINUTES);

  afterAll(async () => {
    await proxy?.close();
    if (outside) rmSync(outside, { recursive: true, force: true });
    if (ws && !process.env['NXSTACK_KEEP_E2E']) rmSync(ws, { recursive: true, force: true });
  });

  it('deploys to moto through resets, 500s and a slow answer: every fault hit, objects intact, nothing partial left', async () => {
    const moto = motoEnv('us-east-1');
    const artifactPut = /^\/nxstack-[^/]+-faults\/api\/(myLambda|legacy)\/[0-9a-f]{64}\.zip(\?|$)/;
    proxy = await startFaultProxy(moto.AWS_ENDPOINT_URL, [
      { method: 'PUT', path: artifactPut, fault: { kind: 'reset' } },
      { method: 'PUT', path: artifactPut, fault: { kind: 'status500' } },
      { method: 'PUT', path: artifactPut, fault: { kind: 'delay', ms: 6000 } },
    ]);
    const env = { ...moto, AWS_ENDPOINT_URL_S3: proxy.url, NXSTACK_UPLOAD_IDLE_TIMEOUT_MS: '2000' };
    // Async: the proxy serves from this process while nx runs.
    const run = await runNxAsync(ws, ['run', 'api:deploy', '--stage', 'faults', '--region', 'us-east-1'], env);
    expectSuccess(run);
    expect(proxy.injected).toEqual({ reset: 1, status500: 1, delay: 1 });
    expect(run.output).toMatch(/attempt 1 of 5 failed \(.+\); retrying in \d+ ms/);
    expect(run.output).toMatch(/failed \(TimeoutError: .*timed out after 2000 ms of inactivity.*\); retrying/);

    const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };
    const cfn = new CloudFormationClient({ region: 'us-east-1', endpoint: moto.AWS_ENDPOINT_URL, credentials });
    expect((await cfn.send(new DescribeStacksCommand({ StackName: 'api-faults' }))).Stacks?.[0]?.StackStatus).toMatch(/_COMPLETE$/);
    const s3 = new S3Client({ region: 'us-east-1', endpoint: moto.AWS_ENDPOINT_URL, forcePathStyle: true, credentials });
    const bucket = /^\/([^/]+)\//.exec(proxy.requests.find((r) => artifactPut.test(r.path))!.path)![1]!;
    for (const resource of ['myLambda', 'legacy']) {
      const manifest = JSON.parse(readFileSync(path.join(ws, 'dist/stack/api', resource, 'manifest.json'), 'utf8')) as { sha256: string; size: number };
      const obj = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: `api/${resource}/${manifest.sha256}.zip` }));
      const body = Buffer.from(await obj.Body!.transformToByteArray());
      expect([body.length, createHash('sha256').update(body).digest('hex')]).toEqual([manifest.size, manifest.sha256]);
    }
    expect((await s3.send(new ListMultipartUploadsCommand({ Bucket: bucket }))).Uploads ?? []).toEqual([]);
  }, TEN_MINUTES);

  it('refuses `..`, absolute-through-symlink entry files and an outside Dockerfile at their stack.yml lines; nothing is packaged or stored', () => {
    const stackFile = path.join(ws, 'api/stack.yml');
    const good = readFileSync(stackFile, 'utf8');
    symlinkSync(outside, path.join(ws, 'api/vendor'));
    symlinkSync(outside, path.join(ws, 'api/src/outside'));
    mkdirSync(path.join(ws, 'api/docker'), { recursive: true });
    writeFileSync(path.join(ws, 'api/docker/Dockerfile'), 'FROM scratch\n');
    const escaping =
      good.replace(/\n  uploads:\n    type: bucket\n?/, '\n') +
      fn('leak', '        type: custom-artifact\n        properties:\n          packagePath: ../../../../../../../../etc/ssl\n') +
      fn('linked', '        type: custom-artifact\n        properties:\n          packagePath: vendor\n') +
      fn('sneaky', '        type: stacktape-lambda-buildpack\n        properties:\n          entryfilePath: src/outside/secret.ts\n') +
      '  worker:\n    type: worker-service\n    properties:\n      resources:\n        cpu: 0.25\n        memory: 512\n      packaging:\n        type: custom-dockerfile\n        properties:\n          buildContextPath: docker\n          dockerfilePath: ../../../../../../../../etc/Dockerfile\n' +
      '  uploads:\n    type: bucket\n';
    writeFileSync(stackFile, escaping);
    try {
      // The graph loads without path checks (a custom artifact may be built later); the package tasks refuse.
      expectSuccess(runNx(ws, ['show', 'project', 'api', '--json']));
      const run = runNx(ws, ['run', 'api:deploy']);
      expect(run.status).not.toBe(0);
      expect(run.output).toContain(`NXS_PATH_OUTSIDE_WORKSPACE ${locationOf(escaping, 'packagePath', '../../../../../../../../etc/ssl')} packagePath '../../../../../../../../etc/ssl' resolves outside the workspace`);
      expect(run.output).toContain(`NXS_PATH_OUTSIDE_WORKSPACE ${locationOf(escaping, 'packagePath', 'vendor')} packagePath 'vendor' resolves outside the workspace`);
      expect(run.output).toContain(`NXS_PATH_OUTSIDE_WORKSPACE ${locationOf(escaping, 'entryfilePath', 'src/outside/secret.ts')} entryfilePath 'src/outside/secret.ts' resolves outside the workspace`);
      expect(run.output).toContain(`NXS_PATH_OUTSIDE_WORKSPACE ${locationOf(escaping, 'dockerfilePath', '../../../../../../../../etc/Dockerfile')} dockerfilePath`);
      expect(run.output).toContain('hint: Every path in stack.yml must stay inside the workspace root');
      for (const resource of ['leak', 'linked', 'sneaky', 'worker']) {
        expect(existsSync(path.join(ws, 'dist/stack/api', resource)), `dist/stack/api/${resource}`).toBe(false);
        expect(existsSync(path.join(ws, '.nxstack/local/artifacts/api', resource)), `.nxstack/local/artifacts/api/${resource}`).toBe(false);
      }
    } finally {
      writeFileSync(stackFile, good);
    }
  }, TEN_MINUTES);

  it('refuses a symlink out of the workspace inside a custom artifact folder at package time; nothing is stored', () => {
    const link = path.join(ws, 'api/dist/legacy/keys');
    symlinkSync(outside, link);
    try {
      const run = runNx(ws, ['run', 'api:deploy', '--skip-nx-cache']);
      expect(run.status).not.toBe(0);
      const stackText = readFileSync(path.join(ws, 'api/stack.yml'), 'utf8');
      expect(run.output).toContain(`NXS_PATH_OUTSIDE_WORKSPACE ${locationOf(stackText, 'packagePath', 'dist/legacy')} a file under packagePath ${path.join(link, 'id_rsa')} resolves outside the workspace`);
      expect(run.output).toContain(`leads to ${path.join(outside, 'id_rsa')} through a symlink`);
      expect(existsSync(path.join(ws, '.nxstack/local/artifacts/api/legacy'))).toBe(false);
    } finally {
      rmSync(link);
    }
  }, TEN_MINUTES);
});
