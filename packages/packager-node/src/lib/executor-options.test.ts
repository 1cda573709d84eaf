import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeFunctionOptionsFromExecutor } from './executor-options';

describe('node package options from stack.yml', () => {
  it('an edge-lambda-function is bundled without a source map (Lambda@Edge takes no NODE_OPTIONS), a function with one', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'nxs-edge-options-'));
    mkdirSync(path.join(root, 'src'));
    writeFileSync(path.join(root, 'src', 'a.ts'), 'export const handler = async () => 1;\n');
    writeFileSync(path.join(root, 'stack.yml'), `resources:
  edge:
    type: edge-lambda-function
    properties:
      packaging: { type: stacktape-lambda-buildpack, properties: { entryfilePath: src/a.ts } }
  fn:
    type: function
    properties:
      packaging: { type: stacktape-lambda-buildpack, properties: { entryfilePath: src/a.ts } }
`);
    const [edge, fn] = await nodeFunctionOptionsFromExecutor({ stackFile: 'stack.yml', resources: ['edge', 'fn'] }, { workspaceRoot: root });
    expect([edge.resourceName, edge.sourceMap]).toEqual(['edge', false]);
    expect([fn.resourceName, fn.sourceMap]).toEqual(['fn', undefined]);
  });
});
