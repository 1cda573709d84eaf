import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import { describe, expect, it } from 'vitest';
import { pushBusyboxBase, registryHost } from '../__fixtures__/busybox-base';
import { RegistryClient } from '../lib/registry/registry-client';
import buildImageExecutor from './build-image/executor';
import pushImageExecutor from './push-image/executor';

function context(root: string): ExecutorContext {
  return { root, cwd: root, isVerbose: false, projectName: 'shop', projectsConfigurations: { version: 2, projects: { shop: { root: 'apps/shop' } } } } as unknown as ExecutorContext;
}

describe('build-image and push-image executors (inline options)', () => {
  it('build into dist/stack/<root>/<resource>, push with latest + build id tags, and record the local stage copy', async () => {
    const base = await pushBusyboxBase('base/exec', '1');
    const root = mkdtempSync(join(tmpdir(), 'ib-exec-'));
    const code = join(root, 'dist', 'stack', 'apps', 'shop', 'web', 'code');
    mkdirSync(code, { recursive: true });
    writeFileSync(join(code, 'bootstrap'), '#!/bin/sh\necho shop\n', { mode: 0o755 });
    const ctx = context(root);
    const build = await buildImageExecutor(
      { resource: 'web', packaging: { type: 'stacktape-image-buildpack', properties: { entryfilePath: 'main.go' } }, baseImage: base, stage: 'dev' },
      ctx,
    );
    expect(build).toEqual({ success: true });
    const manifest = JSON.parse(readFileSync(join(root, 'dist/stack/apps/shop/web/manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ kind: 'image', layout: 'image', resource: 'web' });
    const info = JSON.parse(readFileSync(join(root, 'dist/stack/apps/shop/web/image.json'), 'utf8'));

    const push = await pushImageExecutor({ resource: 'web', repository: `${registryHost()}/shop/web`, stage: 'dev', region: 'eu-west-1' }, ctx);
    expect(push).toEqual({ success: true });
    const client = new RegistryClient({ registry: registryHost() });
    expect((await client.getManifest('shop/web', 'latest'))?.digest).toBe(manifest.digest);
    expect((await client.getManifest('shop/web', info.buildId))?.digest).toBe(manifest.digest);
    const record = JSON.parse(readFileSync(join(root, '.nxstack/dev/images/eu-west-1/apps/shop/web.json'), 'utf8'));
    expect(record.reference).toBe(`${registryHost()}/shop/web@${manifest.digest}`);

    expect(await pushImageExecutor({ resource: 'web' }, ctx)).toEqual({ success: true });
    expect(existsSync(join(root, '.nxstack/local/images/apps/shop/web/index.json'))).toBe(true);
  });

  it('reports NxstackErrors as a failed run', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ib-exec-'));
    mkdirSync(join(root, 'apps', 'shop', 'ctx'), { recursive: true });
    const res = await buildImageExecutor({ resource: 'api', packaging: { type: 'custom-dockerfile', properties: { buildContextPath: 'ctx' } } }, context(root));
    expect(res).toEqual({ success: false });
    expect(await pushImageExecutor({ resource: 'api' }, context(root))).toEqual({ success: false });
  });
});
