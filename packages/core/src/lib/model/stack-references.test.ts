import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { NxstackError } from '../errors';
import { functionStack, importingStack } from './__fixtures__/stack-imports';
import { parseDirectiveString } from './directive-parser';
import { loadStack } from './load-stack';
import { referencedStack, resolveStackReferences, stackExportName, stackReferenceGraph, workspaceStackFiles } from './stack-references';

const FN = functionStack;
const importing = (...values: string[]) => importingStack(values);
const DB = `${FN()}
stackConfig:
  outputs:
    - name: TableName
      value: $ResourceParam('fn', 'name')
      export: true
    - name: Internal
      value: plain
`;

/** A workspace with one folder (and stack.yml) per project. */
function workspace(stacks: Record<string, string>): { root: string; files: Map<string, string> } {
  const root = mkdtempSync(path.join(tmpdir(), 'nxs-refs-'));
  for (const [project, text] of Object.entries(stacks)) {
    mkdirSync(path.join(root, project), { recursive: true });
    writeFileSync(path.join(root, project, 'stack.yml'), text);
  }
  mkdirSync(path.join(root, 'lib'), { recursive: true });
  const projects = Object.fromEntries([...Object.keys(stacks), 'lib'].map((p) => [p, { root: p }]));
  return { root, files: workspaceStackFiles(projects, root) };
}

async function resolveFor(stacks: Record<string, string>, project: string, stage = 'dev') {
  const { root, files } = workspace(stacks);
  const stack = await loadStack(`${project}/stack.yml`, { workspaceRoot: root, checkPaths: false });
  return resolveStackReferences({ stack, projectName: project, stage, workspaceRoot: root, stackFiles: files });
}

async function failure(stacks: Record<string, string>, project: string, stage = 'dev'): Promise<NxstackError> {
  return resolveFor(stacks, project, stage).then(
    () => {
      throw new Error('expected a failure');
    },
    (e: NxstackError) => e,
  );
}

describe('$CfStackOutput', () => {
  it('parses with Stacktape\'s two arguments', () => {
    expect(parseDirectiveString("$CfStackOutput('db-dev', 'TableName')").value).toEqual({ $directive: 'CfStackOutput', stackName: 'db-dev', outputName: 'TableName' });
    expect(parseDirectiveString("$CfStackOutput('db-dev')").problem?.code).toBe('NXS_DIRECTIVE_SYNTAX');
  });

  it('names a project alone (this stage) or <project>-<stage>, the longest project first', () => {
    const projects = ['db', 'db-admin', 'api'];
    expect(referencedStack('db', projects)).toEqual({ project: 'db' });
    expect(referencedStack('db-dev', projects)).toEqual({ project: 'db', stage: 'dev' });
    expect(referencedStack('db-admin-pr-12', projects)).toEqual({ project: 'db-admin', stage: 'pr-12' });
    expect(referencedStack('db-Prod', projects)).toBeUndefined();
    expect(referencedStack('billing-dev', projects)).toBeUndefined();
    expect(stackExportName('db-dev', 'TableName')).toBe('db-dev-TableName');
  });

  it('resolves both spellings to the provider\'s stack and export on the stage', async () => {
    const refs = await resolveFor({ db: DB, api: importing("$CfStackOutput('db', 'TableName')", "$CfStackOutput('db-prod', 'TableName')") }, 'api');
    expect(Object.fromEntries(refs.stackNames)).toEqual({ db: 'db-dev', 'db-prod': 'db-prod' });
    expect(refs.references.map((r) => [r.project, r.stage, r.exportName, `${r.location.file}:${r.location.line}`])).toEqual([
      ['db', 'dev', 'db-dev-TableName', 'api/stack.yml:13'],
      ['db', 'prod', 'db-prod-TableName', 'api/stack.yml:15'],
    ]);
  });

  it('refuses an unknown stack, an undeclared or unexported output and a local/AWS mix, at the directive', async () => {
    const unknown = await failure({ db: DB, api: importing("$CfStackOutput('dbb', 'TableName')") }, 'api');
    expect([unknown.code, unknown.where]).toEqual(['NXS_CF_STACK_OUTPUT_UNKNOWN_STACK', 'api/stack.yml:13:18']);
    expect(unknown.hint).toContain("'db'");
    const missing = await failure({ db: DB, api: importing("$CfStackOutput('db', 'TableNam')") }, 'api');
    expect([missing.code, missing.where]).toEqual(['NXS_CF_STACK_OUTPUT_UNKNOWN_OUTPUT', 'api/stack.yml:13:18']);
    expect(missing.hint).toContain('TableName');
    const hidden = await failure({ db: DB, api: importing("$CfStackOutput('db', 'Internal')") }, 'api');
    expect([hidden.code, hidden.where]).toEqual(['NXS_CF_STACK_OUTPUT_NOT_EXPORTED', 'api/stack.yml:13:18']);
    expect(hidden.hint).toContain('db/stack.yml:17');
    const mixed = await failure({ db: DB, api: importing("$CfStackOutput('db-dev', 'TableName')") }, 'api', 'local');
    expect([mixed.code, mixed.where]).toEqual(['NXS_CF_STACK_OUTPUT_STAGE', 'api/stack.yml:13:18']);
  });

  it('refuses its own stack and a cycle through other projects', async () => {
    const self = await failure({ api: importing("$CfStackOutput('api', 'X')") }, 'api');
    expect(self.code).toBe('NXS_STACK_REFERENCE_CYCLE');
    const stacks = { a: importing("$CfStackOutput('b', 'X')"), b: importing("$CfStackOutput('c', 'X')"), c: importing("$CfStackOutput('a-dev', 'X')") };
    const cycle = await failure(stacks, 'a');
    expect([cycle.code, cycle.where]).toEqual(['NXS_STACK_REFERENCE_CYCLE', 'a/stack.yml:13:18']);
    expect(cycle.message).toContain('a → b → c → a');
  });

  it('builds the project graph, skipping a stack.yml that cannot be read', async () => {
    const { root, files } = workspace({ db: DB, api: importing("$CfStackOutput('db', 'TableName')", "$CfStackOutput('nowhere-dev', 'X')"), broken: 'resources: [' });
    const graph = await stackReferenceGraph(files, root);
    expect(graph.get('api')!.map((e) => [e.provider, e.location.line])).toEqual([['db', 13]]);
    expect(graph.get('db')).toEqual([]);
    expect(graph.has('broken')).toBe(false);
    expect([...files.keys()]).toEqual(['api', 'broken', 'db']);
  });

  it('checks output names: letters and digits, each once', async () => {
    const { root } = workspace({
      dup: `${FN()}\nstackConfig:\n  outputs:\n    - name: A\n      value: x\n    - name: A\n      value: y\n`,
      bad: `${FN()}\nstackConfig:\n  outputs:\n    - name: BUCKET_URL\n      value: x\n`,
    });
    const problems = async (p: string) => loadStack(`${p}/stack.yml`, { workspaceRoot: root, checkPaths: false }).then(
      () => [] as NxstackError[],
      (e: { problems: NxstackError[] }) => e.problems,
    );
    expect((await problems('dup')).map((p) => [p.code, p.where])).toEqual([['NXS_OUTPUT_ID_DUPLICATE', 'dup/stack.yml:16:13']]);
    expect((await problems('bad')).map((p) => p.where)).toEqual(['bad/stack.yml:14:13']);
  });
});
