import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { readTar, writeZip } from '@nxstack/core';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { motoEnv } from '../../../../../tools/test-services/aws-env';
import { pushBusyboxBase, registryHost } from '../../__fixtures__/busybox-base';
import { buildImage } from '../build-image';
import { layerTar } from '../oci/layer';
import { readLayout } from '../oci/layout';
import { pushImage } from '../push';
import { parseReference } from '../registry/reference';
import { pullImage } from '../registry/remote';
import { RegistryClient } from '../registry/registry-client';

// Distinctive credentials: if any of them leaks into a layer or the config, the scan finds it.
const ACCESS_KEY = 'AKIANXSLAYERLEAK0001';
const SECRET_KEY = 'nxsSecretThatMustNotLeak/abc123XYZ';
const SESSION_TOKEN = 'nxsSessionTokenMustNotLeak987';

let baseRef: string;

beforeAll(async () => {
  baseRef = await pushBusyboxBase('base/lambda-like', '1');
});

describe('Lambda container image with layers and extensions', () => {
  it('merges local + S3 layers into /opt, extensions executable, env for wrappers/agents, no credential in any layer or config', async () => {
    const env = { ...motoEnv(), AWS_ACCESS_KEY_ID: ACCESS_KEY, AWS_SECRET_ACCESS_KEY: SECRET_KEY, AWS_SESSION_TOKEN: SESSION_TOKEN };
    for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
    const root = mkdtempSync(join(tmpdir(), 'ib-lambda-'));
    const code = join(root, 'fn', 'code');
    mkdirSync(code, { recursive: true });
    writeFileSync(join(code, 'index.js'), 'exports.handler = async () => "ok";\n');
    const layerDir = join(root, 'fn', 'layer-a');
    mkdirSync(join(layerDir, 'extensions'), { recursive: true });
    mkdirSync(join(layerDir, 'nodejs'), { recursive: true });
    writeFileSync(join(layerDir, 'extensions', 'telemetry'), '#!/bin/sh\necho ext\n', { mode: 0o644 });
    writeFileSync(join(layerDir, 'nodejs', 'shared.js'), 'module.exports = 1;\n');
    writeFileSync(join(layerDir, 'wrapper.sh'), '#!/bin/sh\nexec "$@"\n', { mode: 0o755 });
    await writeZip([{ path: 'java/agent.jar', content: 'agent' }], join(root, 'fn', 'layer-b.zip'));
    const s3Zip = join(root, 's3-layer.zip');
    await writeZip([{ path: 'python/lib/from_s3.py', content: 'X = 1\n' }, { path: 'extensions/s3-ext', content: '#!/bin/sh\n' }], s3Zip);
    const s3 = new S3Client({ region: 'us-east-1', forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: 'layer-bucket' }));
    const { readFileSync } = await import('node:fs');
    await s3.send(new PutObjectCommand({ Bucket: 'layer-bucket', Key: 'layers/s3-layer.zip', Body: readFileSync(s3Zip) }));

    const result = await buildImage({
      workspaceRoot: root,
      projectRoot: 'fn',
      resource: 'api',
      packaging: { type: 'stacktape-image-buildpack', properties: { entryfilePath: 'src/index.ts' } },
      lambda: true,
      architecture: 'x86_64',
      runtime: 'nodejs20.x',
      handler: 'index.handler',
      environment: { AWS_LAMBDA_EXEC_WRAPPER: '/opt/wrapper.sh', NODE_OPTIONS: '--enable-source-maps', JAVA_TOOL_OPTIONS: '-javaagent:/opt/java/agent.jar' },
      layers: ['layer-a', 'layer-b.zip', 's3://layer-bucket/layers/s3-layer.zip'],
      outputDir: join(root, 'dist'),
      artifactPath: 'fn/code',
      baseImage: baseRef,
      stage: 'dev',
      region: 'us-east-1',
    });
    vi.unstubAllEnvs();

    const built = await readLayout(join(root, 'dist', 'image'));
    const client = new RegistryClient({ registry: registryHost() });
    await pushImage(built, { client, repository: 'fn/api', tags: ['latest'] });
    const pushed = await pullImage(client, parseReference(`${registryHost()}/fn/api@${result.manifest.digest}`));
    expect(pushed.digest).toBe(result.manifest.digest);
    expect(pushed.manifest.mediaType).toBe('application/vnd.oci.image.manifest.v1+json');

    const cfg = pushed.config.config!;
    expect(cfg.Cmd).toEqual(['index.handler']);
    expect(cfg.WorkingDir).toBe('/var/task');
    expect(cfg.Env).toEqual(expect.arrayContaining(['AWS_LAMBDA_EXEC_WRAPPER=/opt/wrapper.sh', 'NODE_OPTIONS=--enable-source-maps', 'JAVA_TOOL_OPTIONS=-javaagent:/opt/java/agent.jar']));

    const optLayer = readTar(await layerTar(pushed.layers[1]!));
    const byPath = new Map(optLayer.map((e) => [e.path, e]));
    expect(byPath.get('opt/extensions/telemetry')?.mode).toBe(0o755);
    expect(byPath.get('opt/extensions/s3-ext')?.mode).toBe(0o755);
    expect(byPath.get('opt/wrapper.sh')?.mode).toBe(0o755);
    expect(byPath.get('opt/nodejs/shared.js')?.mode).toBe(0o644);
    expect(byPath.has('opt/java/agent.jar')).toBe(true);
    expect(byPath.has('opt/python/lib/from_s3.py')).toBe(true);
    const codeLayer = readTar(await layerTar(pushed.layers[pushed.layers.length - 1]!));
    expect(codeLayer.map((e) => e.path)).toContain('var/task/index.js');

    for (const secret of [ACCESS_KEY, SECRET_KEY, SESSION_TOKEN]) {
      expect(pushed.rawConfig.includes(secret)).toBe(false);
      expect(pushed.rawManifest.includes(secret)).toBe(false);
      for (const layer of pushed.layers) {
        expect((await layer.read()).includes(secret)).toBe(false);
        expect((await layerTar(layer)).includes(secret)).toBe(false);
      }
    }
  });
});
