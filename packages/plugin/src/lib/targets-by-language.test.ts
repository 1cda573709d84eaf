import type { TargetConfiguration } from '@nx/devkit';
import { describe, expect, it } from 'vitest';
import { createNodes } from '../index';
import { entryFileLanguage as languageOfEntryFile } from '@nxstack/core';
import { classifyResource, classifyResources, packageExecutor } from './resource-packaging';
import { stackTargets } from './stack-targets';
import { contextFor, tmpWorkspace } from './__fixtures__/workspace';

const lambda = (entry: string) => `
    type: function
    properties:
      packaging:
        type: stacktape-lambda-buildpack
        properties:
          entryfilePath: ${entry}`;

const POLYGLOT = `resources:
  pyFn:${lambda('src/handler.py')}
  goFn:${lambda('cmd/fn/main.go')}
  javaFn:${lambda('java/src/main/java/Handler.java')}
  gradleFn:${lambda('jvm/src/main/kotlin/Handler.kt')}
  migrate:
    type: deployment-script
    properties:
      trigger: after:deploy
      packaging:
        type: stacktape-lambda-buildpack
        properties:
          entryfilePath: scripts/migrate.py
`;

async function targets(stack: string): Promise<Record<string, TargetConfiguration>> {
  const root = tmpWorkspace({ 'svc/project.json': '{"name":"svc"}', 'svc/stack.yml': stack });
  const res = await Promise.resolve(createNodes[1](['svc/stack.yml'], {}, contextFor(root))).catch((e: { errors?: Array<[string, Error]> }) => {
    throw new Error(e.errors?.map(([, err]) => err.message).join('\n') ?? String(e));
  });
  return res[0][1].projects?.['svc'].targets ?? {};
}

describe('packager executor by language and packaging', () => {
  it('picks the packager per entry file and image packaging, and an env target per compute resource', async () => {
    const t = await targets(POLYGLOT);
    expect(t['package--pyFn'].executor).toBe('@nxstack/packager-python:package');
    expect(t['package--pyFn'].inputs).toContainEqual({ runtime: 'python3 --version' });
    expect(t['package--goFn'].executor).toBe('@nxstack/packager-go:package');
    expect(t['package--goFn'].inputs).toContainEqual({ runtime: 'go version' });
    expect(t['package--javaFn'].executor).toBe('@nxstack/packager-java:package');
    expect(t['package--gradleFn'].executor).toBe('@nxstack/packager-java:package');
    expect(t['package--migrate'].executor).toBe('@nxstack/packager-python:package');
    // No npm lockfile in this workspace, so none is listed; no esbuild for non-node resources.
    expect(JSON.stringify(t['package--pyFn'].inputs)).not.toMatch(/package-lock|yarn\.lock|pnpm-lock|bun\.lock/);
    // The Python function's inputs are its code folder and dependency files, not the Go/Java folders.
    expect(t['package--pyFn'].inputs).toContain('{workspaceRoot}/svc/src/**/*');
    expect(JSON.stringify(t['package--pyFn'].inputs)).not.toContain('{projectRoot}');
    expect(JSON.stringify(t['package--pyFn'].inputs)).not.toContain('esbuild');

    expect(t['env--migrate']).toMatchObject({
      executor: '@nxstack/connect-to:env',
      options: { stackFile: 'svc/stack.yml', resource: 'migrate' },
      cache: false,
    });
    expect(Object.keys(t).filter((k) => k.startsWith('env--')).sort()).toEqual(['env--goFn', 'env--gradleFn', 'env--javaFn', 'env--migrate', 'env--pyFn']);
    // The deployment script runs by hand after its cached package; every zip Lambda has its logs.
    expect(t['run-script--migrate']).toMatchObject({
      executor: '@nxstack/deployer:run-script',
      options: { stackFile: 'svc/stack.yml', script: 'migrate' },
      dependsOn: ['package--migrate'],
      cache: false,
    });
    expect(Object.keys(t).filter((k) => k.startsWith('run-script--'))).toEqual(['run-script--migrate']);
    expect(t['logs--migrate']).toMatchObject({ executor: '@nxstack/local-runtime:logs', options: { resource: 'migrate' }, cache: false });
    expect(Object.keys(t).filter((k) => k.startsWith('logs--')).sort()).toEqual(['logs--goFn', 'logs--gradleFn', 'logs--javaFn', 'logs--migrate', 'logs--pyFn']);

    // Without JS/TS resources the aggregate is a no-op over every package task.
    expect(t['package']).toMatchObject({ executor: 'nx:noop' });
    expect([...(t['package'].dependsOn as string[])].sort()).toEqual(
      ['package--gradleFn', 'package--goFn', 'package--javaFn', 'package--migrate', 'package--pyFn'].sort(),
    );
    expect(t['deploy'].dependsOn).toHaveLength(6);
  });

  it('gives a project without packaged resources deploy/diff/destroy and a no-op package', async () => {
    const t = await targets('resources:\n  files:\n    type: bucket\n');
    expect(Object.keys(t).sort()).toEqual(['deploy', 'destroy', 'diff', 'package', 'promote', 'validate']);
    // Nothing to publish, still nothing deployed before the stack validated.
    expect(t['deploy'].dependsOn).toEqual(['validate']);
  });
});

