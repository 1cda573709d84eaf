import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadStack } from '@nxstack/core';
import { resolveScriptParameters } from './script-parameters';

async function stack(yaml: string) {
  const root = mkdtempSync(path.join(tmpdir(), 'nxs-params-'));
  writeFileSync(path.join(root, 'stack.yml'), yaml);
  return loadStack(path.join(root, 'stack.yml'), { workspaceRoot: root, checkPaths: false });
}

const SCRIPT = [
  'resources:',
  '  files:',
  '    type: bucket',
  '  seed:',
  '    type: deployment-script',
  '    properties:',
  '      trigger: after:deploy',
  '      packaging:',
  '        type: custom-artifact',
  '        properties: { packagePath: dist, handler: index.handler }',
  '      parameters:',
  '        nested:',
  "          - $ResourceParam('files', 'name')",
  "          - s3://$ResourceParam('files', 'name')/seed",
  '        count: 3',
  '        flag: true',
  "        arn: $CfResourceParam('FilesBucket', 'Arn')",
  '',
].join('\n');

describe('resolveScriptParameters', () => {
  const lookup = {
    resourceParam: (r: string, p: string) => (r === 'files' && p === 'name' ? 'my-files' : undefined),
    cfResourceParam: (id: string, attr: string) => (id === 'FilesBucket' && attr === 'Arn' ? 'arn:aws:s3:::my-files' : undefined),
    missingHint: 'deploy first',
  };

  it('replaces every directive (also inside text) and keeps the YAML types of the rest', async () => {
    expect(resolveScriptParameters(await stack(SCRIPT), 'seed', lookup)).toEqual({
      nested: ['my-files', 's3://my-files/seed'],
      count: 3,
      flag: true,
      arn: 'arn:aws:s3:::my-files',
    });
  });

  it('is {} without parameters, and names a directive without a value with its stack.yml line', async () => {
    expect(resolveScriptParameters(await stack(SCRIPT.replace(/      parameters:[\s\S]*$/, '')), 'seed', lookup)).toEqual({});
    const s = await stack(SCRIPT);
    expect(() => resolveScriptParameters(s, 'seed', { ...lookup, cfResourceParam: () => undefined })).toThrow(
      expect.objectContaining({ code: 'NXS_SCRIPT_PARAMETER_UNRESOLVED', hint: 'deploy first', location: expect.objectContaining({ line: 17 }) }),
    );
  });
});
