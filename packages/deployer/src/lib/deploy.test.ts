import { DescribeStacksCommand, GetTemplateCommand } from '@aws-sdk/client-cloudformation';
import { DeleteObjectCommand, HeadBucketCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { GetFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { describe, expect, it } from 'vitest';
import { isNxstackError } from '@nxstack/core';
import { cfnLint } from '../../../../tools/test-services/cfn-lint';
import { motoEnv } from '../../../../tools/test-services/aws-env';
import { countOf, recordCalls } from './__fixtures__/aws-calls';
import { functionStack, makeWorkspace, packageFunction, type TestWorkspace } from './__fixtures__/workspace';
import { createAwsClients } from './aws-clients';
import { CloudFormationStackDeployer } from './cfn-stack-deployer';
import { deployStack } from './deploy';
import { destroyStack } from './destroy';
import { diffStack } from './diff';
import { publishResource } from './publish';

const WRITES = ['CreateChangeSet', 'ExecuteChangeSet', 'UpdateStack', 'CreateStack', 'DeleteStack'];

function lambdaClient(): LambdaClient {
  const env = motoEnv();
  return new LambdaClient({ region: env.AWS_REGION, endpoint: env.AWS_ENDPOINT_URL, credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY } });
}

async function setup(stage: string, source = 'exports.handler = async () => "v1";\n') {
  const ws = await makeWorkspace(functionStack(['hello']));
  const zip = await packageFunction(ws, 'hello', source);
  const clients = await createAwsClients({ env: motoEnv() });
  const calls = recordCalls(clients.cloudformation, clients.s3);
  const opts = ws.options(stage, { clients });
  return { ws, zip, clients, calls, opts };
}

const publish = (ws: TestWorkspace, opts: ReturnType<TestWorkspace['options']>) => publishResource({ ...opts, resource: 'hello' });

describe('deploy on AWS (moto)', () => {
  it('creates the stack through a change set; the function points at the content-addressed key; a repeat deploy writes nothing', async () => {
    const { ws, zip, clients, calls, opts } = await setup('dep-create');
    await publish(ws, opts);
    const beforeDeploy = calls.length;
    const result = await deployStack(opts);
    expect(result.upToDate).toBe(false);
    // The summary line carries what the counting middleware saw: here the change set's create + execute.
    const deployWrites = WRITES.reduce((n, w) => n + countOf(calls.slice(beforeDeploy), w), 0);
    expect(result).toMatchObject({ cfnWrites: deployWrites, uploads: 0 });
    expect(deployWrites).toBe(2);
    expect(ws.lines.at(-1)).toBe('nxstack: deploy stack=api-dep-create stage=dep-create uploads=0 cfnWrites=2');
    expect(calls.filter((c) => c.command === 'CreateChangeSet').map((c) => c.input.ChangeSetType)).toEqual(['CREATE']);
    expect(countOf(calls, 'ExecuteChangeSet')).toBe(1);
    expect(calls.filter((c) => c.command === 'CreateStack').map((c) => c.input.StackName)).toEqual(['nxstack-bootstrap-dep-create']);

    const key = `api/hello/${zip.sha256}.zip`;
    const fn = await lambdaClient().send(new GetFunctionCommand({ FunctionName: 'api-dep-create-hello' }));
    expect(fn.Code?.Location?.endsWith(`/${key}`)).toBe(true);
    expect(fn.Configuration?.Handler).toBe('index.handler');

    const stack = (await clients.cloudformation.send(new DescribeStacksCommand({ StackName: 'api-dep-create' }))).Stacks![0];
    expect(stack.StackStatus).toBe('CREATE_COMPLETE');
    expect(Object.fromEntries(stack.Tags!.map((t) => [t.Key, t.Value]))).toMatchObject({ 'nxstack:hash': result.hash, 'nxstack:project': 'api', 'nxstack:stage': 'dep-create' });
    const template = JSON.parse((await clients.cloudformation.send(new GetTemplateCommand({ StackName: 'api-dep-create' }))).TemplateBody!);
    expect(template.Resources.HelloFunction.Properties.Code).toEqual({ S3Bucket: 'nxstack-123456789012-us-east-1-dep-create', S3Key: key });
    expect(await cfnLint(template)).toBe('');
    expect(ws.lines.some((l) => /^action\s+logical id\s+type\s+replacement\s+changed properties$/.test(l))).toBe(true);
    expect(ws.lines.some((l) => /^Add\s+HelloFunction\s+AWS::Lambda::Function/.test(l))).toBe(true);
    expect(ws.lines.some((l) => /api-dep-create\s+CREATE_COMPLETE/.test(l))).toBe(true);
    // The stack's Outputs, as CloudFormation reports them after the change set (the test moto,
    // tools/services/moto-server.py, evaluates them for change sets as AWS does).
    expect(Object.keys(template.Outputs)).toContain('HelloArn');
    expect(ws.lines).toContain('outputs:');
    expect(ws.lines.some((l) => /^HelloArn\s+arn:aws:lambda:us-east-1:123456789012:function:api-dep-create-hello$/.test(l))).toBe(true);

    const before = calls.length;
    const again = await deployStack(opts);
    expect(again.upToDate).toBe(true);
    const second = calls.slice(before);
    for (const w of WRITES) expect(countOf(second, w)).toBe(0);
    expect(ws.lines.slice(-2)).toEqual(['stack api-dep-create is up to date', 'nxstack: deploy stack=api-dep-create stage=dep-create uploads=0 cfnWrites=0']);
  });

  it('a changed artifact changes only Code.S3Key of the function', async () => {
    const { ws, calls, opts } = await setup('dep-change');
    await publish(ws, opts);
    await deployStack(opts);
    const v2 = await packageFunction(ws, 'hello', 'exports.handler = async () => "v2";\n');
    await publish(ws, opts);

    const executedBefore = countOf(calls, 'ExecuteChangeSet');
    const diff = await diffStack(opts);
    // A code change updates the function in place: CloudFormation (and the test moto) says Replacement False.
    expect(diff.changes).toEqual([{ action: 'Modify', logicalId: 'HelloFunction', resourceType: 'AWS::Lambda::Function', replacement: 'False', details: ['Code.S3Key'] }]);
    expect(countOf(calls, 'ExecuteChangeSet')).toBe(executedBefore);
    expect(ws.lines.some((l) => /^Modify\s+HelloFunction\s+AWS::Lambda::Function\s+False\s+Code\.S3Key$/.test(l))).toBe(true);

    const result = await deployStack(opts);
    expect(result).toMatchObject({ upToDate: false, changeCount: 1 });
    expect(calls.filter((c) => c.command === 'CreateChangeSet').map((c) => c.input.ChangeSetType)).toEqual(['CREATE', 'UPDATE', 'UPDATE']);
    const fn = await lambdaClient().send(new GetFunctionCommand({ FunctionName: 'api-dep-change-hello' }));
    expect(fn.Code?.Location?.endsWith(`/api/hello/${v2.sha256}.zip`)).toBe(true);
  });

  it('a change set CloudFormation reports as empty is deleted, never executed', async () => {
    const { ws, clients, calls, opts } = await setup('dep-nochange');
    await publish(ws, opts);
    await deployStack(opts);
    const templateBody = (await clients.cloudformation.send(new GetTemplateCommand({ StackName: 'api-dep-nochange' }))).TemplateBody!;
    const deployer = new CloudFormationStackDeployer({ cloudformation: clients.cloudformation, s3: clients.s3, region: clients.region, bucket: 'unused', pollIntervalMs: 50 });
    const change = await deployer.prepareChange({ stackName: 'api-dep-nochange', templateBody, parameters: {}, tags: {} });
    expect(change).toMatchObject({ empty: true, changes: [] });
    const executed = countOf(calls, 'ExecuteChangeSet');
    const state = await deployer.execute('api-dep-nochange', change, () => undefined);
    expect(state.status).toBe('CREATE_COMPLETE');
    expect(countOf(calls, 'ExecuteChangeSet')).toBe(executed);
    expect(calls.filter((c) => c.command === 'DeleteChangeSet').map((c) => c.input.ChangeSetName)).toEqual([change.id]);
  });

  it('diff on a new stage prints the change set, deletes it and leaves no stack behind', async () => {
    const { ws, clients, calls, opts } = await setup('dep-diff');
    await publish(ws, opts);
    const diff = await diffStack(opts);
    expect(diff.changes.map((c) => `${c.action} ${c.logicalId}`).sort()).toEqual(['Add HelloFunction', 'Add HelloLogGroup', 'Add HelloRole']);
    expect(countOf(calls, 'ExecuteChangeSet')).toBe(0);
    expect(countOf(calls, 'DeleteChangeSet')).toBe(1);
    const err = await clients.cloudformation.send(new DescribeStacksCommand({ StackName: 'api-dep-diff' })).catch((e) => e);
    expect(err.message).toMatch(/does not exist/);
  });

  it('uploads a template over 51,200 bytes to the deployment bucket and passes TemplateURL', async () => {
    const padding = Array.from({ length: 16 }, (_, i) => `  Pad${i}:\n    Type: AWS::SSM::Parameter\n    Properties:\n      Type: String\n      Name: /nxstack/dep-large/pad${i}\n      Value: ${'v'.repeat(3500)}\n`).join('');
    const ws = await makeWorkspace(functionStack(['hello'], `cloudformationResources:\n${padding}`));
    await packageFunction(ws, 'hello', 'exports.handler = async () => 1;\n');
    const clients = await createAwsClients({ env: motoEnv() });
    const calls = recordCalls(clients.cloudformation, clients.s3);
    const opts = ws.options('dep-large', { clients });
    await publish(ws, opts);
    const result = await deployStack(opts);
    // The template upload is the deploy's own S3 PUT; bootstrap happened during publish.
    expect(result).toMatchObject({ uploads: 1, cfnWrites: 2 });
    expect(ws.lines.at(-1)).toBe('nxstack: deploy stack=api-dep-large stage=dep-large uploads=1 cfnWrites=2');
    const create = calls.find((c) => c.command === 'CreateChangeSet')!;
    expect(create.input.TemplateBody).toBeUndefined();
    expect(create.input.TemplateURL).toMatch(/^https:\/\/nxstack-123456789012-us-east-1-dep-large\.s3\.amazonaws\.com\/api-dep-large\/templates\/[0-9a-f]{64}\.json$/);
    const put = calls.find((c) => c.command === 'PutObject' && String(c.input.Key).includes('/templates/'))!;
    expect(Buffer.byteLength(put.input.Body)).toBeGreaterThan(51_200);
    const stack = (await clients.cloudformation.send(new DescribeStacksCommand({ StackName: 'api-dep-large' }))).Stacks![0];
    expect(stack.StackStatus).toBe('CREATE_COMPLETE');
    expect(await cfnLint(JSON.parse(put.input.Body))).toBe('');
  });

  it('reports why a resource failed', async () => {
    // moto validates a Lambda function's code location while creating it: a bucket that does not
    // exist makes it refuse the resource. moto applies change sets synchronously and raises from
    // ExecuteChangeSet instead of emitting CREATE_FAILED events, so the reason arrives that way.
    const raw = `cloudformationResources:\n  Broken:\n    Type: AWS::Lambda::Function\n    Properties:\n      Runtime: nodejs22.x\n      Handler: index.handler\n      Role: arn:aws:iam::123456789012:role/nxstack-test\n      Code:\n        S3Bucket: nxstack-bucket-that-does-not-exist\n        S3Key: nothing.zip\n`;
    const ws = await makeWorkspace(functionStack(['hello'], raw));
    await packageFunction(ws, 'hello', 'exports.handler = async () => 1;\n');
    const clients = await createAwsClients({ env: motoEnv() });
    const opts = ws.options('dep-fail', { clients });
    await publish(ws, opts);
    const err = await deployStack(opts).catch((e) => e);
    expect(isNxstackError(err) && err.code).toBe('NXS_STACK_DEPLOY_FAILED');
    expect(err.message).toMatch(/^Deploying stack api-dep-fail failed: .*(NoSuchBucket|does not exist|GetObject)/i);
  });

  it('publishes the zips itself: a missing artifact is uploaded before the change set, a deleted one again when the stack is up to date', async () => {
    const { ws, zip, clients, calls, opts } = await setup('dep-unpublished');
    const first = await deployStack(opts);
    expect(first.upToDate).toBe(false);
    const key = `api/hello/${zip.sha256}.zip`;
    const bucket = 'nxstack-123456789012-us-east-1-dep-unpublished';
    // The upload came before the change set, and is counted by the deploy's summary.
    const put = calls.findIndex((c) => c.command === 'PutObject' && c.input.Key === key);
    expect(put).toBeGreaterThanOrEqual(0);
    expect(put).toBeLessThan(calls.findIndex((c) => c.command === 'CreateChangeSet'));
    expect(first.uploads).toBe(1);
    expect(ws.lines).toContain(`nxstack: publish resource=hello uploads=1 bytes=${zip.size}`);

    await clients.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    const before = calls.length;
    const again = await deployStack(opts);
    expect(again).toMatchObject({ upToDate: true, uploads: 1, cfnWrites: 0 });
    // (the stage lock's own PutObject is bookkeeping under .nxstack/)
    const artifactPuts = (from: number) => calls.slice(from).filter((c) => c.command === 'PutObject' && !String(c.input.Key).startsWith('.nxstack/')).map((c) => c.input.Key);
    expect(artifactPuts(before)).toEqual([key]);
    await clients.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));

    // Nothing missing: one HeadObject for the artifact, no upload.
    const noop = calls.length;
    expect(await deployStack(opts)).toMatchObject({ upToDate: true, uploads: 0, cfnWrites: 0 });
    expect(countOf(calls.slice(noop), 'HeadObject')).toBe(1);
    expect(artifactPuts(noop)).toEqual([]);
  });

  it('destroy deletes the stack and keeps the deployment bucket', async () => {
    const { ws, clients, calls, opts } = await setup('dep-destroy');
    await publish(ws, opts);
    await deployStack(opts);
    const result = await destroyStack(opts);
    expect(result).toEqual({ stackName: 'api-dep-destroy', existed: true });
    expect(countOf(calls, 'DeleteStack')).toBe(1);
    const err = await clients.cloudformation.send(new DescribeStacksCommand({ StackName: 'api-dep-destroy' })).catch((e) => e);
    expect(err.message).toMatch(/does not exist/);
    const gone = await lambdaClient().send(new GetFunctionCommand({ FunctionName: 'api-dep-destroy-hello' })).catch((e) => e);
    expect(gone.name).toBe('ResourceNotFoundException');
    await clients.s3.send(new HeadBucketCommand({ Bucket: 'nxstack-123456789012-us-east-1-dep-destroy' }));
    expect(ws.lines.some((l) => /api-dep-destroy\s+DELETE_COMPLETE/.test(l))).toBe(true);
    expect((await destroyStack(opts)).existed).toBe(false);
  });
});
