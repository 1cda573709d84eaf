/**
 * Lambda layers as container images through the real nx CLI on a packed install: a `layer-image`
 * resource built from a Dockerfile on the test dockerd (an extension and a Node preload under
 * /opt), and an external layer image pushed to the test registry and pinned by digest, merged into
 * a daemonless (stacktape-image-buildpack) and a Dockerfile function image. The function image's
 * package task depends on the layer image's: a changed extension re-packages exactly the functions
 * using it. A wiring variable naming a file the image lacks fails the package task at its
 * stack.yml line. The function with the preload runs under `invoke` on the local stage.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { createTar } from '@nxstack/core';
import { appendLayers, imageFilesystem, layerFromTar, LAYER_IMAGES_LABEL, pushImage, readLayout, RegistryClient, writeLayout, type Image } from '@nxstack/image-builder';
import { busyboxBaseImage, loadIntoDocker, pushBusyboxBase } from '../packages/image-builder/src/__fixtures__/busybox-base';
import { lambdaNodeBaseImage } from './lib/lambda-node-base';
import { expectFailure, expectSuccess, resultOf } from './lib/nx-run-checks';
import { createWorkspaceFromTemplate, runNx, taskResults } from './lib/sample-workspace';
import { commitAll, projectTargets, removeWorkspaceAfterAll } from './lib/suite';

const TEN_MINUTES = 600_000;
let ws: string;
let env: Record<string, string>;
let sharedLayerImage: string;

/** An external layer image: an extension, and a file a second layer deletes (whiteout). */
async function pushSharedLayerImage(registry: string): Promise<string> {
  const lower = await createTar([
    { path: 'opt/extensions/shared-ext', mode: 0o755, content: '#!/bin/sh\necho shared\n' },
    { path: 'opt/shared/old.txt', content: 'removed by the next layer' },
  ]);
  const upper = await createTar([{ path: 'opt/shared/.wh.old.txt', content: '' }, { path: 'opt/shared/new.txt', content: 'kept' }]);
  const image = appendLayers(await busyboxBaseImage(), [{ layer: layerFromTar(lower), createdBy: 'test: shared extension' }, { layer: layerFromTar(upper), createdBy: 'test: whiteout' }]);
  await pushImage(image, { client: new RegistryClient({ registry }), repository: 'layers/shared', tags: ['1'] });
  return `${registry}/layers/shared:1@${image.digest}`;
}

function fill(file: string, values: Record<string, string>): void {
  const p = path.join(ws, file);
  let text = readFileSync(p, 'utf8');
  for (const [k, v] of Object.entries(values)) text = text.replaceAll(k, v);
  writeFileSync(p, text);
}

const builtImage = (resource: string): Promise<Image> => readLayout(path.join(ws, 'dist/stack/lyr', resource, 'image'));

