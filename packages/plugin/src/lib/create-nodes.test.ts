import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { TargetConfiguration } from '@nx/devkit';
import { describe, expect, it } from 'vitest';
import { createNodes, createNodesV2 } from '../index';
import { contextFor, SAMPLE_STACK, sampleWorkspace, tmpWorkspace } from './__fixtures__/workspace';

async function targetsOf(root: string, file = 'apps/api/stack.yml', options?: object): Promise<Record<string, TargetConfiguration>> {
  const results = await createNodes[1]([file], options, contextFor(root));
  expect(results).toHaveLength(1);
  const [source, result] = results[0];
  expect(source).toBe(file);
  const projects = result.projects ?? {};
  const projectRoot = path.posix.dirname(file);
  expect(Object.keys(projects)).toEqual([projectRoot]);
  return projects[projectRoot].targets ?? {};
}

/** The config-hash input of a resource (echo of name + 16 hex digits). */
const cfg = (resource: string) => ({ runtime: expect.stringMatching(new RegExp(`^echo nxstack-config ${resource} [0-9a-f]{16}$`)) });
const configInput = (target: TargetConfiguration) => JSON.stringify((target.inputs ?? []).find((i) => typeof i === 'object' && 'runtime' in i));

const projectInputs = ['{projectRoot}/**/*', '!{projectRoot}/stack.yml', '!{projectRoot}/**/*.test.*', '!{projectRoot}/**/*.spec.*', '!{projectRoot}/**/__tests__/**'];

