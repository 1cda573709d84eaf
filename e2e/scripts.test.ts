/**
 * Deployment scripts on an AWS stage through the real nx CLI on the packed packages, against
 * moto: each script becomes a Custom::DeploymentScript resource served by its runner Lambda, with
 * the parameters' directives resolved by CloudFormation; an unchanged stack stays up to date and
 * a changed one gets a new token (so after:deploy runs again); destroy removes it all.
 *
 * What moto (5.x) cannot show: it marks a change set's stack *_COMPLETE as soon as it executes,
 * invokes a custom resource's function only on Create (through Docker, which its server here has
 * none of) and ignores a FAILED answer, so a script's failure never rolls a moto stack back. The
 * runner's answers are tested against a real response URL in packages/deployer/src/lib/script-runner.test.ts.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { CloudFormationClient, DescribeStacksCommand, GetTemplateCommand, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { GetFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { describe, expect, it } from 'vitest';
import { motoEnv } from '../tools/test-services/aws-env';
import { REPO_ROOT, runNx, summaries, type NxRun } from './lib/sample-workspace';
import { suiteWorkspace } from './lib/suite';

const TEN_MINUTES = 600_000;
const REGION = 'eu-central-1';
const STAGE = 'scripts';
const STACK = `api-${STAGE}`;
const env = motoEnv(REGION);
const client = { region: REGION, endpoint: env.AWS_ENDPOINT_URL, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } };

function expectSuccess(run: NxRun): void {
  if (run.status !== 0) throw new Error(`nx failed (exit ${run.status}):\n${run.output.slice(-6000)}`);
}

const deploy = () => runNx(workspace(), ['run', 'api:deploy', '--stage', STAGE, '--region', REGION], env);

async function deployedTemplate(): Promise<{ Resources: Record<string, { Type: string; Properties: Record<string, any>; DependsOn?: string[] }> }> {
  const body = (await new CloudFormationClient(client).send(new GetTemplateCommand({ StackName: STACK }))).TemplateBody ?? '{}';
  return JSON.parse(body);
}

let workspace: () => string;

describe('e2e: deployment scripts on an AWS stage (moto)', () => {
  workspace = suiteWorkspace(path.join(REPO_ROOT, 'e2e', 'scripts-workspace'), 'nxs-e2e-scripts-', TEN_MINUTES);

  let firstToken: string;

  it('deploys each script as a custom resource run by its own runner, parameters resolved by CloudFormation', async () => {
    const run = deploy();
    expectSuccess(run);
    expect(run.output).not.toContain('not run yet');
    // The change listing names the runs (moto's change-set execution streams only stack-level events).
    expect(run.output).toMatch(/Add\s+SeedRun\s+Custom::DeploymentScript/);
    expect(run.output).toMatch(/Add\s+CleanupRun\s+Custom::DeploymentScript/);
    expect(run.output).toMatch(new RegExp(`${STACK}\\s+CREATE_COMPLETE`));

    const template = await deployedTemplate();
    const seed = template.Resources.SeedRun;
    expect(seed.Type).toBe('Custom::DeploymentScript');
    expect(seed.Properties).toMatchObject({
      ServiceToken: { 'Fn::GetAtt': ['SeedRunnerFunction', 'Arn'] },
      ScriptName: 'seed',
      Trigger: 'after:deploy',
      ScriptFunction: { Ref: 'SeedFunction' },
      ParameterValues: [
        { 'Fn::Sub': 'https://${MyHttpApiHttpApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}' },
        { 'Fn::Sub': `api-${STAGE}-uploads-\${AWS::AccountId}-\${AWS::Region}` },
      ],
    });
    expect(JSON.parse(seed.Properties.ParametersJson)).toEqual({ apiURL: { $nxs: 0 }, bucket: { $nxs: 1 }, rows: 10, dryRun: false });
    firstToken = seed.Properties.Token;
    expect(firstToken).toMatch(/^[0-9a-f]{64}$/);
    expect(seed.DependsOn).toEqual(expect.arrayContaining(['UploadsBucket', 'MyHttpApiHttpApiDefaultStage', 'CleanupFunction']));
    expect(template.Resources.CleanupRun.Properties).toMatchObject({ Trigger: 'before:delete', ServiceToken: { 'Fn::GetAtt': ['CleanupRunnerFunction', 'Arn'] } });
    expect(template.Resources.CleanupRun.Properties).not.toHaveProperty('Token');

    const resources = (await new CloudFormationClient(client).send(new ListStackResourcesCommand({ StackName: STACK }))).StackResourceSummaries ?? [];
    const byId = Object.fromEntries(resources.map((r) => [r.LogicalResourceId, r]));
    expect(byId.SeedRun?.ResourceType).toBe('Custom::DeploymentScript');
    expect(byId.CleanupRun?.ResourceType).toBe('Custom::DeploymentScript');

    // The runner is a real function on the stage, with our inline code; the script function is the user's zip.
    const lambda = new LambdaClient(client);
    const runner = await lambda.send(new GetFunctionCommand({ FunctionName: `api-${STAGE}-seed-runner` }));
    expect(runner.Configuration).toMatchObject({ Runtime: 'nodejs24.x', Handler: 'index.handler', Timeout: 90 });
    const script = await lambda.send(new GetFunctionCommand({ FunctionName: `api-${STAGE}-seed` }));
    expect(script.Configuration).toMatchObject({ Runtime: 'nodejs22.x', Timeout: 60 });
  }, TEN_MINUTES);

  it('stays up to date when nothing changed: the token derives from the template, no CloudFormation write', () => {
    const run = deploy();
    expectSuccess(run);
    expect(run.output).toContain(`stack ${STACK} is up to date`);
    expect(summaries(run.output).find((s) => s.kind === 'deploy')?.fields.cfnWrites).toBe('0');
  }, TEN_MINUTES);

  it('gives after:deploy a new token when the stack changes, so the script runs again', async () => {
    const file = path.join(workspace(), 'api', 'stack.yml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('rows: 10', 'rows: 11'));
    const run = deploy();
    expectSuccess(run);
    expect(run.output).toMatch(/Modify\s+SeedRun\s+Custom::DeploymentScript/);
    const seed = (await deployedTemplate()).Resources.SeedRun;
    expect(JSON.parse(seed.Properties.ParametersJson).rows).toBe(11);
    expect(seed.Properties.Token).toMatch(/^[0-9a-f]{64}$/);
    expect(seed.Properties.Token).not.toBe(firstToken);
  }, TEN_MINUTES);

  it('destroys the stack with its scripts', async () => {
    const run = runNx(workspace(), ['run', 'api:destroy', '--stage', STAGE, '--region', REGION], env);
    expectSuccess(run);
    await expect(new CloudFormationClient(client).send(new DescribeStacksCommand({ StackName: STACK }))).rejects.toThrow(/does not exist/);
  }, TEN_MINUTES);
});