describe('e2e: layer images merged into function images', () => {
  beforeAll(async () => {
    const registry = inject('registry');
    env = { DOCKER_HOST: inject('dockerHost') };
    await pushBusyboxBase('base/busybox', '1', { docker: true });
    await loadIntoDocker(await busyboxBaseImage({ docker: true }), `${registry}/base/busybox:1`);
    sharedLayerImage = await pushSharedLayerImage(registry);
    ws = createWorkspaceFromTemplate(path.join(__dirname, 'layer-images-workspace'), 'nxs-e2e-lyr-');
    await writeLayout(path.join(ws, 'base-layout'), await lambdaNodeBaseImage());
    fill('lyr/stack.yml', { __LAYER_IMAGE__: sharedLayerImage });
    // fnA runs under invoke (node + the runtime client); the others only build (busybox).
    for (const f of ['lyr/docker-fn/Dockerfile', 'lyr/project.json']) fill(f, { __REGISTRY__: registry });
    writeFileSync(path.join(ws, 'event.json'), '{}');
    commitAll(ws, 'layer images sample');
  }, TEN_MINUTES);

  removeWorkspaceAfterAll(() => ws);

  it('a function image packages after the layer images it names; a layer image is never published', () => {
    const t = projectTargets(ws, 'lyr');
    expect(t['package--fnA']?.dependsOn).toEqual(['package-code--fnA', 'package--telemetry']);
    expect(t['package--fnC']?.dependsOn).toEqual(['package--telemetry']);
    expect(t['package--fnB']?.dependsOn).toEqual(['package-code--fnB']);
    expect(t['package--telemetry']?.executor).toBe('@nxstack/image-builder:build-image');
    expect(t['publish--telemetry']).toBeUndefined();
    expect(JSON.stringify(t['deploy']?.dependsOn)).not.toContain('telemetry');
  }, TEN_MINUTES);

  it("deploys to the local stage with each layer image's /opt (modes kept, whiteouts applied) merged into daemonless and Dockerfile function images, labelled with the digests", async () => {
    const run = runNx(ws, ['run', 'lyr:deploy'], env);
    expectSuccess(run);
    const tasks = taskResults(run.output);
    for (const task of ['package--telemetry', 'package--fnA', 'package--fnB', 'package--fnC', 'publish--fnA', 'deploy']) expect(tasks[`lyr:${task}`], task).toBe('run');
    const template = JSON.parse(readFileSync(path.join(ws, '.nxstack/local/lyr/template.json'), 'utf8')) as { Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }> };
    const lambdas = Object.values(template.Resources).filter((r) => r.Type === 'AWS::Lambda::Function');
    expect(lambdas.map((l) => [l.Properties?.['PackageType'], l.Properties?.['Layers']])).toEqual([['Image', undefined], ['Image', undefined], ['Image', undefined]]);
    const telemetry = await builtImage('telemetry');
    for (const fn of ['fnA', 'fnC']) {
      const image = await builtImage(fn);
      const files = await imageFilesystem(image);
      expect(files.get('opt/extensions/telemetry'), fn).toMatchObject({ type: 'file', mode: 0o755 });
      expect(files.get('opt/telemetry/preload.js'), fn).toMatchObject({ type: 'file', mode: 0o644 });
      expect(image.config.config?.Labels?.[LAYER_IMAGES_LABEL], fn).toContain(`lyr:telemetry@${telemetry.digest}`);
    }
    const fnA = await imageFilesystem(await builtImage('fnA'));
    expect(fnA.get('opt/extensions/shared-ext')).toMatchObject({ type: 'file', mode: 0o755 });
    expect(fnA.has('opt/shared/new.txt')).toBe(true);
    expect(fnA.has('opt/shared/old.txt')).toBe(false);
    expect((await builtImage('fnA')).config.config?.Labels?.[LAYER_IMAGES_LABEL]).toBe(`lyr:telemetry@${telemetry.digest} ${sharedLayerImage}`);
    expect([...(await imageFilesystem(await builtImage('fnB'))).keys()].some((p) => p.startsWith('opt/'))).toBe(false);
  }, TEN_MINUTES);

  it('the function runs under invoke on the local stage with its preload and both extensions in /opt', () => {
    const run = runNx(ws, ['run', 'lyr:invoke', '--resource', 'fnA', '--event', 'event.json'], env);
    expectSuccess(run);
    expect(resultOf(run)).toEqual({ telemetry: 'preloaded', extensions: ['shared-ext', 'telemetry'] });
  }, TEN_MINUTES);

  it('changing the extension re-packages the layer image and exactly the functions that use it', () => {
    writeFileSync(path.join(ws, 'lyr/telemetry/extensions/telemetry'), '#!/bin/sh\necho "telemetry extension v2"\n', { mode: 0o755 });
    const run = runNx(ws, ['run', 'lyr:package'], env);
    expectSuccess(run);
    const tasks = taskResults(run.output);
    expect({ telemetry: tasks['lyr:package--telemetry'], fnA: tasks['lyr:package--fnA'], fnC: tasks['lyr:package--fnC'] }).toEqual({ telemetry: 'run', fnA: 'run', fnC: 'run' });
    expect({ fnB: tasks['lyr:package--fnB'], codeA: tasks['lyr:package-code--fnA'], codeB: tasks['lyr:package-code--fnB'] }).toEqual({ fnB: 'cache', codeA: 'cache', codeB: 'cache' });
  }, TEN_MINUTES);

  it('AWS_LAMBDA_EXEC_WRAPPER naming a file the image lacks fails the package task at its stack.yml line', () => {
    const stack = path.join(ws, 'lyr/stack.yml');
    const text = readFileSync(stack, 'utf8');
    const bad = text.replace('          entryfilePath: src/fn-b.ts\n', '          entryfilePath: src/fn-b.ts\n      environment:\n        - name: AWS_LAMBDA_EXEC_WRAPPER\n          value: /opt/telemetry/wraper.sh\n');
    writeFileSync(stack, bad);
    const line = bad.split('\n').findIndex((l) => l.includes('/opt/telemetry/wraper.sh')) + 1;
    const run = expectFailure(runNx(ws, ['run', 'lyr:package--fnB'], env));
    expect(run.output).toContain(`NXS_EXTENSION_PATH_MISSING lyr/stack.yml:${line}:18 AWS_LAMBDA_EXEC_WRAPPER points at /opt/telemetry/wraper.sh`);
    writeFileSync(stack, text);
  }, TEN_MINUTES);
});
