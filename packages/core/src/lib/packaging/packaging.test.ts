import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readManifest } from '../manifest';
import { readZip } from '../zip';
import { resolveBuildpackOptions } from './buildpack-options';
import { lambdaResourceFromStack, lambdaResourcesFromStack } from './lambda-resource';
import { runTool, spawnTool } from './run-tool';
import { writeLambdaArtifact } from './write-lambda-artifact';

const STACK = [
  'resources:',
  '  api:',
  '    type: function',
  '    properties:',
  '      runtime: python3.12',
  '      architecture: arm64',
  '      packaging:',
  '        type: stacktape-lambda-buildpack',
  '        properties:',
  '          entryfilePath: src/handler.py',
  '          includeFiles: [data.txt]',
  '          languageSpecificConfig:',
  '            pythonVersion: 3.12',
  '  blob:',
  '    type: function',
  '    properties:',
  '      packaging:',
  '        type: custom-artifact',
  '        properties:',
  '          packagePath: build',
  '',
].join('\n');

async function workspace(): Promise<string> {
  const ws = await fs.mkdtemp(path.join(tmpdir(), 'nxs-packaging-'));
  await fs.mkdir(path.join(ws, 'apps/svc/src'), { recursive: true });
  await fs.mkdir(path.join(ws, 'apps/svc/build'), { recursive: true });
  await fs.writeFile(path.join(ws, 'apps/svc/src/handler.py'), 'def handler(e, c):\n    return 1\n');
  await fs.writeFile(path.join(ws, 'apps/svc/build/index.js'), 'exports.handler = async () => 1;\n');
  await fs.writeFile(path.join(ws, 'apps/svc/stack.yml'), STACK);
  return ws;
}

describe('lambdaResourceFromStack', () => {
  it('reads packaging, runtime and architecture, and locates fields at their stack.yml line', async () => {
    const ws = await workspace();
    const r = await lambdaResourceFromStack('apps/svc/stack.yml', 'api', ws, { packagingType: 'stacktape-lambda-buildpack' });
    expect(r).toMatchObject({ projectRoot: 'apps/svc', resourceType: 'function', packagingType: 'stacktape-lambda-buildpack', runtime: 'python3.12', architecture: 'arm64' });
    expect(r.packaging).toMatchObject({ entryfilePath: 'src/handler.py', includeFiles: ['data.txt'] });
    expect(r.locate('entryfilePath')).toMatchObject({ file: 'apps/svc/stack.yml', line: 10 });
    expect(r.locate('pythonVersion')).toMatchObject({ line: 13 });
    expect(r.locate('runtime')).toMatchObject({ line: 5 });
  });

  it('names the defined resources for an unknown one and refuses the wrong packaging with the caller code', async () => {
    const ws = await workspace();
    await expect(lambdaResourceFromStack('apps/svc/stack.yml', 'nope', ws)).rejects.toMatchObject({ code: 'NXS_RESOURCE_NOT_FOUND', hint: expect.stringContaining('api, blob') });
    await expect(lambdaResourceFromStack('apps/svc/stack.yml', 'blob', ws, { packagingType: 'stacktape-lambda-buildpack' })).rejects.toMatchObject({
      code: 'NXS_PACKAGING_UNSUPPORTED',
      location: { line: 18 },
    });
    await expect(lambdaResourceFromStack('apps/svc/stack.yml', 'blob', ws, { packagingType: 'stacktape-lambda-buildpack', wrongPackagingCode: 'NXS_X_WRONG' })).rejects.toMatchObject({ code: 'NXS_X_WRONG' });
  });

  it('reads several resources from one load, in the order asked, each as read alone', async () => {
    const ws = await workspace();
    const [blob, api] = await lambdaResourcesFromStack('apps/svc/stack.yml', ['blob', 'api'], ws);
    const pick = (r: Awaited<ReturnType<typeof lambdaResourceFromStack>>) => ({ ...r, stack: undefined, locate: r.locate('entryfilePath') });
    expect(pick(api)).toEqual(pick(await lambdaResourceFromStack('apps/svc/stack.yml', 'api', ws)));
    expect(pick(blob)).toEqual(pick(await lambdaResourceFromStack('apps/svc/stack.yml', 'blob', ws)));
    expect(api.stack).toBe(blob.stack);
    await expect(lambdaResourcesFromStack('apps/svc/stack.yml', ['api', 'blob'], ws, { packagingType: 'stacktape-lambda-buildpack' })).rejects.toMatchObject({ code: 'NXS_PACKAGING_UNSUPPORTED', location: { line: 18 } });
  });
});