describe('createNodes on the issue sample', () => {
  it('exports the Nx 24 batch tuple under both names', () => {
    expect(createNodes[0]).toBe('**/stack.yml');
    expect(createNodesV2).toBe(createNodes);
  });

  it('infers exactly the package/publish/env/logs/aggregate/deploy targets', async () => {
    const targets = await targetsOf(sampleWorkspace());
    expect(Object.keys(targets).sort()).toEqual(
      ['deploy', 'destroy', 'diff', 'env--legacy', 'env--myLambda', 'logs--legacy', 'logs--myLambda', 'package', 'package--legacy', 'package--myLambda', 'promote', 'publish--legacy', 'publish--myLambda', 'invoke', 'validate'].sort(),
    );
    // --resource and --event come from the command line; it runs what the cached package wrote.
    expect(targets['invoke']).toMatchObject({ executor: '@nxstack/local-runtime:invoke', options: { stackFile: 'apps/api/stack.yml' }, dependsOn: ['package'], cache: false });

    // Validation: the whole compile for the stage, cached on stack.yml + compiler packages.
    expect(targets['validate']).toEqual({
      executor: '@nxstack/cfn-compiler:validate',
      // The command line's --stage/--region/--profile come through the environment (not forwarded overrides).
      options: { stackFile: 'apps/api/stack.yml', stageFromCommandLine: true },
      cache: true,
      inputs: ['{workspaceRoot}/apps/api/stack.yml', { env: 'NXSTACK_CLI_STAGE' }, { env: 'NXSTACK_CLI_REGION' }, { env: 'NXSTACK_CLI_PROFILE' }, { externalDependencies: ['@nxstack/cfn-compiler', '@nxstack/core', '@nxstack/connect-to'] }],
      outputs: [],
      metadata: expect.objectContaining({ technologies: ['nxstack'] }),
    });

    const myLambda = targets['package--myLambda'];
    expect(myLambda.executor).toBe('@nxstack/packager-node:package');
    expect(myLambda.cache).toBe(true);
    expect(myLambda.outputs).toEqual(['{workspaceRoot}/dist/stack/apps/api/myLambda']);
    // The files the bundle reads (esbuild at graph time), the lockfile and esbuild.
    expect(myLambda.inputs).toEqual(['{workspaceRoot}/apps/api/src/my-lambda.ts', '{workspaceRoot}/package-lock.json', { externalDependencies: ['esbuild'] }, cfg('myLambda')]);
    expect(myLambda.options).toEqual({ stackFile: 'apps/api/stack.yml', resource: 'myLambda' });

    const legacy = targets['package--legacy'];
    expect(legacy.executor).toBe('@nxstack/core:custom-artifact');
    expect(legacy.cache).toBe(true);
    expect(legacy.outputs).toEqual(['{workspaceRoot}/dist/stack/apps/api/legacy']);
    // A custom artifact depends on its packagePath only (not on the project's other sources).
    expect(legacy.inputs).toEqual(['{workspaceRoot}/apps/api/dist/legacy', '{workspaceRoot}/apps/api/dist/legacy/**/*', cfg('legacy')]);
    expect(legacy.options).toEqual({ stackFile: 'apps/api/stack.yml', resource: 'legacy' });
    expect(configInput(legacy)).not.toBe(configInput(myLambda));

    for (const r of ['myLambda', 'legacy']) {
      expect(targets[`publish--${r}`]).toMatchObject({
        executor: '@nxstack/deployer:publish',
        options: { stackFile: 'apps/api/stack.yml', resource: r },
        dependsOn: [`package--${r}`, 'validate'],
        cache: false,
      });
      expect(targets[`publish--${r}`].options.stage).toBeUndefined();
    }

    expect(targets['package']).toMatchObject({
      executor: '@nxstack/packager-node:package',
      options: { stackFile: 'apps/api/stack.yml', resources: ['myLambda'] },
      dependsOn: ['package--legacy'],
      cache: true,
      outputs: ['{workspaceRoot}/dist/stack/apps/api/myLambda'],
      inputs: ['{workspaceRoot}/apps/api/src/my-lambda.ts', '{workspaceRoot}/package-lock.json', { externalDependencies: ['esbuild'] }, cfg('myLambda')],
    });

    expect(targets['deploy']).toEqual(
      expect.objectContaining({
        executor: '@nxstack/deployer:deploy',
        options: { stackFile: 'apps/api/stack.yml' },
        // deploy uploads the zips itself: it waits for their package tasks, not for publish tasks.
        dependsOn: ['validate', 'package--legacy', 'package--myLambda'],
        cache: false,
      }),
    );
    expect(targets['diff']).toMatchObject({ executor: '@nxstack/deployer:diff', dependsOn: ['validate', 'package--legacy', 'package--myLambda'], cache: false });
    expect(targets['destroy']).toMatchObject({ executor: '@nxstack/deployer:destroy', cache: false });
    expect(targets['destroy'].dependsOn).toBeUndefined();
    // promote deploys what another stage runs: no package or publish task before it.
    expect(targets['promote']).toMatchObject({ executor: '@nxstack/deployer:promote', cache: false });
    expect(targets['promote'].dependsOn).toBeUndefined();
  });

  it('leaves the name to project.json, else package.json, else the folder', async () => {
    const withProjectJson = await createNodes[1](['apps/api/stack.yml'], undefined, contextFor(sampleWorkspace()));
    expect(withProjectJson[0][1].projects?.['apps/api'].name).toBeUndefined();

    const bare = tmpWorkspace({ 'services/orders/stack.yml': 'resources:\n  files:\n    type: bucket\n' });
    const bareResult = await createNodes[1](['services/orders/stack.yml'], undefined, contextFor(bare));
    expect(bareResult[0][1].projects?.['services/orders'].name).toBe('orders');

    const withPkg = tmpWorkspace({ 'services/orders/stack.yml': 'resources:\n  files:\n    type: bucket\n', 'services/orders/package.json': '{"name":"@acme/orders"}' });
    const pkgResult = await createNodes[1](['services/orders/stack.yml'], undefined, contextFor(withPkg));
    expect(pkgResult[0][1].projects?.['services/orders'].name).toBe('@acme/orders');
  });

  it('changes only the edited resource configHash when its stack.yml section changes', async () => {
    const before = await targetsOf(sampleWorkspace());
    const after = await targetsOf(sampleWorkspace(SAMPLE_STACK.replace('memory: 2048', 'memory: 1024')));
    expect(configInput(after['package--myLambda'])).not.toBe(configInput(before['package--myLambda']));
    expect(after['package--legacy'].inputs).toEqual(before['package--legacy'].inputs);
    // Nx hashes every target's options into each task of the project: they must not move.
    for (const name of Object.keys(before)) expect(after[name].options, name).toEqual(before[name].options);
    // Key order in YAML does not matter.
    const reordered = await targetsOf(sampleWorkspace(SAMPLE_STACK.replace('      timeout: 10\n      memory: 2048\n', '      memory: 2048\n      timeout: 10\n')));
    expect(reordered['package--myLambda'].inputs).toEqual(before['package--myLambda'].inputs);
  });

  it('narrows node inputs to the workspace files the bundle reads, the same before and after a build', async () => {
    const root = sampleWorkspace();
    writeFileSync(path.join(root, 'apps/api/src/my-lambda.ts'), "import { greet } from '../../../libs/util/src/index';\nimport type { T } from './types';\nimport tiny from 'tiny';\nexport default async (e: T) => greet(tiny(e));\n");
    writeFileSync(path.join(root, 'apps/api/src/types.ts'), 'export type T = string;\n');
    writeFileSync(path.join(root, 'apps/api/src/unrelated.ts'), 'export const x = 1;\n');
    mkdirSync(path.join(root, 'libs/util/src'), { recursive: true });
    writeFileSync(path.join(root, 'libs/util/src/index.ts'), 'export const greet = (s: string) => `hi ${s}`;\n');
    const before = (await targetsOf(root))['package--myLambda'].inputs;
    expect(before).toEqual([
      '{workspaceRoot}/apps/api/src/my-lambda.ts',
      '{workspaceRoot}/libs/util/src/index.ts',
      '{workspaceRoot}/package-lock.json',
      { externalDependencies: ['esbuild'] },
      cfg('myLambda'),
    ]);
    // A build's output folder does not change them: a repeat run hashes alike and hits the cache.
    mkdirSync(path.join(root, 'dist/stack/apps/api/myLambda'), { recursive: true });
    writeFileSync(path.join(root, 'dist/stack/apps/api/myLambda/inputs.json'), JSON.stringify({ files: ['apps/api/src/other.ts'] }));
    expect((await targetsOf(root))['package--myLambda'].inputs).toEqual(before);
    // The custom artifact is not narrowed this way.
    expect((await targetsOf(root))['package--legacy'].inputs).toEqual(['{workspaceRoot}/apps/api/dist/legacy', '{workspaceRoot}/apps/api/dist/legacy/**/*', cfg('legacy')]);
  });

  it('falls back to the whole project when esbuild cannot follow the imports', async () => {
    const root = sampleWorkspace();
    writeFileSync(path.join(root, 'apps/api/src/my-lambda.ts'), "import { gone } from './missing';\nexport default gone;\n");
    expect((await targetsOf(root))['package--myLambda'].inputs).toEqual([...projectInputs, '{workspaceRoot}/package-lock.json', { externalDependencies: ['esbuild'] }, cfg('myLambda')]);
  });

  /** An npm workspace: libs/* linked into node_modules as npm links them, a third-party package, a handler. */
  function linkedWorkspace(handler: string): string {
    const root = sampleWorkspace();
    writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'ws', private: true, workspaces: ['libs/*'] }));
    const lib = (dir: string, name: string, files: Record<string, string>) => {
      mkdirSync(path.join(root, 'libs', dir), { recursive: true });
      // main points at a build output that does not exist yet: the package's folder is the input.
      writeFileSync(path.join(root, 'libs', dir, 'package.json'), JSON.stringify({ name, main: 'dist/index.js' }));
      for (const [f, text] of Object.entries(files)) {
        mkdirSync(path.dirname(path.join(root, 'libs', dir, f)), { recursive: true });
        writeFileSync(path.join(root, 'libs', dir, f), text);
      }
      mkdirSync(path.dirname(path.join(root, 'node_modules', name)), { recursive: true });
      symlinkSync(path.relative(path.dirname(path.join(root, 'node_modules', name)), path.join(root, 'libs', dir)), path.join(root, 'node_modules', name));
    };
    lib('shared', '@acme/shared', { 'src/index.ts': "import { deep } from '@acme/deep';\nimport tiny from 'tiny';\nexport const shared = () => tiny(deep);\n", 'src/index.test.ts': "import 'vitest';\n" });
    lib('deep', '@acme/deep', { 'src/index.ts': 'export const deep = 1;\n' });
    lib('other', '@acme/other', { 'src/index.ts': 'export const other = 1;\n' });
    mkdirSync(path.join(root, 'node_modules/tiny'), { recursive: true });
    writeFileSync(path.join(root, 'node_modules/tiny/package.json'), JSON.stringify({ name: 'tiny', main: 'index.js' }));
    writeFileSync(path.join(root, 'node_modules/tiny/index.js'), 'module.exports = (x) => x;\n');
    writeFileSync(path.join(root, 'apps/api/src/my-lambda.ts'), handler);
    return root;
  }
  const linkedInputs = (dir: string) => [
    `{workspaceRoot}/${dir}/**/*`,
    `!{workspaceRoot}/${dir}/**/node_modules/**`,
    `!{workspaceRoot}/${dir}/**/*.test.*`,
    `!{workspaceRoot}/${dir}/**/*.spec.*`,
    `!{workspaceRoot}/${dir}/**/__tests__/**`,
  ];

  it('adds only the linked workspace packages the bundle imports, directly or through another linked package', async () => {
    const root = linkedWorkspace("import { shared } from '@acme/shared/src/index';\nimport tiny from 'tiny';\nimport { readFileSync } from 'node:fs';\nimport { join } from 'path';\nexport default async () => tiny(shared()) && readFileSync && join;\n");
    expect((await targetsOf(root))['package--myLambda'].inputs).toEqual([
      '{workspaceRoot}/apps/api/src/my-lambda.ts',
      ...linkedInputs('libs/deep'),
      ...linkedInputs('libs/shared'),
      '{workspaceRoot}/package-lock.json',
      { externalDependencies: ['esbuild'] },
      cfg('myLambda'),
    ]);
    // The linked package's scan is reused only while its files are unchanged.
    writeFileSync(path.join(root, 'libs/shared/src/more.ts'), "export { other } from '@acme/other';\n");
    expect((await targetsOf(root))['package--myLambda'].inputs).toEqual(expect.arrayContaining(linkedInputs('libs/other')));
  });

  it('adds no workspace package to a function that imports none', async () => {
    const root = linkedWorkspace("import tiny from 'tiny';\nexport default async () => tiny(1);\n");
    expect((await targetsOf(root))['package--myLambda'].inputs).toEqual(['{workspaceRoot}/apps/api/src/my-lambda.ts', '{workspaceRoot}/package-lock.json', { externalDependencies: ['esbuild'] }, cfg('myLambda')]);
  });

  it.each([
    ['a linked package cannot be scanned', (root: string) => writeFileSync(path.join(root, 'libs/shared/src/broken.ts'), 'export const = ;\n')],
    // Yarn Plug'n'Play has no node_modules links: such an import may be a workspace package.
    ['an import is in no node_modules', (root: string) => writeFileSync(path.join(root, 'libs/shared/src/pnp.ts'), "export { x } from '@acme/not-linked';\n")],
  ])('falls back to every npm workspace folder when %s', async (_why, spoil) => {
    const root = linkedWorkspace("import { shared } from '@acme/shared';\nexport default async () => shared();\n");
    spoil(root);
    expect((await targetsOf(root))['package--myLambda'].inputs).toEqual([
      '{workspaceRoot}/apps/api/src/my-lambda.ts',
      '{workspaceRoot}/libs/*/**/*',
      '!{workspaceRoot}/libs/*/**/node_modules/**',
      '{workspaceRoot}/package-lock.json',
      { externalDependencies: ['esbuild'] },
      cfg('myLambda'),
    ]);
  });
});
