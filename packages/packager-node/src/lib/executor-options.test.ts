import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeFunctionOptionsFromExecutor, sharedResourceReader } from './executor-options';

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

  it('a batch reads its tasks\' resources from one load; a task whose resource has a problem still gets its own error', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'nxs-shared-options-'));
    mkdirSync(path.join(root, 'src'));
    writeFileSync(path.join(root, 'src', 'a.ts'), 'export const handler = async () => 1;\n');
    const fn = (name: string, extra = '') => `  ${name}:\n    type: function\n    properties:\n${extra}      packaging: { type: stacktape-lambda-buildpack, properties: { entryfilePath: src/a.ts } }\n`;
    writeFileSync(path.join(root, 'stack.yml'), `resources:\n${fn('a')}${fn('b')}${fn('c', "      memory: $CliArgs('mem')\n")}`);
    const tasks = [{ stackFile: 'stack.yml', resource: 'a' }, { stackFile: 'stack.yml', resource: 'b' }];
    const alone = await Promise.all(tasks.map((t) => nodeFunctionOptionsFromExecutor(t, { workspaceRoot: root })));
    const readResources = await sharedResourceReader(root, tasks);
    expect(await Promise.all(tasks.map((t) => nodeFunctionOptionsFromExecutor(t, { workspaceRoot: root, readResources })))).toEqual(alone);
    // c needs an argument the package task does not have: the shared load fails, a and b load alone, c fails with its own error.
    const withC = [...tasks, { stackFile: 'stack.yml', resource: 'c' }];
    const reader = await sharedResourceReader(root, withC);
    expect(await nodeFunctionOptionsFromExecutor(tasks[0], { workspaceRoot: root, readResources: reader })).toEqual(alone[0]);
    await expect(nodeFunctionOptionsFromExecutor(withC[2], { workspaceRoot: root, readResources: reader })).rejects.toMatchObject({ problems: [expect.objectContaining({ code: 'NXS_CLI_ARG_MISSING' })] });
  });
});