describe('classifyResource for container packagings', () => {
  const locate = () => ({ file: 'svc/stack.yml', line: 1, column: 1 });
  // The stack model does not accept service types yet, so these run on the plain function.
  it.each([
    ['web-service', { packaging: { type: 'custom-dockerfile', properties: { buildContextPath: 'web' } } }],
    ['worker-service', { packaging: { type: 'stacktape-image-buildpack', properties: { entryfilePath: 'src/w.ts' } } }],
    ['batch-job', { container: { packaging: { type: 'prebuilt-image', properties: { image: 'busybox' } } } }],
    ['multi-container-workload', { containers: [{ name: 'a', packaging: { type: 'external-buildpack', properties: { sourceDirectoryPath: 'a' } } }] }],
  ])('%s builds an image', (type, properties) => {
    const r = classifyResource('svc1', { type, properties }, locate);
    expect(r).toMatchObject({ resource: 'svc1', kind: 'image', isScript: false });
    expect(packageExecutor(r!)).toBe('@nxstack/image-builder:build-image');
  });

  it('a stacktape-image-buildpack (or a custom-dockerfile with artifact) carries its code for the language packager; other image packagings do not', () => {
    const fn = classifyResource('fn', { type: 'function', properties: { runtime: 'nodejs22.x', packaging: { type: 'stacktape-image-buildpack', properties: { entryfilePath: 'src/fn.ts', handlerFunction: 'handler', requiresGlibcBinaries: true } } } }, locate);
    expect(fn).toEqual({ resource: 'fn', kind: 'image', isScript: false, code: { language: 'node', entryfilePath: 'src/fn.ts', packagerOptions: { handlerFunction: 'handler', runtime: 'nodejs22.x' } } });
    const svc = classifyResource('w', { type: 'worker-service', properties: { packaging: { type: 'stacktape-image-buildpack', properties: { entryfilePath: 'app/main.py' } } } }, locate);
    expect(svc).toEqual({ resource: 'w', kind: 'image', isScript: false, code: { language: 'python', entryfilePath: 'app/main.py', packagerOptions: {} } });
    expect(classifyResource('d', { type: 'web-service', properties: { packaging: { type: 'custom-dockerfile', properties: { buildContextPath: 'web' } } } }, locate)).toEqual({ resource: 'd', kind: 'image', isScript: false, stageDependent: true, sourceDirectory: 'web' });
    const withArtifact = classifyResource('g', { type: 'worker-service', properties: { packaging: { type: 'custom-dockerfile', properties: { buildContextPath: 'docker', artifact: { entryfilePath: 'cmd/main.go' } } } } }, locate);
    // Its build context is still its only source input beside the artifact (a dependency output).
    expect(withArtifact).toEqual({ resource: 'g', kind: 'image', isScript: false, stageDependent: true, sourceDirectory: 'docker', code: { language: 'go', entryfilePath: 'cmd/main.go', packagerOptions: {} } });
    // Local Lambda layers are read from elsewhere in the project: the whole project stays the input.
    const withLayers = classifyResource('l', { type: 'function', properties: { layers: ['layers/shared'], packaging: { type: 'custom-dockerfile', properties: { buildContextPath: 'docker' } } } }, locate);
    expect(withLayers).toEqual({ resource: 'l', kind: 'image', isScript: false, stageDependent: true });
    expect(classifyResource('p', { type: 'worker-service', properties: { packaging: { type: 'prebuilt-image', properties: { image: 'x:1' } } } }, locate)).toEqual({ resource: 'p', kind: 'image', isScript: false });
    expect(() => classifyResource('x', { type: 'worker-service', properties: { packaging: { type: 'stacktape-image-buildpack', properties: { entryfilePath: 'main.rb' } } } }, locate)).toThrow(expect.objectContaining({ code: 'NXS_UNSUPPORTED_ENTRY_FILE' }));
  });

  it('a bucket has nothing to package', () => {
    expect(classifyResource('files', { type: 'bucket', properties: {} }, locate)).toBeUndefined();
  });
});

