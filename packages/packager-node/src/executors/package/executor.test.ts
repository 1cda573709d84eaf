import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { ExecutorContext, TaskGraph } from '@nx/devkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readManifest, readZip } from '@nxstack/core';
import { BASIC_WORKSPACE, tempDir, removeTempDirs } from '../../__fixtures__/helpers';
// custom-artifact's executor lives in core now (@nxstack/core:custom-artifact); exercised here on this package's fixtures.
import customArtifactExecutor from '../../../../core/src/executors/custom-artifact/executor';
import packageBatch from './batch';
import packageExecutor from './executor';

let ws: string;

function context(): ExecutorContext {
  return {
    root: ws,
    cwd: ws,
    isVerbose: false,
    projectName: 'basic',
    projectsConfigurations: { version: 2, projects: { basic: { root: '.' } } },
    nxJsonConfiguration: {},
    projectGraph: { nodes: {}, dependencies: {} },
  } as ExecutorContext;
}

afterAll(removeTempDirs);

beforeAll(async () => {
  // A copy: the executors write dist/stack/... inside the workspace.
  ws = await tempDir('node-executor-ws');
  await fs.cp(BASIC_WORKSPACE, ws, { recursive: true });
});

describe('package executor', () => {
  it('packages a stack.yml resource, explicit options winning', async () => {
    expect(await packageExecutor({ stackFile: 'stack.yml', resource: 'greeter' }, context())).toEqual({ success: true });
    expect(await readManifest(path.join(ws, 'dist/stack/greeter'))).toMatchObject({ handler: 'index.main', runtime: 'nodejs22.x', architecture: 'x86_64', packager: 'node' });
    expect(await packageExecutor({ stackFile: 'stack.yml', resource: 'greeter', architecture: 'arm64', outputPath: 'out/greeter-arm' }, context())).toEqual({ success: true });
    expect(await readManifest(path.join(ws, 'out/greeter-arm'))).toMatchObject({ architecture: 'arm64', runtime: 'nodejs22.x' });
  });

  it('packages several resources in one run and applies include/exclude from stack.yml', async () => {
    expect(await packageExecutor({ stackFile: 'stack.yml', resources: ['greeter', 'thrower'] }, context())).toEqual({ success: true });
    const thrower = await readManifest(path.join(ws, 'dist/stack/thrower'));
    expect(thrower).toMatchObject({ handler: 'index.handler', architecture: 'arm64' });
    expect((await readZip(path.join(ws, 'dist/stack/thrower/thrower.zip'))).map((e) => e.path)).toEqual(['assets/data.json', 'index.js', 'index.js.map']);
  });

  it('works without stack.yml from explicit options', async () => {
    const ok = await packageExecutor({ resourceName: 'inline', entryfilePath: 'src/default-handler.ts', outputPath: 'out/inline' }, context());
    expect(ok).toEqual({ success: true });
    expect(await readManifest(path.join(ws, 'out/inline'))).toMatchObject({ handler: 'index.default' });
  });

  it('reports failures as success: false', async () => {
    expect(await packageExecutor({ stackFile: 'stack.yml', resource: 'nope' }, context())).toEqual({ success: false });
    expect(await packageExecutor({ stackFile: 'stack.yml', resource: 'prebuilt' }, context())).toEqual({ success: false });
    expect(await packageExecutor({}, context())).toEqual({ success: false });
  });

  it('batch mode: one result per task, the same bytes as one task at a time, a failing function fails only its task', async () => {
    expect(await packageExecutor({ stackFile: 'stack.yml', resources: ['greeter', 'thrower'] }, context())).toEqual({ success: true });
    const alone = { greeter: await readManifest(path.join(ws, 'dist/stack/greeter')), thrower: await readManifest(path.join(ws, 'dist/stack/thrower')) };
    await fs.rm(path.join(ws, 'dist/stack'), { recursive: true });
    await fs.writeFile(path.join(ws, 'src/broken.ts'), "import { nope } from './missing';\nexport const handler = nope;\n");

    const task = (id: string) => ({ id, target: { project: 'basic', target: id.split(':')[1] }, overrides: {}, outputs: [], parallelism: true });
    const ids = ['basic:package--greeter', 'basic:package--bad', 'basic:package--broken', 'basic:package'];
    const taskGraph = { roots: ids, dependencies: {}, continuousDependencies: {}, tasks: Object.fromEntries(ids.map((id) => [id, task(id)])) } as unknown as TaskGraph;
    const results: Record<string, { success: boolean; terminalOutput: string }> = {};
    for await (const { task, result } of packageBatch(
      taskGraph,
      {
        'basic:package--greeter': { stackFile: 'stack.yml', resource: 'greeter' },
        'basic:package--bad': { resourceName: 'bad', entryfilePath: 'src/no-handler.ts', outputPath: 'out/batch-bad' },
        'basic:package--broken': { resourceName: 'broken', entryfilePath: 'src/broken.ts', outputPath: 'out/batch-broken' },
        // The aggregate names greeter again: packaged once, reported to both tasks.
        'basic:package': { stackFile: 'stack.yml', resources: ['greeter', 'thrower'] },
      },
      {},
      context(),
    )) results[task] = result;
    expect(Object.fromEntries(Object.entries(results).map(([id, r]) => [id, r.success]))).toEqual({
      'basic:package--greeter': true, 'basic:package--bad': false, 'basic:package--broken': false, 'basic:package': true,
    });
    expect(results['basic:package--greeter'].terminalOutput).toContain('greeter: dist/stack/greeter/greeter.zip');
    expect(results['basic:package'].terminalOutput).toContain('thrower: dist/stack/thrower/thrower.zip');
    expect(results['basic:package--bad'].terminalOutput).toContain('NXS_HANDLER_NOT_EXPORTED');
    expect(results['basic:package--broken'].terminalOutput).toMatch(/NXS_NODE_BUILD_FAILED[\s\S]*src\/broken\.ts:1:/);
    expect(results['basic:package--broken'].terminalOutput).not.toContain('no-handler');
    // greeter (node22) alone; bad, broken and thrower (node24) together, then halved until broken builds alone.
    expect(results['basic:package'].terminalOutput).toContain('batch: 4 tasks, 4 functions, 6 esbuild builds');
    expect(await readManifest(path.join(ws, 'dist/stack/greeter'))).toEqual(alone.greeter);
    expect(await readManifest(path.join(ws, 'dist/stack/thrower'))).toEqual(alone.thrower);
    await fs.rm(path.join(ws, 'src/broken.ts'));
  });
});

describe('custom-artifact executor', () => {
  it('packages the stack.yml custom-artifact resource', async () => {
    expect(await customArtifactExecutor({ stackFile: 'stack.yml', resource: 'prebuilt' }, context())).toEqual({ success: true });
    const m = await readManifest(path.join(ws, 'dist/stack/prebuilt'));
    expect(m).toMatchObject({ kind: 'zip', handler: 'data.handler', packager: 'custom-artifact' });
    expect((await readZip(path.join(ws, 'dist/stack/prebuilt/prebuilt.zip'))).map((e) => e.path)).toEqual(['data.json', 'secret.txt']);
    expect(await customArtifactExecutor({ stackFile: 'stack.yml', resource: 'greeter' }, context())).toEqual({ success: false });
    expect(await customArtifactExecutor({ resourceName: 'x', packagePath: 'missing' }, context())).toEqual({ success: false });
  });
});
