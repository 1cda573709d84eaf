import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { localStackStateFile, type NxstackError, type ResolvedStackReference } from '@nxstack/core';
import { resolveLocalImports } from './local-imports';

const ref: ResolvedStackReference = {
  project: 'db',
  stage: 'local',
  stackName: 'db-local',
  outputName: 'TableName',
  exportName: 'db-local-TableName',
  text: "$CfStackOutput('db', 'TableName')",
  location: { file: 'api/stack.yml', line: 13, column: 18 },
};
const template = { Resources: { Fn: { Properties: { Environment: { Variables: { T: { 'Fn::ImportValue': 'db-local-TableName' }, J: { 'Fn::Join': ['', ['x-', { 'Fn::ImportValue': 'db-local-TableName' }]] } } } } } } };

function workspaceWithDbState(outputs?: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'nxs-local-imports-'));
  if (outputs) {
    const file = path.join(root, localStackStateFile('local', 'db'));
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify({ stackName: 'db-local', outputs }));
  }
  return root;
}

describe('imports on the local stage', () => {
  it('take the provider\'s locally deployed output', async () => {
    const resolved = await resolveLocalImports(template, [ref], workspaceWithDbState({ TableName: 'db-local-table' }));
    expect(resolved.Resources.Fn.Properties.Environment.Variables).toEqual({ T: 'db-local-table', J: { 'Fn::Join': ['', ['x-', 'db-local-table']] } });
  });

  it('fail at the directive when the provider is not deployed to the stage or lacks the output', async () => {
    const notDeployed = (await resolveLocalImports(template, [ref], workspaceWithDbState()).catch((e: NxstackError) => e)) as NxstackError;
    expect([notDeployed.code, notDeployed.where]).toEqual(['NXS_CF_STACK_OUTPUT_NOT_DEPLOYED', 'api/stack.yml:13:18']);
    expect(notDeployed.hint).toContain('nx run db:deploy --stage local');
    const stale = (await resolveLocalImports(template, [ref], workspaceWithDbState({ Other: 'x' })).catch((e: NxstackError) => e)) as NxstackError;
    expect([stale.code, stale.message]).toEqual(['NXS_CF_STACK_OUTPUT_NOT_DEPLOYED', "$CfStackOutput('db', 'TableName'): the deployed stack db-local has no output 'TableName'"]);
  });
});
