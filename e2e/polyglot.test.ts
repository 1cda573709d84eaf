/**
 * Issue 4: a sample workspace with one function per language (TypeScript, Python, Go, Java)
 * deploys to the `local` stage and to moto through the real nx CLI on a packed install. Each
 * language gets its own packager executor; a repeat deploy is all cache hits and leaves the
 * stack alone; editing the Python (or Go) handler re-packages and re-points only that function.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { CloudFormationClient, DescribeStacksCommand, GetTemplateCommand, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { GetFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { readZip } from '@nxstack/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { motoEnv } from '../tools/test-services/aws-env';
import { elfMachine, wheelTags } from './lib/artifact-inspection';
import { createWorkspaceFromTemplate, REPO_ROOT, runNx, summaries, taskResults, type NxRun } from './lib/sample-workspace';
import { projectTargets, removeWorkspaceAfterAll } from './lib/suite';

const FIFTEEN_MINUTES = 900_000;
const STACK = 'poly-e2epoly';
const DEPLOY_AWS = ['run', 'poly:deploy', '--stage', 'e2epoly', '--region', 'us-east-1'];

/** What each function must look like once packaged, by resource name. */
const FUNCTIONS = {
  tsFn: { executor: '@nxstack/packager-node:package', runtime: 'nodejs22.x', handler: 'index.handler' },
  pyFn: { executor: '@nxstack/packager-python:package', runtime: 'python3.12', handler: 'handler.handler' },
  goFn: { executor: '@nxstack/packager-go:package', runtime: 'provided.al2023', handler: 'bootstrap' },
  javaFn: { executor: '@nxstack/packager-java:package', runtime: 'java21', handler: 'com.example.poly.Hello::handleRequest' },
} as const;
type Fn = keyof typeof FUNCTIONS;
const NAMES = Object.keys(FUNCTIONS) as Fn[];

interface Manifest {
  readonly artifact: string;
  readonly sha256: string;
  readonly size: number;
  readonly handler: string;
  readonly runtime: string;
  readonly architecture: string;
}
interface LambdaResource {
  readonly Type: string;
  readonly Properties?: { Runtime?: string; Handler?: string; Code?: { S3Key?: string; S3Bucket?: unknown } };
}

let ws: string;

function expectSuccess(run: NxRun): void {
  if (run.status !== 0) throw new Error(`nx failed (exit ${run.status}):\n${run.output.slice(-8000)}`);
}

function manifestOf(fn: Fn): Manifest {
  return JSON.parse(readFileSync(path.join(ws, 'dist/stack/poly', fn, 'manifest.json'), 'utf8')) as Manifest;
}

function zipOf(fn: Fn): string {
  return path.join(ws, 'dist/stack/poly', fn, manifestOf(fn).artifact);
}

function lambdaFunctions(template: { Resources: Record<string, LambdaResource> }): Record<string, LambdaResource> {
  return Object.fromEntries(Object.entries(template.Resources).filter(([, r]) => r.Type === 'AWS::Lambda::Function'));
}

/** The function resource whose S3 key / handler belongs to `fn` (the key carries the resource name). */
function logicalIdOf(functions: Record<string, LambdaResource>, fn: Fn): string {
  const ids = Object.keys(functions).filter((id) => functions[id].Properties?.Handler === FUNCTIONS[fn].handler && functions[id].Properties?.Runtime === FUNCTIONS[fn].runtime);
  expect(ids, `one AWS::Lambda::Function for ${fn}`).toHaveLength(1);
  return ids[0];
}

function clients() {
  const env = motoEnv('us-east-1');
  const config = { region: env.AWS_REGION, endpoint: env.AWS_ENDPOINT_URL, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } };
  return { env, cfn: new CloudFormationClient(config), lambda: new LambdaClient(config) };
}

/** Per resource name: the deployed template's Code.S3Key and Lambda's view of the function. */
async function deployedFunctions(): Promise<Record<Fn, { s3Key: string; runtime?: string; handler?: string; codeSize?: number; codeSha256?: string }>> {
  const { cfn, lambda } = clients();
  const template = JSON.parse((await cfn.send(new GetTemplateCommand({ StackName: STACK }))).TemplateBody ?? '{}') as { Resources: Record<string, LambdaResource> };
  const functions = lambdaFunctions(template);
  expect(Object.keys(functions)).toHaveLength(4);
  const physical = Object.fromEntries(
    ((await cfn.send(new ListStackResourcesCommand({ StackName: STACK }))).StackResourceSummaries ?? []).map((r) => [r.LogicalResourceId, r.PhysicalResourceId]),
  );
  const out = {} as Record<Fn, { s3Key: string; runtime?: string; handler?: string; codeSize?: number; codeSha256?: string }>;
  for (const fn of NAMES) {
    const id = logicalIdOf(functions, fn);
    const got = await lambda.send(new GetFunctionCommand({ FunctionName: physical[id] }));
    out[fn] = {
      s3Key: String(functions[id].Properties?.Code?.S3Key),
      runtime: got.Configuration?.Runtime,
      handler: got.Configuration?.Handler,
      codeSize: got.Configuration?.CodeSize,
      codeSha256: got.Configuration?.CodeSha256,
    };
  }
  return out;
}

