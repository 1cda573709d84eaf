/**
 * Deployment scripts on an AWS stage through the real nx CLI on the packed packages, against
 * moto: each script becomes a Custom::DeploymentScript resource served by its runner Lambda, with
 * the parameters' directives resolved by CloudFormation. moto runs the runner and the script in
 * the test dockerd and answers custom resources as CloudFormation does
 * (tools/services/moto_custom_resources.py), so the scripts really run: after:deploy on every
 * deploy that changes the stack (deploy prints what it returned), not on an unchanged one nor a
 * hotswap; its failure rolls the stack back to the previous deploy; before:delete runs on destroy,
 * its failure does not stop the delete and destroy prints it from the runner's log group (kept
 * through the delete by its DeletionPolicy), which destroy then deletes; a deploy that removes a
 * before:delete script deletes that kept group too. A first deploy whose after:deploy fails ends
 * ROLLBACK_COMPLETE; the next deploy is refused before any change and names the destroy that
 * recovers it. A custom resource whose Delete fails (the greeter, while the bucket holds keep-me)
 * ends a destroy DELETE_FAILED for real; deploy is then refused before any change with the destroy
 * that finishes it, which succeeds once the blocker is gone. The deployed template is clean for cfn-lint.
 * The same stack holds a custom-resource-definition whose handler answers CloudFormation itself
 * (as Stacktape's do) and an instance of it: the Data it answers reaches the seed script's
 * environment through $ResourceParam; the local stage refuses the instance with a located error.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { CloudFormationClient, DescribeStacksCommand, GetTemplateCommand, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { DescribeLogGroupsCommand, CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { GetFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { DeleteObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, describe, expect, it } from 'vitest';
import { motoEnv } from '../tools/test-services/aws-env';
import { cfnLint } from '../tools/test-services/cfn-lint';
import { startCountingEndpoint, type CountingEndpoint } from './lib/counting-endpoint';
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

const deploy = (...extra: string[]) => runNx(workspace(), ['run', 'api:deploy', '--stage', STAGE, '--region', REGION, ...extra], env);
const cfn = () => new CloudFormationClient(client);
const SEED_RESULT = /after:deploy script seed returned: (\{.*\})/;

function edit(file: string, from: string, to: string): void {
  const at = path.join(workspace(), 'api', file);
  const text = readFileSync(at, 'utf8');
  if (!text.includes(from)) throw new Error(`${file} has no '${from}'`);
  writeFileSync(at, text.replace(from, to));
}

async function deployedStack() {
  const stack = (await cfn().send(new DescribeStacksCommand({ StackName: STACK }))).Stacks![0];
  const resources = (await cfn().send(new ListStackResourcesCommand({ StackName: STACK }))).StackResourceSummaries ?? [];
  return { status: stack.StackStatus, outputs: stack.Outputs, resources: resources.map((r) => `${r.LogicalResourceId} ${r.PhysicalResourceId}`).sort() };
}

async function deployedTemplate(): Promise<{ Resources: Record<string, { Type: string; Properties: Record<string, any>; DependsOn?: string[] }> }> {
  const body = (await new CloudFormationClient(client).send(new GetTemplateCommand({ StackName: STACK }))).TemplateBody ?? '{}';
  return JSON.parse(body);
}

let workspace: () => string;

describe('e2e: deployment scripts on an AWS stage (moto)', () => {
  workspace = suiteWorkspace(path.join(REPO_ROOT, 'e2e', 'scripts-workspace'), 'nxs-e2e-scripts-', TEN_MINUTES);

  let firstToken: string;
  let endpoint: CountingEndpoint;
  afterAll(() => endpoint?.close());

  it('deploys each script as a custom resource run by its own runner, parameters resolved by CloudFormation; after:deploy runs', async () => {
    endpoint = await startCountingEndpoint();
    edit('stack.yml', 'NOTIFY_URL', endpoint.url);
    const run = deploy();
    expectSuccess(run);
    expect(run.output).not.toContain('not run yet');
    expect(run.output).toMatch(/Add\s+SeedRun\s+Custom::DeploymentScript/);
    expect(run.output).toMatch(/Add\s+CleanupRun\s+Custom::DeploymentScript/);
    expect(run.output).toMatch(/SeedRun\s+CREATE_COMPLETE/);
    expect(run.output).toMatch(new RegExp(`${STACK}\\s+CREATE_COMPLETE`));
    // The script ran in moto's Lambda container with its parameters resolved by CloudFormation, and
    // deploy printed its result. (moto has no CloudFormation model of AWS::ApiGatewayV2::Api: the
    // API id in the URL's Fn::Sub stays unresolved there; region and account are resolved.)
    expect(JSON.parse(SEED_RESULT.exec(run.output)?.[1] ?? 'null')).toEqual({
      seeded: 10,
      apiURL: expect.stringMatching(new RegExp(`^https://(\\w+|\\$\\{MyHttpApiHttpApi\\})\\.execute-api\\.${REGION}\\.amazonaws\\.com$`)),
      bucket: expect.stringMatching(new RegExp(`^api-${STAGE}-uploads-\\d{12}-${REGION}$`)),
    });

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
    // The deployed template, runners and custom resources included, is clean for cfn-lint.
    expect(await cfnLint(template)).toBe('');

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

    // custom-resource-instance: served by its definition's function (no runner), resourceProperties
    // resolved by CloudFormation; the Data the handler answered is in the script's environment.
    expect(run.output).toMatch(/Add\s+WelcomeCustomResource\s+Custom::Greeter/);
    expect(run.output).toMatch(/WelcomeCustomResource\s+CREATE_COMPLETE/);
    expect(template.Resources.WelcomeCustomResource).toMatchObject({
      Type: 'Custom::Greeter',
      Properties: { ServiceToken: { 'Fn::GetAtt': ['GreeterFunction', 'Arn'] }, name: 'product-releases', bucket: { 'Fn::Sub': `api-${STAGE}-uploads-\${AWS::AccountId}-\${AWS::Region}` } },
    });
    expect(template.Resources.SeedFunction.Properties.Environment.Variables.GREETING).toEqual({ 'Fn::GetAtt': ['WelcomeCustomResource', 'Greeting'] });
    expect(byId.WelcomeCustomResource?.PhysicalResourceId).toBe('greeting-product-releases');
    expect(script.Configuration?.Environment?.Variables?.GREETING).toMatch(new RegExp(`^hello product-releases in api-${STAGE}-uploads-\\d{12}-${REGION}$`));
    const greeter = await lambda.send(new GetFunctionCommand({ FunctionName: `api-${STAGE}-greeter` }));
    expect(greeter.Configuration).toMatchObject({ Runtime: 'nodejs22.x', Timeout: 10, MemorySize: 1024 });
    expect((await deployedStack()).outputs).toContainEqual(expect.objectContaining({ OutputKey: 'WelcomeGreeting', OutputValue: script.Configuration?.Environment?.Variables?.GREETING }));
  }, TEN_MINUTES);

  it('refuses the custom-resource-instance on the local stage at its stack.yml line (nxstack does not run custom resource functions locally)', () => {
    const run = runNx(workspace(), ['run', 'api:validate']);
    expect(run.status).not.toBe(0);
    const line = readFileSync(path.join(workspace(), 'api', 'stack.yml'), 'utf8').split('\n').indexOf('    type: custom-resource-instance') + 1;
    expect(run.output).toMatch(new RegExp(`NXS_NOT_SUPPORTED_YET api/stack\\.yml:${line}:\\d+ custom-resource-instance 'welcome' on the local stage is not supported yet`));
  }, TEN_MINUTES);

  it('stays up to date when nothing changed: the token derives from the template, no CloudFormation write', () => {
    const run = deploy();
    expectSuccess(run);
    expect(run.output).toContain(`stack ${STACK} is up to date`);
    expect(run.output).not.toMatch(SEED_RESULT);
    expect(summaries(run.output).find((s) => s.kind === 'deploy')?.fields.cfnWrites).toBe('0');
  }, TEN_MINUTES);

  it('gives after:deploy a new token when the stack changes, so the script runs again', async () => {
    edit('stack.yml', 'rows: 10', 'rows: 11');
    const run = deploy();
    expectSuccess(run);
    expect(run.output).toMatch(/Modify\s+SeedRun\s+Custom::DeploymentScript/);
    expect(JSON.parse(SEED_RESULT.exec(run.output)?.[1] ?? 'null')).toMatchObject({ seeded: 11 });
    const seed = (await deployedTemplate()).Resources.SeedRun;
    expect(JSON.parse(seed.Properties.ParametersJson).rows).toBe(11);
    expect(seed.Properties.Token).toMatch(/^[0-9a-f]{64}$/);
    expect(seed.Properties.Token).not.toBe(firstToken);
  }, TEN_MINUTES);

  it("fails the deploy with the after:deploy script's message and rolls the stack back to the previous deploy", async () => {
    const before = await deployedStack();
    edit('stack.yml', 'rows: 11', 'rows: 12');
    const run = deploy();
    expect(run.status).not.toBe(0);
    expect(run.output).toContain('deployment script SeedRun failed: seed: 12 rows is one too many');
    expect(run.output).toMatch(/SeedRun\s+UPDATE_FAILED\s+Received response status \[FAILED\] from custom resource\. Message returned: seed: 12 rows is one too many/);
    expect(run.output).not.toMatch(SEED_RESULT);
    const after = await deployedStack();
    expect(after.status).toBe('UPDATE_ROLLBACK_COMPLETE');
    expect(after.outputs).toEqual(before.outputs);
    expect(after.resources).toEqual(before.resources);
    expect(JSON.parse((await deployedTemplate()).Resources.SeedRun.Properties.ParametersJson).rows).toBe(11);
    edit('stack.yml', 'rows: 12', 'rows: 11');
  }, TEN_MINUTES);

  it("deletes a removed before:delete script's kept runner log group (without running it), so the script can come back", async () => {
    const file = path.join(workspace(), 'api', 'stack.yml');
    const full = readFileSync(file, 'utf8');
    const runnerGroup = `/aws/lambda/api-${STAGE}-cleanup-runner`;
    writeFileSync(file, full.slice(0, full.indexOf('  cleanup:')));
    const removed = deploy();
    expectSuccess(removed);
    expect(removed.output).toMatch(/Remove\s+CleanupRunnerLogGroup\s+AWS::Logs::LogGroup/);
    expect(removed.output).toContain(`deleted the log group ${runnerGroup} of a removed deployment script's runner`);
    const groups = await new CloudWatchLogsClient(client).send(new DescribeLogGroupsCommand({ logGroupNamePrefix: runnerGroup }));
    expect(groups.logGroups ?? []).toEqual([]);
    writeFileSync(file, full);
    const back = deploy();
    expectSuccess(back);
    expect(back.output).toMatch(/Add\s+CleanupRunnerLogGroup\s+AWS::Logs::LogGroup/);
    const again = await new CloudWatchLogsClient(client).send(new DescribeLogGroupsCommand({ logGroupNamePrefix: runnerGroup }));
    expect(again.logGroups?.map((g) => g.logGroupName)).toEqual([runnerGroup]);
    expect(endpoint.requests()).toEqual([]); // removing it did not run it
  }, TEN_MINUTES);

  it('does not run after:deploy on a --hotswap deploy (its token follows the code change, the script does not run)', () => {
    edit('scripts/cleanup.ts', "console.log('cleanup before delete');", "throw new Error('cleanup: the archive is gone');");
    const run = deploy('--hotswap');
    expectSuccess(run);
    expect(run.output).toMatch(new RegExp(`stack ${STACK}: hotswapped 1 resource`));
    expect(run.output).not.toMatch(SEED_RESULT);
    expect(summaries(run.output).find((s) => s.kind === 'deploy')?.fields.cfnWrites).toBe('0');
  }, TEN_MINUTES);

  it('a custom resource that refuses its Delete ends the destroy DELETE_FAILED; deploy is then refused with the destroy that finishes it', async () => {
    const s3 = new S3Client({ ...client, forcePathStyle: true });
    const bucket = (await deployedStack()).resources.find((r) => r.startsWith('UploadsBucket '))!.split(' ')[1];
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'keep-me', Body: 'kept' }));
    try {
      const blocked = runNx(workspace(), ['run', 'api:destroy', '--stage', STAGE, '--region', REGION], env);
      expect(blocked.status).not.toBe(0);
      expect(blocked.output).toContain(`NXS_STACK_DELETE_FAILED`);
      expect(blocked.output).toContain(`${bucket} still holds keep-me`);
      expect((await deployedStack()).status).toBe('DELETE_FAILED');
      const template = (await cfn().send(new GetTemplateCommand({ StackName: STACK }))).TemplateBody;

      const refused = deploy();
      expect(refused.status).not.toBe(0);
      expect(refused.output).toContain('NXS_STACK_NOT_DEPLOYABLE');
      expect(refused.output).toContain(`Stack ${STACK} is DELETE_FAILED: a destroy stopped half-way`);
      expect(refused.output).toContain(`nx run api:destroy --stage ${STAGE} --region ${REGION}`);
      expect(refused.output).not.toContain('deploying stack');
      expect(summaries(refused.output).find((s) => s.kind === 'deploy')).toBeUndefined();
      expect((await deployedStack()).status).toBe('DELETE_FAILED');
      expect((await cfn().send(new GetTemplateCommand({ StackName: STACK }))).TemplateBody).toBe(template);
      expect(endpoint.requests()).toEqual([]); // the delete stopped before the before:delete script
    } finally {
      await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'keep-me' }));
    }
  }, TEN_MINUTES);

  it('destroys the stack with its scripts (the destroy DELETE_FAILED printed): a failing before:delete runs, destroy prints its message and the delete goes on', async () => {
    const runnerGroup = `/aws/lambda/api-${STAGE}-cleanup-runner`;
    const run = runNx(workspace(), ['run', 'api:destroy', '--stage', STAGE, '--region', REGION], env);
    expectSuccess(run);
    expect(run.output).toMatch(/CleanupRun\s+DELETE_COMPLETE/);
    expect(endpoint.requests()).toEqual(['POST /cleanup']);
    await expect(cfn().send(new DescribeStacksCommand({ StackName: STACK }))).rejects.toThrow(/does not exist/);
    // The message the hotswapped cleanup threw, read from its runner's log group after the stack was gone.
    expect(run.output).toContain('warning: before:delete script cleanup failed: cleanup: the archive is gone');
    expect(run.output).toMatch(/stack api-scripts deleted[\s\S]*before:delete script cleanup failed/);
    expect(run.output).toContain(`deleted the runner log group ${runnerGroup} of before:delete script cleanup`);
    // What the stack's DeletionPolicy keeps is named, not left behind unsaid.
    expect(run.output).toContain('kept by its DeletionPolicy Retain: MyHttpApiHttpApi (AWS::ApiGatewayV2::Api)');
    const groups = await new CloudWatchLogsClient(client).send(new DescribeLogGroupsCommand({ logGroupNamePrefix: `/aws/lambda/api-${STAGE}-` }));
    expect(groups.logGroups?.map((g) => g.logGroupName) ?? []).not.toContain(runnerGroup);
  }, TEN_MINUTES);

  it('a first deploy whose after:deploy fails ends ROLLBACK_COMPLETE; the next deploy is refused before any change, with the destroy that recovers it', async () => {
    const stage = 'scriptsrb';
    const deployNew = () => runNx(workspace(), ['run', 'api:deploy', '--stage', stage, '--region', REGION], env);
    edit('stack.yml', 'rows: 11', 'rows: 12');
    try {
      const failed = deployNew();
      expect(failed.status).not.toBe(0);
      expect(failed.output).toContain('deployment script SeedRun failed: seed: 12 rows is one too many');
      const status = async () => (await cfn().send(new DescribeStacksCommand({ StackName: `api-${stage}` }))).Stacks?.[0]?.StackStatus;
      expect(await status()).toBe('ROLLBACK_COMPLETE');

      const refused = deployNew();
      expect(refused.status).not.toBe(0);
      expect(refused.output).toContain(`NXS_STACK_NOT_DEPLOYABLE`);
      expect(refused.output).toContain(`Stack api-${stage} is ROLLBACK_COMPLETE: its first create failed and CloudFormation rolled it back`);
      expect(refused.output).toContain(`nx run api:destroy --stage ${stage} --region ${REGION}`);
      expect(summaries(refused.output).find((s) => s.kind === 'deploy')).toBeUndefined();
      expect(await status()).toBe('ROLLBACK_COMPLETE');

      expectSuccess(runNx(workspace(), ['run', 'api:destroy', '--stage', stage, '--region', REGION], env));
      await expect(cfn().send(new DescribeStacksCommand({ StackName: `api-${stage}` }))).rejects.toThrow(/does not exist/);
    } finally {
      edit('stack.yml', 'rows: 12', 'rows: 11');
    }
  }, TEN_MINUTES);
});
