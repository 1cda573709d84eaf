import { describe, expect, it } from 'vitest';
import { classifyResource } from './resource-packaging';
import { stackTargets } from './stack-targets';
import { tmpWorkspace } from './__fixtures__/workspace';

const locate = () => ({ file: 'site/stack.yml' });
const web = { type: 'hosting-bucket', properties: { uploadDirectoryPath: './app/dist', build: { command: 'npm run build', workingDirectory: './app' }, dev: { command: 'npm run dev' }, writeDotenvFilesTo: './app', injectEnvironment: [{ name: 'A', value: 'b' }] } };

function targetsOf(resource: typeof web, hasBeforeDeploy = false) {
  return stackTargets({
    projectRoot: 'site',
    workspaceRoot: tmpWorkspace({}),
    stackFile: 'site/stack.yml',
    resources: [classifyResource('web', resource, locate)!],
    resourceConfigs: { web: resource },
    options: { targetPrefix: '' },
    hasBeforeDeploy,
    scripts: hasBeforeDeploy ? ['gen'] : [],
  });
}

describe('hosting-bucket build and dev targets', () => {
  it('build--<resource>: cached, the working directory without its output and stack.yml as inputs, the upload folder as output; package--<resource> waits for it', () => {
    const t = targetsOf(web);
    expect(t['build--web']).toMatchObject({ executor: '@nxstack/core:hosting-build', options: { stackFile: 'site/stack.yml', resource: 'web' }, cache: true, outputs: ['{workspaceRoot}/site/app/dist'] });
    const inputs = t['build--web'].inputs!;
    expect(inputs.slice(0, 3)).toEqual(['{workspaceRoot}/site/app/**/*', '!{workspaceRoot}/site/app/dist/**/*', '!{workspaceRoot}/site/stack.yml']);
    // The git-ignored .env* files of the working directory, and the build's own stack.yml settings.
    expect(inputs[3]).toEqual({ runtime: expect.stringMatching(/^node \S+folder-digest-cli\.js --dotenv site\/app$/) });
    expect(inputs[4]).toEqual({ runtime: expect.stringMatching(/^echo nxstack-config web [0-9a-f]{16}$/) });
    expect(inputs).toHaveLength(5);
    expect(t['package--web'].dependsOn).toEqual(['build--web']);
    expect(t['package--web'].inputs).toContainEqual({ dependentTasksOutputFiles: '**/*' });
    expect(t['dev--web']).toMatchObject({ executor: '@nxstack/deployer:hosting-dev', options: { stackFile: 'site/stack.yml', resource: 'web' }, continuous: true, cache: false });
    expect(t['dev--web'].dependsOn).toBeUndefined();
  });

  it('the build hash follows its command and folder only; a beforeDeploy hook runs first and the build is hashed after it', () => {
    const hashOf = (r: typeof web) => JSON.stringify(targetsOf(r)['build--web'].inputs!.at(-1));
    expect(hashOf({ ...web, properties: { ...web.properties, injectEnvironment: [] } })).toBe(hashOf(web));
    expect(hashOf({ ...web, properties: { ...web.properties, build: { ...web.properties.build, command: 'npm run build:prod' } } })).not.toBe(hashOf(web));
    const t = targetsOf(web, true);
    expect(t['build--web'].dependsOn).toEqual(['before-deploy']);
    expect(t['build--web'].inputs).toContainEqual({ dependentTasksOutputFiles: '**/*' });
  });

  it('no build, no dev: no build--/dev-- targets and package--<resource> depends on nothing', () => {
    const plain = { type: 'hosting-bucket', properties: { uploadDirectoryPath: './dist' } };
    const t = targetsOf(plain as typeof web);
    expect(Object.keys(t).filter((n) => n.startsWith('build--') || n.startsWith('dev--'))).toEqual([]);
    expect(t['package--web'].dependsOn).toBeUndefined();
  });
});
