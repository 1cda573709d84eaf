import type { TargetConfiguration } from '@nx/devkit';
import { describe, expect, it } from 'vitest';
import { createNodesForStackFile } from './create-nodes';
import { normalizePluginOptions } from './plugin-options';
import { contextFor, sampleWorkspace } from './__fixtures__/workspace';

async function targets(options: object | undefined, env: Record<string, string> = {}): Promise<Record<string, TargetConfiguration>> {
  const res = await createNodesForStackFile('apps/api/stack.yml', options, contextFor(sampleWorkspace()), env);
  return res.projects?.['apps/api'].targets ?? {};
}

describe('plugin options', () => {
  it('prefixes every target name and every dependency', async () => {
    const t = await targets({ targetPrefix: 'stack:' });
    expect(Object.keys(t).sort()).toEqual(
      ['stack:deploy', 'stack:destroy', 'stack:diff', 'stack:env--legacy', 'stack:env--myLambda', 'stack:logs--legacy', 'stack:logs--myLambda', 'stack:package', 'stack:package--legacy', 'stack:package--myLambda', 'stack:promote', 'stack:publish--legacy', 'stack:publish--myLambda', 'stack:invoke', 'stack:validate'].sort(),
    );
    expect(t['stack:publish--myLambda'].dependsOn).toEqual(['stack:package--myLambda', 'stack:validate']);
    expect(t['stack:validate'].executor).toBe('@nxstack/cfn-compiler:validate');
    expect(t['stack:deploy'].dependsOn).toEqual(['stack:validate', 'stack:package--legacy', 'stack:package--myLambda']);
    expect(t['stack:package'].dependsOn).toEqual(['stack:package--legacy']);
    expect(t['stack:invoke'].dependsOn).toEqual(['stack:package']);
  });

  it('puts stage and defaultRegion into the AWS-facing targets only', async () => {
    const t = await targets({ stage: 'dev', defaultRegion: 'eu-west-1' });
    for (const name of ['deploy', 'diff', 'destroy', 'publish--myLambda', 'publish--legacy']) {
      expect(t[name].options).toMatchObject({ stage: 'dev', region: 'eu-west-1' });
    }
    expect(t['package--myLambda'].options.stage).toBeUndefined();
    expect(t['package--myLambda'].options.region).toBeUndefined();
  });

  it('falls back to NXSTACK_STAGE, and the option wins over it', async () => {
    expect((await targets(undefined, { NXSTACK_STAGE: 'ci' }))['deploy'].options).toEqual({ stackFile: 'apps/api/stack.yml', stage: 'ci' });
    expect((await targets({ stage: 'prod' }, { NXSTACK_STAGE: 'ci' }))['deploy'].options.stage).toBe('prod');
    expect(normalizePluginOptions(undefined, { NXSTACK_STAGE: '  ' })).toEqual({ targetPrefix: '' });
  });
});
