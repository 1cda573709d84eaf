// The executor as Nx runs it: options from stack.yml (+ explicit overrides), errors at stack.yml lines.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import { readManifest } from '@nxstack/core';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { resolveExecutorOptions } from '../../lib/executor-options';
import { tempWorkspace, writeFiles, zipEntries } from '../../test-support/workspace';
import packageExecutor from './executor';

const STACK = `resources:
  api:
    type: function
    properties:
      packaging:
        type: stacktape-lambda-buildpack
        properties:
          entryfilePath: src/main.py
          handlerFunction: run
          languageSpecificConfig:
            pythonVersion: 3.11
      architecture: arm64
  old:
    type: function
    properties:
      packaging:
        type: stacktape-lambda-buildpack
        properties:
          entryfilePath: src/main.py
          languageSpecificConfig:
            pythonVersion: "3.8"
`;

let ws: string;
const context = (): ExecutorContext =>
  ({
    root: ws,
    cwd: ws,
    isVerbose: false,
    projectName: 'svc',
    projectsConfigurations: { version: 2, projects: { svc: { root: 'apps/svc' } } },
    nxJsonConfiguration: {},
    projectGraph: { nodes: {}, dependencies: {} },
  }) as unknown as ExecutorContext;

beforeAll(async () => {
  ws = await tempWorkspace();
  await writeFiles(ws, { 'apps/svc/stack.yml': STACK, 'apps/svc/src/main.py': 'def run(event, context):\n    return event\n' });
});

describe('package executor', () => {
  it('packages a resource from stackFile + resource: handler, runtime and architecture from stack.yml', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const result = await packageExecutor({ stackFile: 'apps/svc/stack.yml', resource: 'api' }, context());
    log.mockRestore();
    expect(result).toEqual({ success: true });
    const outDir = path.join(ws, 'dist/stack/apps/svc/api');
    const manifest = await readManifest(outDir);
    expect(manifest).toMatchObject({ kind: 'zip', artifact: 'api.zip', handler: 'main.run', runtime: 'python3.11', architecture: 'arm64', packager: 'python' });
    expect([...(await zipEntries(path.join(outDir, 'api.zip'))).keys()]).toEqual(['main.py']);
    expect((await fs.stat(path.join(outDir, 'api.zip'))).size).toBe(manifest.size);
  });

  it('schema.json sets no defaults: Nx applies them, and they would override stack.yml', async () => {
    const schema = JSON.parse(await fs.readFile(path.join(__dirname, 'schema.json'), 'utf8')) as { properties: Record<string, { default?: unknown }> };
    expect(Object.entries(schema.properties).filter(([, p]) => 'default' in p).map(([k]) => k)).toEqual([]);
  });

  it('explicit options win over stack.yml', async () => {
    const resolved = await resolveExecutorOptions({ stackFile: 'apps/svc/stack.yml', resource: 'api', architecture: 'x86_64', handlerFunction: 'other' }, { workspaceRoot: ws, projectRoot: 'apps/svc' });
    expect(resolved).toMatchObject({ projectRoot: 'apps/svc', resourceName: 'api', architecture: 'x86_64', handlerFunction: 'other', entryfilePath: 'src/main.py', languageSpecificConfig: { pythonVersion: '3.11' } });
  });

  it('an unsupported pythonVersion fails with its stack.yml line and a hint', async () => {
    const errors: string[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((m: string) => void errors.push(m));
    const result = await packageExecutor({ stackFile: 'apps/svc/stack.yml', resource: 'old' }, context());
    spy.mockRestore();
    expect(result).toEqual({ success: false });
    expect(errors.join('\n')).toMatch(/^NXS_PYTHON_UNSUPPORTED_VERSION apps\/svc\/stack\.yml:21:\d+ Python 3\.8 is not supported[\s\S]*hint: Supported versions: 3\.9, 3\.10, 3\.11, 3\.12, 3\.13/);
  });

  it('a missing python3 is NXS_PYTHON_TOOLCHAIN_MISSING with how to install it', async () => {
    await writeFiles(ws, { 'apps/svc/requirements.txt': 'requests==2.32.3\n' });
    const opts = await resolveExecutorOptions({ stackFile: 'apps/svc/stack.yml', resource: 'api' }, { workspaceRoot: ws, projectRoot: 'apps/svc', env: process.env });
    const { packagePythonFunction } = await import('../../lib/package-python');
    const err = await packagePythonFunction({ ...opts, python: 'python3-not-installed', cacheDir: path.join(ws, 'empty-cache') }).catch((e) => e);
    expect(err).toMatchObject({ code: 'NXS_PYTHON_TOOLCHAIN_MISSING', location: { file: 'apps/svc/stack.yml', line: 2 }, hint: expect.stringContaining('apt-get install python3') });
    await fs.rm(path.join(ws, 'apps/svc/requirements.txt'));
  });

  it('a missing handler function and a missing resource are reported with codes', async () => {
    const opts = await resolveExecutorOptions({ stackFile: 'apps/svc/stack.yml', resource: 'api', handlerFunction: 'nope' }, { workspaceRoot: ws, projectRoot: 'apps/svc' });
    const { packagePythonFunction } = await import('../../lib/package-python');
    await expect(packagePythonFunction(opts)).rejects.toMatchObject({ code: 'NXS_PYTHON_HANDLER_NOT_FOUND' });
    await expect(resolveExecutorOptions({ stackFile: 'apps/svc/stack.yml', resource: 'missing' }, { workspaceRoot: ws, projectRoot: 'apps/svc' })).rejects.toMatchObject({ code: 'NXS_RESOURCE_NOT_FOUND' });
  });
});