describe('resolveBuildpackOptions', () => {
  it('takes stack.yml values, lets explicit options win (languageSpecificConfig key by key)', async () => {
    const ws = await workspace();
    const { options, fromStack } = await resolveBuildpackOptions(
      { stackFile: 'apps/svc/stack.yml', resource: 'api', architecture: 'x86_64', languageSpecificConfig: { packageManager: 'uv' }, cacheDir: 'c' },
      { workspaceRoot: ws },
      { executorName: 'The X executor' },
    );
    expect(options).toEqual({
      workspaceRoot: ws,
      projectRoot: 'apps/svc',
      resourceName: 'api',
      entryfilePath: 'src/handler.py',
      includeFiles: ['data.txt'],
      runtime: 'python3.12',
      architecture: 'x86_64',
      languageSpecificConfig: { pythonVersion: '3.12', packageManager: 'uv' },
      cacheDir: 'c',
    });
    expect(fromStack?.locate('resource').line).toBe(3);
  });

  it('without stack.yml needs resourceName and entryfilePath, failing with the caller code', async () => {
    const errors = { executorName: 'The X executor' };
    await expect(resolveBuildpackOptions({ resourceName: 'a' }, { workspaceRoot: '/ws', projectRoot: 'apps/a' }, errors)).rejects.toMatchObject({ code: 'NXS_PACKAGE_OPTIONS_MISSING' });
    await expect(resolveBuildpackOptions({ entryfilePath: 'x.py' }, { workspaceRoot: '/ws', projectRoot: 'apps/a' }, errors)).rejects.toMatchObject({ code: 'NXS_PACKAGE_OPTIONS_MISSING' });
    const { options } = await resolveBuildpackOptions({ resourceName: 'a', entryfilePath: 'x.py' }, { workspaceRoot: '/ws', projectRoot: 'apps/a' }, errors);
    expect(options).toEqual({ workspaceRoot: '/ws', projectRoot: 'apps/a', resourceName: 'a', entryfilePath: 'x.py' });
  });
});

describe('runTool', () => {
  it('returns the run of a tool that succeeds', async () => {
    const run = await runTool([process.execPath, '-e', 'console.log("out"); console.error("err")'], { cwd: tmpdir(), toolName: 'Node', installHint: 'n/a', codePrefix: 'NXS_X', resourceName: 'r' });
    expect(run).toMatchObject({ exitCode: 0, stdout: 'out\n', notFound: false });
    expect(run.output).toContain('err');
  });

  it('a failure carries the last 40 output lines and a reproduce hint', async () => {
    const script = 'for (let i = 1; i <= 100; i++) console.log("line " + i); process.exit(3)';
    const e = await runTool([process.execPath, '-e', script], { cwd: tmpdir(), toolName: 'Node', installHint: 'n/a', codePrefix: 'NXS_X', action: 'node build', resourceName: 'api' }).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'NXS_X_BUILD_FAILED', hint: expect.stringContaining(`cd ${tmpdir()} && ${process.execPath} -e`) });
    const message = (e as Error).message;
    expect(message.split('\n')[0]).toBe('node build failed for api (exit 3):');
    expect(message).toContain('line 61\n');
    expect(message).not.toContain('line 60\n');
    expect(message.endsWith('line 100')).toBe(true);
  });

  it('a missing executable is <prefix>_TOOLCHAIN_MISSING with the install hint', async () => {
    const location = { file: 'apps/svc/stack.yml', line: 3 };
    await expect(
      runTool(['nxs-no-such-tool-xyz', 'build'], { cwd: tmpdir(), toolName: 'Xyz', installHint: 'Install Xyz 2.', codePrefix: 'NXS_XYZ', resourceName: 'api', location }),
    ).rejects.toMatchObject({ code: 'NXS_XYZ_TOOLCHAIN_MISSING', hint: 'Install Xyz 2.', location });
    expect(await spawnTool(['nxs-no-such-tool-xyz'])).toMatchObject({ notFound: true, exitCode: null });
  });
});

describe('writeLambdaArtifact', () => {
  it('writes <resource>.zip and manifest.json, the manifest in the usual key order', async () => {
    const out = path.join(await fs.mkdtemp(path.join(tmpdir(), 'nxs-artifact-')), 'dist/api');
    const a = await writeLambdaArtifact(out, 'api', [{ path: 'bootstrap', content: 'bin', mode: 0o755 }], { handler: 'bootstrap', runtime: 'provided.al2023', architecture: 'arm64', packager: 'go' });
    expect(a.artifactPath).toBe(path.join(out, 'api.zip'));
    expect(Object.keys(a.manifest)).toEqual(['kind', 'resource', 'artifact', 'sha256', 'size', 'handler', 'runtime', 'architecture', 'packager']);
    expect(await readManifest(out)).toEqual(a.manifest);
    expect((await readZip(a.artifactPath)).map((e) => [e.path, e.mode])).toEqual([['bootstrap', 0o755]]);
    expect(a.manifest.size).toBe((await fs.stat(a.artifactPath)).size);
  });
});