describe('languageOfEntryFile', () => {
  // Java build files as entry files: the stack model rejects them today (NXS_UNSUPPORTED_ENTRY_FILE).
  it.each([
    ['src/a.ts', 'node'], ['src/a.tsx', 'node'], ['a.mjs', 'node'], ['a.cjs', 'node'], ['a.js', 'node'],
    ['app/main.py', 'python'], ['cmd/main.go', 'go'], ['Handler.java', 'java'], ['pom.xml', 'java'],
    ['svc/build.gradle', 'java'], ['svc/build.gradle.kts', 'java'], ['main.rb', undefined], ['Makefile', undefined],
  ])('%s -> %s', (file, lang) => {
    expect(languageOfEntryFile(file)).toBe(lang);
  });
});

describe('stackTargets for an image resource', () => {
  it('builds with build-image and publishes with push-image', () => {
    const t = stackTargets({
      projectRoot: 'svc',
      workspaceRoot: tmpWorkspace({}),
      stackFile: 'svc/stack.yml',
      resources: [{ resource: 'web', kind: 'image', isScript: false }],
      resourceConfigs: { web: { type: 'web-service', properties: { packaging: { type: 'custom-dockerfile', properties: { buildContextPath: 'web' } } } } },
      options: { targetPrefix: '' },
    });
    expect(t['package--web']).toMatchObject({ executor: '@nxstack/image-builder:build-image', options: { stackFile: 'svc/stack.yml', resource: 'web' }, outputs: ['{workspaceRoot}/dist/stack/svc/web'] });
    expect(t['publish--web']).toMatchObject({ executor: '@nxstack/image-builder:push-image', dependsOn: ['package--web', 'validate'], cache: false });
    expect(t['package']).toMatchObject({ executor: 'nx:noop', dependsOn: ['package--web'] });
    // Services do not run through invoke; serve runs them (after packaging).
    expect(t['invoke']).toBeUndefined();
    expect(t['serve']).toMatchObject({ executor: '@nxstack/local-runtime:serve', continuous: true, dependsOn: ['package'] });
  });

  it("a custom-dockerfile build depends on the stage: the plugin stage, the command line's --stage/--region/--profile (env, not forwarded) and the region/credentials env are in its hash", () => {
    const t = stackTargets({
      projectRoot: 'svc',
      workspaceRoot: tmpWorkspace({}),
      stackFile: 'svc/stack.yml',
      resources: [{ resource: 'web', kind: 'image', isScript: false, stageDependent: true }, { resource: 'pre', kind: 'image', isScript: false }],
      resourceConfigs: { web: {}, pre: {} },
      options: { targetPrefix: '', stage: 'dev', region: 'eu-west-1' },
    });
    expect(t['package--web'].options).toEqual({ stackFile: 'svc/stack.yml', resource: 'web', stage: 'dev', region: 'eu-west-1', stageFromCommandLine: true });
    // Not `params: 'forward'`: deploy's --hotswap must not reach (and re-key) the build.
    expect(t['publish--web'].dependsOn).toEqual(['package--web', 'validate']);
    for (const env of ['NXSTACK_CLI_STAGE', 'NXSTACK_CLI_REGION', 'NXSTACK_CLI_PROFILE', 'NXSTACK_STAGE', 'AWS_REGION', 'AWS_PROFILE', 'AWS_ACCESS_KEY_ID']) expect(t['package--web'].inputs).toContainEqual({ env });
    // A stage-agnostic image keeps one cache entry for every stage.
    expect(t['package--pre'].options).toEqual({ stackFile: 'svc/stack.yml', resource: 'pre' });
    expect(t['publish--pre'].dependsOn).toEqual(['package--pre', 'validate']);
    expect(t['package--pre'].inputs).not.toContainEqual({ env: 'AWS_PROFILE' });
    expect(t['package--pre'].inputs).not.toContainEqual({ env: 'NXSTACK_CLI_STAGE' });
    // validate reads the command line's stage the same way, and the options stack.yml's $CliArgs() reads: one env input per name, no flag forwarded.
    expect(t['validate'].options).toMatchObject({ stageFromCommandLine: true });
    for (const env of ['NXSTACK_CLI_STAGE', 'NXSTACK_CLI_REGION', 'NXSTACK_CLI_PROFILE']) expect(t['validate'].inputs).toContainEqual({ env });
    const cli = { files: [], stage: false, region: false, cliArgs: true, cliArgNames: ['tier'] };
    const withCliArgs = stackTargets({ projectRoot: 'svc', workspaceRoot: tmpWorkspace({}), stackFile: 'svc/stack.yml', resources: [{ resource: 'web', kind: 'image', isScript: false, stageDependent: true }], resourceConfigs: { web: {} }, localDirectives: { stack: cli, resources: {} }, options: { targetPrefix: '' } });
    expect(withCliArgs['validate'].inputs).toContainEqual({ env: 'NXSTACK_CLI_ARG_tier' });
    expect(withCliArgs['publish--web'].dependsOn).toEqual(['package--web', 'validate']);
    expect(withCliArgs['deploy'].dependsOn).toContain('validate');
    expect(withCliArgs['deploy'].dependsOn).not.toContainEqual(expect.objectContaining({ target: 'validate' }));
  });
});

