/**
 * Monorepo-native deploys through the real nx CLI on a packed install, one git workspace:
 * `db` exports an output (stackConfig.outputs, export: true), `api` imports it with
 * `$CfStackOutput('db', …)`, `web` is unrelated.
 * - api depends on db in Nx's project graph; `nx run-many -t deploy` deploys db before api, on
 *   the local stage (the import takes db's local output) and on moto (Fn::ImportValue of db's export);
 *   `invoke` and `env--handler` read the imported value from db's stack on that stage.
 * - `nx affected -t deploy` after a change to db deploys db and api, not web; after a change to
 *   web only web.
 * - `promote` of api to another stage imports that stage's db export (and that stage's older
 *   bootstrap stack is upgraded to the current version by its first deploy).
 * - A cycle of imports fails in validate with the directive's file:line:col, before any deploy.
 * - destroy refuses a provider while a stack imports its outputs (local state, CloudFormation ListImports).
 */
import { readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import * as path from 'node:path';
import { CloudFormationClient, CreateStackCommand, DescribeStacksCommand, GetTemplateCommand, ListExportsCommand } from '@aws-sdk/client-cloudformation';
import { GetFunctionConfigurationCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { motoEnv } from '../tools/test-services/aws-env';
import { createWorkspaceFromTemplate, REPO_ROOT, runNx, taskResults, type NxRun } from './lib/sample-workspace';
import { commitAll, git, projectTargets, removeWorkspaceAfterAll } from './lib/suite';

const TEN_MINUTES = 600_000;
let ws: string;

function expectSuccess(run: NxRun): void {
  if (run.status !== 0) throw new Error(`nx failed (exit ${run.status}):\n${run.output.slice(-6000)}`);
}

/** The deploy tasks a run ran, in the order Nx reported them finished. */
function deployOrder(run: NxRun): string[] {
  return Object.keys(taskResults(run.output)).filter((t) => t.endsWith(':deploy'));
}

const readJson = <T>(file: string): T => JSON.parse(readFileSync(path.join(ws, file), 'utf8')) as T;

function clients(env: Record<string, string>) {
  const config = { region: env.AWS_REGION, endpoint: env.AWS_ENDPOINT_URL, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } };
  return { cfn: new CloudFormationClient(config), lambda: new LambdaClient(config) };
}

describe('e2e: $CfStackOutput between projects of one workspace', () => {
  beforeAll(() => {
    ws = createWorkspaceFromTemplate(path.join(REPO_ROOT, 'e2e', 'stack-deps-workspace'), 'nxs-e2e-stack-deps-');
    commitAll(ws, 'three projects');
  }, TEN_MINUTES);

  removeWorkspaceAfterAll(() => ws);

  it('makes api depend on db and deploys db first on the local stage, importing its local output', () => {
    expect(projectTargets(ws, 'api')['deploy'].dependsOn).toContainEqual({ target: 'deploy', dependencies: true, params: 'forward' });

    const graphRun = runNx(ws, ['graph', '--file=graph.json']);
    expectSuccess(graphRun);
    const graph = readJson<{ graph: { dependencies: Record<string, Array<{ target: string }>> } }>('graph.json').graph.dependencies;
    rmSync(path.join(ws, 'graph.json'));
    expect(graph['api'].map((d) => d.target)).toEqual(['db']);
    expect(graph['db']).toEqual([]);
    expect(graph['web']).toEqual([]);

    const run = runNx(ws, ['run-many', '-t', 'deploy']);
    expectSuccess(run);
    const order = deployOrder(run);
    expect(order.sort()).toEqual(['api:deploy', 'db:deploy', 'web:deploy']);
    expect(deployOrder(run).indexOf('db:deploy')).toBeLessThan(deployOrder(run).indexOf('api:deploy'));

    const dbState = readJson<{ outputs: Record<string, string> }>('.nxstack/local/db/state.json');
    expect(dbState.outputs['SharedBucketName']).toMatch(/^db-local-files-/);
    const apiTemplate = readJson<{ Resources: Record<string, { Type: string; Properties?: { Environment?: { Variables?: Record<string, unknown> } } }> }>('.nxstack/local/api/template.json');
    const fn = Object.values(apiTemplate.Resources).find((r) => r.Type === 'AWS::Lambda::Function')!;
    expect(fn.Properties?.Environment?.Variables?.['FILES_BUCKET']).toBe(dbState.outputs['SharedBucketName']);
    // Local invoke and env--<resource> read the import from db's local stage too.
    const invoke = runNx(ws, ['run', 'api:invoke', '--resource', 'handler']);
    expectSuccess(invoke);
    expect(invoke.output).toContain(`{"project":"api","bucket":"${dbState.outputs['SharedBucketName']}"}`);
    const envRun = runNx(ws, ['run', 'api:env--handler']);
    expectSuccess(envRun);
    expect(envRun.output).toContain(`FILES_BUCKET=${dbState.outputs['SharedBucketName']}`);

    // A provider is not destroyed under a consumer: the local stage has no CloudFormation to refuse it.
    const refused = runNx(ws, ['run', 'db:destroy']);
    expect(refused.status).not.toBe(0);
    expect(refused.output).toContain('NXS_STACK_IMPORTED Stack db-local cannot be destroyed: api-local imports its outputs');
    expect(readJson<{ outputs: Record<string, string> }>('.nxstack/local/db/state.json').outputs).toEqual(dbState.outputs);

    // The provider not deployed to the stage: a located error naming the deploy to run.
    rmSync(path.join(ws, '.nxstack/local/db'), { recursive: true, force: true });
    const alone = runNx(ws, ['run', 'api:deploy', '--exclude-task-dependencies']);
    expect(alone.status).not.toBe(0);
    expect(alone.output).toContain("NXS_CF_STACK_OUTPUT_NOT_DEPLOYED api/stack.yml:13:18 $CfStackOutput('db', 'SharedBucketName'): stack db-local is not deployed to stage 'local'");
    expect(alone.output).toContain('nx run db:deploy --stage local');
  }, TEN_MINUTES);

  it('deploys db before api on moto; api imports db\'s export through Fn::ImportValue', async () => {
    // Its own stage: other e2e files deploy a project 'api' to moto's 'dev' (one stack name, one stage lock).
    const env = motoEnv();
    const run = runNx(ws, ['run-many', '-t', 'deploy', '--stage', 'deps'], env);
    expectSuccess(run);
    const order = deployOrder(run);
    expect(order.sort()).toEqual(['api:deploy', 'db:deploy', 'web:deploy']);
    expect(deployOrder(run).indexOf('db:deploy')).toBeLessThan(deployOrder(run).indexOf('api:deploy'));

    const { cfn, lambda } = clients(env);
    const body = (await cfn.send(new GetTemplateCommand({ StackName: 'api-deps' }))).TemplateBody ?? '{}';
    const template = JSON.parse(body) as { Resources: Record<string, { Type: string; Properties?: { Environment?: { Variables?: Record<string, unknown> } } }> };
    const fn = Object.values(template.Resources).find((r) => r.Type === 'AWS::Lambda::Function')!;
    expect(fn.Properties?.Environment?.Variables?.['FILES_BUCKET']).toEqual({ 'Fn::ImportValue': 'db-deps-SharedBucketName' });
    const [apiStack] = (await cfn.send(new DescribeStacksCommand({ StackName: 'api-deps' }))).Stacks ?? [];
    expect(apiStack?.StackStatus).toBe('CREATE_COMPLETE');

    const exports = (await cfn.send(new ListExportsCommand({}))).Exports ?? [];
    const shared = exports.find((e) => e.Name === 'db-deps-SharedBucketName');
    expect(shared?.Value).toMatch(/^db-deps-files-/);
    const config = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'api-deps-handler' }));
    expect(config.Environment?.Variables?.['FILES_BUCKET']).toBe(shared?.Value);
    const envRun = runNx(ws, ['run', 'api:env--handler', '--stage', 'deps'], env);
    expectSuccess(envRun);
    expect(envRun.output).toContain(`FILES_BUCKET=${shared?.Value}`);
  }, TEN_MINUTES);

  it("a stage bootstrapped by an older version is upgraded on first use; promote of api to it imports that stage's db export", async () => {
    const env = motoEnv();
    const { cfn, lambda } = clients(env);
    // depsprod was bootstrapped by an older nxstack (version 1: no expiry of retired artifacts); its first deploy upgrades it.
    const v1 = { Description: 'nxstack deployment bucket (artifacts and large templates)', Resources: { DeploymentBucket: { Type: 'AWS::S3::Bucket', DeletionPolicy: 'Retain', Properties: { BucketName: 'nxstack-123456789012-us-east-1-depsprod' } } }, Outputs: { DeploymentBucketName: { Value: { Ref: 'DeploymentBucket' } } } };
    await cfn.send(new CreateStackCommand({ StackName: 'nxstack-bootstrap-depsprod', TemplateBody: JSON.stringify(v1) }));
    const db = runNx(ws, ['run', 'db:deploy', '--stage', 'depsprod'], env);
    expectSuccess(db);
    expect(db.output).toContain('upgrading bootstrap stack nxstack-bootstrap-depsprod from version 1 to 2 (bucket nxstack-123456789012-us-east-1-depsprod kept)');
    const boot = JSON.parse((await cfn.send(new GetTemplateCommand({ StackName: 'nxstack-bootstrap-depsprod' }))).TemplateBody ?? '{}') as { Resources: { DeploymentBucket: { Properties: { LifecycleConfiguration?: { Rules: Array<{ Id: string }> } } } } };
    expect(boot.Resources.DeploymentBucket.Properties.LifecycleConfiguration?.Rules.map((r) => r.Id)).toContain('expire-retired-artifacts');

    const run = runNx(ws, ['run', 'api:promote', '--from', 'deps', '--to', 'depsprod'], env);
    expectSuccess(run);
    expect(run.output).not.toContain('upgrading bootstrap');
    const template = JSON.parse((await cfn.send(new GetTemplateCommand({ StackName: 'api-depsprod' }))).TemplateBody ?? '{}') as { Resources: Record<string, { Type: string; Properties?: { Environment?: { Variables?: Record<string, unknown> } } }> };
    const fn = Object.values(template.Resources).find((r) => r.Type === 'AWS::Lambda::Function')!;
    expect(fn.Properties?.Environment?.Variables?.['FILES_BUCKET']).toEqual({ 'Fn::ImportValue': 'db-depsprod-SharedBucketName' });
    const config = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'api-depsprod-handler' }));
    expect(config.Environment?.Variables?.['FILES_BUCKET']).toMatch(/^db-depsprod-files-/);
  }, TEN_MINUTES);

  it('nx affected after a change to db deploys db and then api, not web', () => {
    appendFileSync(path.join(ws, 'db/src/index.js'), '// db changed\n');
    const run = runNx(ws, ['affected', '-t', 'deploy', '--base=HEAD', '--stage', 'deps'], motoEnv());
    expectSuccess(run);
    expect(deployOrder(run)).toEqual(['db:deploy', 'api:deploy']);
    git(ws, ['commit', '-qam', 'db changed']);
  }, TEN_MINUTES);

  it('nx affected after a change to web only deploys web', () => {
    appendFileSync(path.join(ws, 'web/src/index.js'), '// web changed\n');
    const run = runNx(ws, ['affected', '-t', 'deploy', '--base=HEAD', '--stage', 'deps'], motoEnv());
    expectSuccess(run);
    expect(deployOrder(run)).toEqual(['web:deploy']);
    git(ws, ['commit', '-qam', 'web changed']);
  }, TEN_MINUTES);

  it('a cycle of imports fails in validate at the directive, before any deploy', () => {
    const file = path.join(ws, 'db/stack.yml');
    const before = readFileSync(file, 'utf8');
    writeFileSync(file, before.replace('      runtime: nodejs22.x\n', "      runtime: nodejs22.x\n      environment:\n        - name: API_URL\n          value: $CfStackOutput('api', 'Url')\n"));
    try {
      const run = runNx(ws, ['run-many', '-t', 'deploy', '--stage', 'deps'], motoEnv());
      expect(run.status).not.toBe(0);
      expect(run.output).toContain("NXS_STACK_REFERENCE_CYCLE db/stack.yml:15:18 $CfStackOutput('api', 'Url') closes a cycle of stack imports: db → api → db");
      expect(run.output).toContain("NXS_STACK_REFERENCE_CYCLE api/stack.yml:13:18 $CfStackOutput('db', 'SharedBucketName') closes a cycle of stack imports: api → db → api");
      expect(deployOrder(run).filter((t) => t !== 'web:deploy')).toEqual([]);
    } finally {
      writeFileSync(file, before);
    }
  }, TEN_MINUTES);

  it('destroy refuses a provider that a stack on moto still imports from; consumer first, then the provider', async () => {
    const env = motoEnv();
    const refused = runNx(ws, ['run', 'db:destroy', '--stage', 'deps'], env);
    expect(refused.status).not.toBe(0);
    expect(refused.output).toContain('NXS_STACK_IMPORTED Stack db-deps cannot be destroyed: api-deps imports its outputs');
    const { cfn } = clients(env);
    const [db] = (await cfn.send(new DescribeStacksCommand({ StackName: 'db-deps' }))).Stacks ?? [];
    expect(db?.StackStatus).toMatch(/_COMPLETE$/);

    expectSuccess(runNx(ws, ['run', 'api:destroy', '--stage', 'deps'], env));
    expectSuccess(runNx(ws, ['run', 'db:destroy', '--stage', 'deps'], env));
    const exports = (await cfn.send(new ListExportsCommand({}))).Exports ?? [];
    expect(exports.map((e) => e.Name)).not.toContain('db-deps-SharedBucketName');
  }, TEN_MINUTES);
});
