import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTar } from '@nxstack/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadIntoDocker, pushBusyboxBase, registryHost, runInDocker } from '../../__fixtures__/busybox-base';
import { buildImage } from '../build-image';
import { imageBlobs } from '../oci/image';
import { layerTar } from '../oci/layer';
import { readLayout } from '../oci/layout';
import { pushImage } from '../push';
import { RegistryClient } from '../registry/registry-client';
import type { ImageBuildRequest } from '../image-build-types';

let baseRef: string;

function workspace(code: string): { root: string; request: (outDir: string) => ImageBuildRequest } {
  const root = mkdtempSync(join(tmpdir(), 'ib-daemonless-'));
  const art = join(root, 'app', 'packaged');
  mkdirSync(join(art, 'node_modules', 'greeting'), { recursive: true });
  writeFileSync(join(art, 'node_modules', 'greeting', 'word.txt'), 'hello-from-deps\n');
  writeFileSync(join(art, 'bootstrap'), code, { mode: 0o755 });
  return {
    root,
    request: (outDir) => ({
      workspaceRoot: root,
      projectRoot: 'app',
      resource: 'svc',
      packaging: { type: 'stacktape-image-buildpack', properties: { entryfilePath: 'main.go' } },
      lambda: false,
      architecture: 'x86_64',
      outputDir: join(root, outDir),
      artifactPath: 'app/packaged',
      baseImage: baseRef,
      stage: 'local',
      region: 'us-east-1',
    }),
  };
}

const script = (msg: string) => `#!/bin/sh\necho "${msg} $(cat /app/node_modules/greeting/word.txt)"\n`;

beforeAll(async () => {
  baseRef = await pushBusyboxBase('base/busybox', 'daemonless');
});

describe('daemonless stacktape-image-buildpack', () => {
  it('gives the same digest across two clean builds and writes an OCI layout + manifest.json', async () => {
    const ws = workspace(script('v1'));
    const a = await buildImage(ws.request('out-a'));
    const b = await buildImage(ws.request('out-b'));
    expect(a.manifest.digest).toBe(b.manifest.digest);
    // Base layers were kept in the workspace blob cache, so the second build did not download them.
    const baseLayer = (await readLayout(join(ws.root, 'out-a', 'image'))).layers[0]!.descriptor.digest;
    expect(existsSync(join(ws.root, '.nxstack', 'cache', 'blobs', 'sha256', baseLayer.slice(7)))).toBe(true);
    expect(a.manifest).toMatchObject({ kind: 'image', resource: 'svc', layout: 'image', packager: 'stacktape-image-buildpack', architecture: 'x86_64' });
    const image = await readLayout(join(ws.root, 'out-a', 'image'));
    expect(image.digest).toBe(a.manifest.digest);
    expect(image.layers).toHaveLength(3); // busybox rootfs + dependencies + code
    expect(image.config.config?.Cmd).toEqual(['/app/bootstrap']);
    expect(image.config.config?.WorkingDir).toBe('/app');
    const depsTar = readTar(await layerTar(image.layers[1]!));
    expect(depsTar.map((e) => e.path)).toContain('app/node_modules/greeting/word.txt');
    const codeTar = readTar(await layerTar(image.layers[2]!));
    expect(codeTar.find((e) => e.path === 'app/bootstrap')?.mode).toBe(0o755);
    expect([...depsTar, ...codeTar].every((e) => e.type !== 'hardlink' && e.uid === 0)).toBe(true);
  });

  it('runs under docker run (network none) and prints the expected output', async () => {
    const ws = workspace(script('service says'));
    await buildImage(ws.request('out'));
    const image = await readLayout(join(ws.root, 'out', 'image'));
    await loadIntoDocker(image, 'nxs-test/daemonless:run');
    const run = await runInDocker('nxs-test/daemonless:run');
    expect(run.exitCode).toBe(0);
    expect(run.output.trim()).toBe('service says hello-from-deps');
  });

  it('a code-only change pushes one layer + config + manifest', async () => {
    const client = new RegistryClient({ registry: registryHost() });
    const ws1 = workspace(script('first'));
    const first = await buildImage(ws1.request('out'));
    const img1 = await readLayout(join(ws1.root, 'out', 'image'));
    const push1 = await pushImage(img1, { client, repository: 'apps/incremental', tags: ['latest'] });
    expect(push1.digest).toBe(first.manifest.digest);

    const ws2 = workspace(script('second'));
    await buildImage(ws2.request('out'));
    const img2 = await readLayout(join(ws2.root, 'out', 'image'));
    const push2 = await pushImage(img2, { client, repository: 'apps/incremental', tags: ['latest'] });
    const codeLayer = img2.layers[2]!.descriptor;
    expect(push2.blobsUploaded).toEqual([codeLayer.digest, img2.manifest.config.digest]);
    expect(push2.bytesUploaded).toBe(codeLayer.size + img2.manifest.config.size + img2.rawManifest.length);
    const total = imageBlobs(img2).reduce((n, b) => n + b.descriptor.size, 0);
    expect(push2.bytesUploaded).toBeLessThan(total / 10);
    // The registry serves the new manifest by tag.
    expect((await client.getManifest('apps/incremental', 'latest'))?.digest).toBe(img2.digest);
  });

  it('fails with NXS_BASE_IMAGE_NOT_FOUND for an unknown base', async () => {
    const ws = workspace(script('x'));
    await expect(buildImage({ ...ws.request('out'), baseImage: `${registryHost()}/base/does-not-exist:1` })).rejects.toMatchObject({ code: 'NXS_BASE_IMAGE_NOT_FOUND' });
  });

  it('fails with NXS_IMAGE_ARTIFACT_MISSING when the packaged code is absent', async () => {
    const ws = workspace(script('x'));
    await expect(buildImage({ ...ws.request('out'), artifactPath: 'app/nope' })).rejects.toMatchObject({ code: 'NXS_IMAGE_ARTIFACT_MISSING' });
  });
});