describe('stackTargets for a stacktape-image-buildpack', () => {
  it('packages the code with the language packager into <output>/code before build-image layers it', () => {
    const t = stackTargets({
      projectRoot: 'svc',
      workspaceRoot: tmpWorkspace({}),
      stackFile: 'svc/stack.yml',
      resources: [{ resource: 'fn', kind: 'image', isScript: false, code: { language: 'node', entryfilePath: 'src/fn.ts', packagerOptions: { handlerFunction: 'handler', runtime: 'nodejs22.x' } } }],
      resourceConfigs: { fn: { type: 'function', properties: { packaging: { type: 'stacktape-image-buildpack', properties: { entryfilePath: 'src/fn.ts' } } } } },
      options: { targetPrefix: '' },
    });
    expect(t['package-code--fn']).toMatchObject({
      executor: '@nxstack/packager-node:package',
      options: { resourceName: 'fn', entryfilePath: 'src/fn.ts', handlerFunction: 'handler', runtime: 'nodejs22.x', outputPath: 'dist/stack/svc/fn/code' },
      cache: true,
      outputs: ['{workspaceRoot}/dist/stack/svc/fn/code'],
    });
    expect(t['package-code--fn'].inputs).toContainEqual({ externalDependencies: ['esbuild'] });
    expect(t['package-code--fn'].inputs).toContainEqual(expect.objectContaining({ runtime: expect.stringContaining('fn') }));
    expect(t['package--fn']).toMatchObject({
      executor: '@nxstack/image-builder:build-image',
      dependsOn: ['package-code--fn'],
      cache: true,
      outputs: ['{workspaceRoot}/dist/stack/svc/fn/image', '{workspaceRoot}/dist/stack/svc/fn/manifest.json', '{workspaceRoot}/dist/stack/svc/fn/image.json'],
    });
    expect(t['package--fn'].inputs).toContainEqual({ dependentTasksOutputFiles: '**/*' });
    expect(t['publish--fn']).toMatchObject({ executor: '@nxstack/image-builder:push-image', dependsOn: ['package--fn', 'validate'] });
    // An image function runs locally under Docker.
    expect(t['invoke']).toMatchObject({ executor: '@nxstack/local-runtime:invoke', dependsOn: ['package'] });
  });
});

describe('classifyResources: a multi-container workload', () => {
  const seen: Array<Array<string | number>> = [];
  const locate = (p: Array<string | number>) => (seen.push(p), { file: 'svc/stack.yml', line: 1, column: 1 });
  const workload = (containers: unknown[]) => ({ type: 'multi-container-workload', properties: { containers } });

  it('is one image unit per built container, <workload>--<container>, each with only its own packaging', () => {
    const units = classifyResources('app', workload([
      { name: 'front', packaging: { type: 'custom-dockerfile', properties: { buildContextPath: 'front' } } },
      { name: 'api', packaging: { type: 'stacktape-image-buildpack', properties: { entryfilePath: 'src/api.ts' } } },
      { name: 'proxy', packaging: { type: 'prebuilt-image', properties: { image: 'envoy:1' } } },
    ]), locate);
    expect(units).toEqual([
      { resource: 'app--front', kind: 'image', isScript: false, stageDependent: true, owner: 'app', sourceDirectory: 'front' },
      { resource: 'app--api', kind: 'image', isScript: false, owner: 'app', code: { language: 'node', entryfilePath: 'src/api.ts', packagerOptions: {} } },
    ]);
  });

  it("reports a container's packaging problem at the container's path", () => {
    seen.length = 0;
    expect(() => classifyResources('app', workload([{ name: 'x', packaging: { type: 'stacktape-image-buildpack', properties: { entryfilePath: 'main.rb' } } }]), locate)).toThrow(expect.objectContaining({ code: 'NXS_UNSUPPORTED_ENTRY_FILE' }));
    expect(seen).toContainEqual(['resources', 'app', 'properties', 'containers', 0, 'packaging', 'properties', 'entryfilePath']);
  });
});
