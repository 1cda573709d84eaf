/**
 * `nx run api:invoke --resource imageFn` on an image function through the real nx CLI on a
 * packed install: the packaged image (stacktape-image-buildpack, daemonless) is loaded into the
 * test's private dockerd and runs as a container against the local Runtime API (host network:
 * that dockerd has no bridge). Without an engine, invoke fails with NXS_DOCKER_UNAVAILABLE at the
 * function's packaging in stack.yml.
 *
 * No public base image can be pulled here: the base is this machine's node (host-runtime-base)
 * plus nxstack's own Node runtime client as its entrypoint, as a Lambda base image has one.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { appendLayers, layerFromEntries, writeLayout } from '@nxstack/image-builder';
import { hostNodeBaseImage } from '../packages/image-builder/src/__fixtures__/host-runtime-base';
import { addSampleFunction } from './lib/add-function';
import { expectFailure, expectSuccess, resultOf } from './lib/nx-run-checks';
import { createSampleWorkspace, REPO_ROOT, runNx } from './lib/sample-workspace';
import '../tools/test-services/provided-context';

const TEN_MINUTES = 600_000;
let ws: string;

describe('e2e: image functions run under Docker', () => {
  beforeAll(async () => {
    const ric = readFileSync(path.join(REPO_ROOT, 'packages/local-runtime/clients/node/index.js'));
    const base = appendLayers(await hostNodeBaseImage(), [{ layer: await layerFromEntries([{ path: 'var/runtime/index.js', mode: 0o644, content: ric }]), createdBy: 'test: runtime client' }], {
      entrypoint: ['/usr/bin/node', '/var/runtime/index.js'],
      cmd: null,
    });
    ws = createSampleWorkspace();
    await writeLayout(path.join(ws, 'base-layout'), base);
    addSampleFunction(ws, {
      name: 'imageFn',
      file: 'image-fn.ts',
      packaging: 'stacktape-image-buildpack',
      properties: ['memory: 256'],
      code: [
        'export const handler = async (event: { name: string }) => {',
        '  console.log(`hello ${event.name} from the container`);',
        '  return { greeting: `hi ${event.name}`, taskRoot: process.env.LAMBDA_TASK_ROOT, handler: process.env._HANDLER };',
        '};',
      ],
    });
    // The base image is an executor option (not a stack.yml setting), as in e2e/images.test.ts.
    const project = JSON.parse(readFileSync(path.join(ws, 'api/project.json'), 'utf8')) as { targets?: Record<string, unknown> };
    project.targets = { ...project.targets, 'package--imageFn': { options: { baseImage: 'oci-layout:base-layout' } } };
    writeFileSync(path.join(ws, 'api/project.json'), JSON.stringify(project, null, 2));
    writeFileSync(path.join(ws, 'event.json'), JSON.stringify({ name: 'docker' }));
  }, TEN_MINUTES);

  afterAll(() => {
    if (ws && !process.env['NXSTACK_KEEP_E2E']) rmSync(ws, { recursive: true, force: true });
  });

  it('runs the packaged image as a container against the local Runtime API', () => {
    const run = runNx(ws, ['run', 'api:invoke', '--resource', 'imageFn', '--event', 'event.json'], { DOCKER_HOST: inject('dockerHost') });
    expectSuccess(run);
    expect(resultOf(run)).toEqual({ greeting: 'hi docker', taskRoot: '/var/task', handler: expect.stringMatching(/handler$/) });
    expect(run.output).toContain('hello docker from the container');
    expect(run.output).toMatch(/REPORT RequestId: [0-9a-f-]{36}\tDuration: [\d.]+ ms\tBilled Duration: \d+ ms\tMemory Size: 256 MB/);
  }, TEN_MINUTES);

  it('without a reachable engine, fails with NXS_DOCKER_UNAVAILABLE at the packaging in stack.yml', () => {
    const run = runNx(ws, ['run', 'api:invoke', '--resource', 'imageFn', '--event', 'event.json'], { DOCKER_HOST: `unix://${path.join(ws, 'no-engine.sock')}` });
    expectFailure(run);
    expect(run.output).toMatch(/NXS_DOCKER_UNAVAILABLE api\/stack\.yml:\d+:\d+ 'imageFn' is a container image function: it runs locally under Docker, and no Docker engine answers at unix:\/\//);
  }, TEN_MINUTES);
});