describe('e2e: one function per language (TS, Python, Go, Java) through the real nx CLI', () => {
  beforeAll(() => {
    ws = createWorkspaceFromTemplate(path.join(REPO_ROOT, 'e2e', 'polyglot-workspace'), 'nxs-e2e-poly-');
  }, FIFTEEN_MINUTES);

  removeWorkspaceAfterAll(() => ws);

  it('infers a package target per function with the packager of its language', () => {
    const project = { targets: projectTargets(ws, 'poly') };
    const perFunction = NAMES.flatMap((fn) => [`package--${fn}`, `publish--${fn}`, `env--${fn}`, `logs--${fn}`]);
    expect(Object.keys(project.targets).sort()).toEqual([...perFunction, 'package', 'deploy', 'diff', 'destroy', 'invoke', 'promote', 'validate'].sort());
    for (const fn of NAMES) {
      expect(project.targets[`package--${fn}`].executor, fn).toBe(FUNCTIONS[fn].executor);
      expect(project.targets[`publish--${fn}`].executor, fn).toBe('@nxstack/deployer:publish');
      expect(project.targets[`env--${fn}`].executor, fn).toBe('@nxstack/connect-to:env');
    }
    expect(project.targets['deploy'].executor).toBe('@nxstack/deployer:deploy');
    // validate + one package task per function (deploy uploads the zips itself)
    expect(project.targets['deploy'].dependsOn).toHaveLength(5);
  }, FIFTEEN_MINUTES);

  it('deploys to the local stage: four zips for the Lambda platform and a template with their runtimes and handlers', async () => {
    const run = runNx(ws, ['run', 'poly:deploy']);
    expectSuccess(run);

    for (const fn of NAMES) {
      const m = manifestOf(fn);
      expect({ fn, runtime: m.runtime, handler: m.handler, architecture: m.architecture }).toEqual({ fn, runtime: FUNCTIONS[fn].runtime, handler: FUNCTIONS[fn].handler, architecture: 'x86_64' });
      expect(statSync(zipOf(fn)).size, fn).toBe(m.size);
      expect(existsSync(path.join(ws, '.nxstack/local/artifacts/poly', fn, `${m.sha256}.zip`)), fn).toBe(true);
    }

    const template = JSON.parse(readFileSync(path.join(ws, '.nxstack/local/poly/template.json'), 'utf8')) as { Resources: Record<string, LambdaResource> };
    const functions = lambdaFunctions(template);
    expect(Object.keys(functions)).toHaveLength(4);
    for (const fn of NAMES) logicalIdOf(functions, fn);

    const ts = await readZip(zipOf('tsFn'));
    expect(ts.map((e) => e.path)).toContain('index.js');
    expect(ts.find((e) => e.path === 'index.js')!.content.toString('utf8')).toContain('typescript');

    const go = await readZip(zipOf('goFn'));
    const bootstrap = go.find((e) => e.path === 'bootstrap');
    expect(bootstrap?.mode).toBe(0o755);
    expect(elfMachine(bootstrap!.content)).toBe(62); // x86-64

    const py = await readZip(zipOf('pyFn'));
    const paths = py.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['handler.py', 'requests/__init__.py', 'pydantic/__init__.py']));
    expect(paths).not.toContain('requirements.txt');
    const coreTags = wheelTags(py, 'pydantic_core');
    expect(coreTags.length).toBeGreaterThan(0);
    for (const tag of coreTags) expect(tag).toMatch(/^cp312-cp312-manylinux.*x86_64$/);
    for (const so of py.filter((e) => e.path.endsWith('.so'))) expect(elfMachine(so.content), so.path).toBe(62);
    expect(wheelTags(py, 'requests')).toEqual(['py3-none-any']);

    const java = await readZip(zipOf('javaFn'));
    expect(java.map((e) => e.path)).toEqual(expect.arrayContaining(['com/example/poly/Hello.class', 'lib/aws-lambda-java-core-1.2.3.jar']));
  }, FIFTEEN_MINUTES);

  it('deploys to moto with each runtime, handler and code size; a repeat deploy is all cache hits and leaves the stack alone', async () => {
    const { env, cfn } = clients();
    expectSuccess(runNx(ws, DEPLOY_AWS, env));

    const stack = (await cfn.send(new DescribeStacksCommand({ StackName: STACK }))).Stacks?.[0];
    expect(stack?.StackStatus).toMatch(/^(CREATE|UPDATE)_COMPLETE$/);
    const deployed = await deployedFunctions();
    for (const fn of NAMES) {
      expect({ fn, runtime: deployed[fn].runtime, handler: deployed[fn].handler }).toEqual({ fn, runtime: FUNCTIONS[fn].runtime, handler: FUNCTIONS[fn].handler });
      expect(deployed[fn].codeSize, fn).toBe(statSync(zipOf(fn)).size);
      expect(deployed[fn].s3Key, fn).toContain(manifestOf(fn).sha256);
    }

    const templateBefore = (await cfn.send(new GetTemplateCommand({ StackName: STACK }))).TemplateBody;
    const again = runNx(ws, DEPLOY_AWS, env);
    expectSuccess(again);
    const tasks = taskResults(again.output);
    for (const fn of NAMES) expect(tasks[`poly:package--${fn}`], `poly:package--${fn}`).toBe('cache');

    const after = (await cfn.send(new DescribeStacksCommand({ StackName: STACK }))).Stacks?.[0];
    expect(after?.StackStatus).toBe(stack?.StackStatus);
    expect(String(after?.LastUpdatedTime)).toBe(String(stack?.LastUpdatedTime));
    expect((await cfn.send(new GetTemplateCommand({ StackName: STACK }))).TemplateBody).toBe(templateBefore);
    const deploy = summaries(again.output).filter((s) => s.kind === 'deploy');
    expect(deploy).toHaveLength(1);
    expect(deploy[0].fields['cfnWrites']).toBe('0');
    expect(summaries(again.output).filter((s) => s.kind === 'publish').every((s) => s.fields['uploads'] === '0')).toBe(true);
  }, FIFTEEN_MINUTES);

  it('editing the Python handler re-packages and re-points only the Python function', async () => {
    const { env } = clients();
    const before = await deployedFunctions();
    const handler = path.join(ws, 'poly/python/src/handler.py');
    writeFileSync(handler, readFileSync(handler, 'utf8').replace('language="python"', 'language="python, version 2"'));

    const run = runNx(ws, DEPLOY_AWS, env);
    expectSuccess(run);
    const tasks = taskResults(run.output);
    expect(Object.fromEntries(NAMES.map((fn) => [fn, tasks[`poly:package--${fn}`]]))).toEqual({ tsFn: 'cache', pyFn: 'run', goFn: 'cache', javaFn: 'cache' });

    const after = await deployedFunctions();
    const changed = NAMES.filter((fn) => after[fn].s3Key !== before[fn].s3Key);
    expect(changed).toEqual(['pyFn']);
    expect(after.pyFn.s3Key).toContain(manifestOf('pyFn').sha256);
    expect(after.pyFn.codeSize).toBe(statSync(zipOf('pyFn')).size);
    for (const fn of NAMES.filter((f) => f !== 'pyFn')) expect(after[fn].codeSha256, fn).toBe(before[fn].codeSha256);
    expect(after.pyFn.codeSha256).not.toBe(before.pyFn.codeSha256);
  }, FIFTEEN_MINUTES);

  it('editing the Go handler re-packages only the Go function (its inputs are its module, not the project)', () => {
    const main = path.join(ws, 'poly/go/main.go');
    writeFileSync(main, readFileSync(main, 'utf8').replace('Language: "go"', 'Language: "go, version 2"'));
    const run = runNx(ws, ['run', 'poly:deploy']); // the local stage
    expectSuccess(run);
    const tasks = taskResults(run.output);
    expect(Object.fromEntries(NAMES.map((fn) => [fn, tasks[`poly:package--${fn}`]]))).toEqual({ tsFn: 'cache', pyFn: 'cache', goFn: 'run', javaFn: 'cache' });
  }, FIFTEEN_MINUTES);

  it('invokes each packaged function locally through the Runtime API emulation (nx run poly:invoke)', () => {
    writeFileSync(path.join(ws, 'event.json'), JSON.stringify({ name: 'Ada' }));
    const expected: Record<Fn, Record<string, unknown>> = {
      tsFn: { language: 'typescript', message: 'Hello, Ada!' },
      pyFn: { language: 'python, version 2', message: 'Hello, Ada!', requests: '2.32.3' },
      goFn: { language: 'go, version 2', message: 'Hello, Ada!' },
      javaFn: { language: 'java', message: 'Hello, Ada!' },
    };
    for (const fn of NAMES) {
      const run = runNx(ws, ['run', 'poly:invoke', '--resource', fn, '--event', 'event.json']);
      expectSuccess(run);
      // The result line is the JSON the function returned, from its packaged artifact.
      const line = run.output.split('\n').find((l) => l.startsWith('{'));
      expect(JSON.parse(line ?? 'null'), fn).toEqual(expected[fn]);
      expect(run.output, fn).not.toContain('WARNING: A restricted method'); // the JVM's JNI warning stays out of the function log
      expect(run.output, fn).toMatch(new RegExp(`REPORT RequestId: \\S+\\tDuration: [\\d.]+ ms\\tBilled Duration: \\d+ ms\\tMemory Size: ${fn === 'goFn' ? 128 : fn === 'javaFn' ? 512 : 256} MB\\tMax Memory Used: \\d+ MB`));
    }
  }, FIFTEEN_MINUTES);
});
