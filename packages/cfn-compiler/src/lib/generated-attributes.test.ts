// Every Fn::GetAtt the compiler itself writes names an attribute CloudFormation returns for that
// type (the same data $CfResourceParam is checked against), over stacks that use every type.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cfnAttributes, loadStack } from '@nxstack/core';
import { compileStack } from './compile-stack';
import { computeArtifacts, computeConfig } from './__fixtures__/compute-stack';
import { parsedFixtureStack } from './__fixtures__/sample-stack';
import type { CfnTemplate } from './types';
import { validateStack } from './validate-stack';

function getAtts(value: unknown, out: Array<[string, string]> = []): Array<[string, string]> {
  if (Array.isArray(value)) value.forEach((v) => getAtts(v, out));
  else if (value && typeof value === 'object') {
    const att = (value as Record<string, unknown>)['Fn::GetAtt'];
    if (Array.isArray(att) && typeof att[0] === 'string' && typeof att[1] === 'string') out.push([att[0], att[1]]);
    Object.values(value).forEach((v) => getAtts(v, out));
  }
  return out;
}

function unknownAttributes(template: CfnTemplate): string[] {
  return getAtts(template)
    .map(([id, attribute]) => ({ id, attribute, type: template.Resources[id]?.Type }))
    .filter(({ type, attribute }) => !type || !(cfnAttributes(type) ?? [attribute]).includes(attribute))
    .map(({ id, attribute, type }) => `${id} (${type ?? 'missing'}).${attribute}`);
}

describe('GetAtt of generated resources', () => {
  it('uses only attributes the compute types return', () => {
    const { template } = compileStack({ stack: parsedFixtureStack(computeConfig()), projectName: 'api', stage: 'dev', artifacts: computeArtifacts(), now: new Date('2026-01-01T00:00:00Z') });
    expect(getAtts(template).length).toBeGreaterThan(10);
    expect(unknownAttributes(template)).toEqual([]);
  });

  it.each(['data-stack', 'issue-sample'])('uses only attributes the %s types return', async (fixture) => {
    const stack = await loadStack(join(fixture, 'stack.yml'), { workspaceRoot: join(__dirname, '__fixtures__'), checkPaths: false });
    const { template } = validateStack({ stack, projectName: 'api', stage: 'local', now: new Date('2026-01-01T00:00:00Z') });
    expect(getAtts(template).length).toBeGreaterThan(0);
    expect(unknownAttributes(template)).toEqual([]);
  });
});
