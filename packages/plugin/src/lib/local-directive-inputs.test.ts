import type { TargetConfiguration } from '@nx/devkit';
import { describe, expect, it } from 'vitest';
import { createNodes } from '../index';
import { buildpackFunctionYaml } from '../../../core/src/lib/model/__fixtures__/stack-yaml';
import { contextFor, tmpWorkspace } from './__fixtures__/workspace';

const STACK = `variables:
  conf: $File('config.json')
resources:
  orders:
    type: dynamo-db-table
    properties:
      primaryKey: { partitionKey: { name: id, type: string } }
${buildpackFunctionYaml('fn', 'src/fn.ts', ['      memory: $Var().conf.memory', '      environment:', '        - { name: TABLE, value: "orders-$Stage()" }', '        - { name: WHERE, value: $Region() }'])}${buildpackFunctionYaml('plain', 'src/plain.ts', ["      memory: $CliArgs('mem', 256)"])}`;

function workspace(stack = STACK, config = '{ "memory": 512 }') {
  return tmpWorkspace({
    'nx.json': '{}',
    'package.json': JSON.stringify({ name: 'ws', private: true }),
    'apps/api/project.json': JSON.stringify({ name: 'api' }),
    'apps/api/stack.yml': stack,
    'apps/api/config.json': config,
    'apps/api/src/fn.ts': 'export const handler = async () => 1;\n',
    'apps/api/src/plain.ts': 'export const handler = async () => 2;\n',
  });
}

async function targetsOf(root: string, env?: Record<string, string>): Promise<Record<string, TargetConfiguration>> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    const [[, result]] = await createNodes[1](['apps/api/stack.yml'], undefined, contextFor(root));
    return result.projects?.['apps/api']?.targets ?? {};
  } finally {
    process.env = saved;
  }
}

const configHashOf = (t: TargetConfiguration) => (t.inputs ?? []).find((i): i is { runtime: string } => typeof i === 'object' && 'runtime' in i && i.runtime.startsWith('echo nxstack-config'))?.runtime;

describe('local directives in the task graph', () => {
  it('files read by $File (through variables too) are inputs of the package task that uses them and of validate', async () => {
    const targets = await targetsOf(workspace());
    expect(targets['package--fn'].inputs).toContain('{workspaceRoot}/apps/api/config.json');
    expect(targets['package--plain'].inputs).not.toContain('{workspaceRoot}/apps/api/config.json');
    // validate depends on every file and, as the stack uses $Stage()/$Region(), on where the default stage and region come from.
    expect(targets['validate'].inputs).toEqual(
      expect.arrayContaining(['{workspaceRoot}/apps/api/config.json', { env: 'NXSTACK_STAGE' }, { env: 'AWS_REGION' }, { env: 'AWS_DEFAULT_REGION' }, { env: 'AWS_PROFILE' }]),
    );
  });

  it('package tasks stay stage-independent: no stage option, and a config hash that does not follow NXSTACK_STAGE', async () => {
    const root = workspace();
    const a = await targetsOf(root);
    const b = await targetsOf(root, { NXSTACK_STAGE: 'dev', AWS_REGION: 'eu-west-1' });
    expect(a['package--fn'].options).toEqual({ stackFile: 'apps/api/stack.yml', resource: 'fn' });
    expect(configHashOf(b['package--fn'])).toBe(configHashOf(a['package--fn']));
  });

  it("a $File value is part of the resource's config hash", async () => {
    const a = await targetsOf(workspace());
    const b = await targetsOf(workspace(STACK, '{ "memory": 1024 }'));
    expect(configHashOf(b['package--fn'])).not.toBe(configHashOf(a['package--fn']));
    expect(configHashOf(b['package--plain'])).toBe(configHashOf(a['package--plain']));
  });

  it('a stack whose values cannot be resolved at graph time keeps its targets (validate reports the problem)', async () => {
    const targets = await targetsOf(workspace(STACK.replace("$CliArgs('mem', 256)", "$CliArgs('mem')").replace("$File('config.json')", "$File('missing.json')")));
    expect(Object.keys(targets)).toEqual(expect.arrayContaining(['validate', 'package--fn', 'package--plain', 'deploy']));
  });
});

describe('$CliArgs in the task graph', () => {
  it("validate hashes only the options $CliArgs reads (env inputs set from the command line), so deploy does not forward its flags to it", async () => {
    const targets = await targetsOf(workspace());
    expect(targets['validate'].inputs).toContainEqual({ env: 'NXSTACK_CLI_ARG_mem' });
    expect((targets['validate'].inputs ?? []).filter((i) => typeof i === 'object' && 'env' in i && i.env.startsWith('NXSTACK_CLI_ARG_'))).toEqual([{ env: 'NXSTACK_CLI_ARG_mem' }]);
    expect(targets['deploy'].dependsOn).toContain('validate');
    expect(targets['deploy'].dependsOn).not.toContainEqual(expect.objectContaining({ target: 'validate' }));
  });

});
