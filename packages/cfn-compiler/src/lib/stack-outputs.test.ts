import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadStack, type NxstackError } from '@nxstack/core';
import { cfnLint } from '../../../../tools/test-services/cfn-lint';
import { importingStack } from '../../../core/src/lib/model/__fixtures__/stack-imports';
import { validateStack } from './validate-stack';

const FN = importingStack(["$CfStackOutput('db', 'SharedName')", "arn:$CfStackOutput('db-prod', 'SharedName'):x"], '  files:\n    type: bucket\n');

async function stackOf(text: string) {
  const root = mkdtempSync(path.join(tmpdir(), 'nxs-outputs-'));
  mkdirSync(path.join(root, 'api'));
  writeFileSync(path.join(root, 'api', 'stack.yml'), text);
  return loadStack('api/stack.yml', { workspaceRoot: root, checkPaths: false });
}

const refs = new Map([
  ['db', 'db-dev'],
  ['db-prod', 'db-prod'],
]);

describe('stack outputs and imports in the template', () => {
  it('compiles $CfStackOutput to Fn::ImportValue and stackConfig.outputs to Outputs with exports; cfn-lint accepts it', async () => {
    const stack = await stackOf(`${FN}stackConfig:
  outputs:
    - name: FilesBucket
      value: $ResourceParam('files', 'name')
      description: the bucket
      export: true
    - name: Imported
      value: $CfStackOutput('db', 'SharedName')
`);
    const { template } = validateStack({ stack, projectName: 'api', stage: 'dev', stackReferences: refs });
    const env = (template.Resources['FnFunction'].Properties as { Environment: { Variables: Record<string, unknown> } }).Environment.Variables;
    expect(env['V0']).toEqual({ 'Fn::ImportValue': 'db-dev-SharedName' });
    expect(env['V1']).toEqual({ 'Fn::Join': ['', ['arn:', { 'Fn::ImportValue': 'db-prod-SharedName' }, ':x']] });
    expect(template.Outputs?.['FilesBucket']).toMatchObject({ Description: 'the bucket', Export: { Name: 'api-dev-FilesBucket' } });
    expect(template.Outputs?.['Imported']).toEqual({ Value: { 'Fn::ImportValue': 'db-dev-SharedName' } });
    expect(await cfnLint(template)).toBe('');
  });

  it('refuses a $CfStackOutput the workspace did not resolve, and an output named like a generated one', async () => {
    const fail = (f: () => unknown): NxstackError => {
      try {
        f();
      } catch (e) {
        return e as NxstackError;
      }
      throw new Error('expected a failure');
    };
    const stack = await stackOf(FN);
    const unresolved = fail(() => validateStack({ stack, projectName: 'api', stage: 'dev' }));
    expect([unresolved.code, unresolved.where]).toEqual(['NXS_CF_STACK_OUTPUT_UNRESOLVED', 'api/stack.yml:13:18']);
    const clash = await stackOf(`${FN}stackConfig:\n  outputs:\n    - name: FilesName\n      value: x\n`);
    const e = fail(() => validateStack({ stack: clash, projectName: 'api', stage: 'dev', stackReferences: refs }));
    expect([e.code, e.where]).toEqual(['NXS_OUTPUT_ID_DUPLICATE', 'api/stack.yml:20:13']);
  });
});
