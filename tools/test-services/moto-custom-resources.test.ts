// The test moto answers custom resources as CloudFormation does (tools/services/moto_custom_resources.py),
// running their Lambda provider in the test dockerd (tools/services/lambda-images.sh): checked here with
// plain SDK calls, a provider that logs each request it gets and answers FAILED when told to.
import {
  CloudFormationClient,
  CreateChangeSetCommand,
  DeleteStackCommand,
  DescribeChangeSetCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  ListStackResourcesCommand,
  type ChangeSetType,
} from '@aws-sdk/client-cloudformation';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { describe, expect, it } from 'vitest';
import { motoEnv } from './aws-env';

const REGION = 'eu-north-1';
const env = motoEnv(REGION);
const client = { region: REGION, endpoint: env.AWS_ENDPOINT_URL, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } };
const cfn = new CloudFormationClient(client);
const logs = new CloudWatchLogsClient(client);

const PROVIDER = String.raw`const http = require('http');
exports.handler = async (event) => {
  const p = event.ResourceProperties;
  console.log('REQUEST ' + JSON.stringify({ type: event.RequestType, value: p.Value, old: event.OldResourceProperties && event.OldResourceProperties.Value, physical: event.PhysicalResourceId }));
  const fail = event.RequestType !== 'Delete' && p.Fail === 'yes';
  const body = JSON.stringify({ Status: fail ? 'FAILED' : 'SUCCESS', Reason: fail ? 'provider says no to ' + p.Value : undefined, PhysicalResourceId: 'thing-' + p.Value.length,
    StackId: event.StackId, RequestId: event.RequestId, LogicalResourceId: event.LogicalResourceId, Data: {} });
  await new Promise((resolve, reject) => {
    const req = http.request(new URL(event.ResponseURL), { method: 'PUT', headers: { 'content-length': Buffer.byteLength(body) } }, (res) => res.resume().on('end', resolve));
    req.on('error', reject);
    req.end(body);
  });
};`;

function template(provider: string, value: string, options: { fail?: boolean; queue?: boolean } = {}) {
  return JSON.stringify({
    Resources: {
      Role: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: {} } },
      Provider: { Type: 'AWS::Lambda::Function', Properties: { FunctionName: provider, Runtime: 'nodejs22.x', Handler: 'index.handler', Role: { 'Fn::GetAtt': ['Role', 'Arn'] }, Code: { ZipFile: PROVIDER } } },
      Thing: { Type: 'Custom::Thing', DependsOn: ['Provider'], Properties: { ServiceToken: { 'Fn::GetAtt': ['Provider', 'Arn'] }, Value: value, Fail: options.fail ? 'yes' : 'no' } },
      ...(options.queue ? { Queue: { Type: 'AWS::SQS::Queue', Properties: {} } } : {}),
    },
    Outputs: { Value: { Value: value } },
  });
}

async function deploy(stack: string, body: string, type: ChangeSetType): Promise<string> {
  const { Id } = await cfn.send(new CreateChangeSetCommand({ StackName: stack, ChangeSetName: `c${Date.now()}`, ChangeSetType: type, TemplateBody: body, Capabilities: ['CAPABILITY_IAM'] }));
  while ((await cfn.send(new DescribeChangeSetCommand({ ChangeSetName: Id }))).Status !== 'CREATE_COMPLETE') await new Promise((r) => setTimeout(r, 200));
  await cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: Id }));
  return settled(stack);
}

async function settled(stack: string): Promise<string> {
  for (;;) {
    const status = (await cfn.send(new DescribeStacksCommand({ StackName: stack }))).Stacks![0].StackStatus!;
    if (!status.endsWith('_IN_PROGRESS')) return status;
    await new Promise((r) => setTimeout(r, 300));
  }
}

async function requests(provider: string): Promise<unknown[]> {
  const { events } = await logs.send(new FilterLogEventsCommand({ logGroupName: `/aws/lambda/${provider}` }));
  return (events ?? []).filter((e) => e.message?.startsWith('REQUEST ')).map((e) => JSON.parse(e.message!.slice('REQUEST '.length)));
}

async function events(stack: string): Promise<string[]> {
  const all = (await cfn.send(new DescribeStackEventsCommand({ StackName: stack }))).StackEvents ?? [];
  return all.reverse().map((e) => `${e.LogicalResourceId} ${e.ResourceStatus}${e.ResourceStatusReason ? ` ${e.ResourceStatusReason}` : ''}`);
}

const stackOf = async (stack: string) => {
  const s = (await cfn.send(new DescribeStacksCommand({ StackName: stack }))).Stacks![0];
  const resources = (await cfn.send(new ListStackResourcesCommand({ StackName: stack }))).StackResourceSummaries ?? [];
  return { status: s.StackStatus, outputs: s.Outputs, resources: resources.map((r) => r.LogicalResourceId).sort() };
};

describe('moto custom resources (test service)', () => {
  it('sends Create, Update (with OldResourceProperties) and, on DeleteStack, Delete; a FAILED update rolls back to the previous template and outputs', async () => {
    const stack = `cr-update-${process.pid}`;
    const provider = `cr-update-${process.pid}`;
    expect(await deploy(stack, template(provider, 'one'), 'CREATE')).toBe('CREATE_COMPLETE');
    expect(await deploy(stack, template(provider, 'three'), 'UPDATE')).toBe('UPDATE_COMPLETE');
    const before = await stackOf(stack);
    expect(before.outputs).toEqual([expect.objectContaining({ OutputKey: 'Value', OutputValue: 'three' })]);

    expect(await deploy(stack, template(provider, 'four', { fail: true, queue: true }), 'UPDATE')).toBe('UPDATE_ROLLBACK_COMPLETE');
    expect(await stackOf(stack)).toEqual({ ...before, status: 'UPDATE_ROLLBACK_COMPLETE' });
    const failed = (await events(stack)).find((e) => e.startsWith('Thing UPDATE_FAILED'));
    expect(failed).toMatch(/^Thing UPDATE_FAILED Received response status \[FAILED\] from custom resource\. Message returned: provider says no to four \(RequestId: [0-9a-f-]{36}\)$/);
    expect(await events(stack)).toEqual(expect.arrayContaining([`${stack} UPDATE_ROLLBACK_IN_PROGRESS The following resource(s) failed to update: [Thing].`, `${stack} UPDATE_ROLLBACK_COMPLETE`]));

    await cfn.send(new DeleteStackCommand({ StackName: stack }));
    await expect(settled(stack)).rejects.toThrow(/does not exist/);
    expect(await requests(provider)).toEqual([
      { type: 'Create', value: 'one' },
      { type: 'Update', value: 'three', old: 'one', physical: 'thing-3' },
      // a new PhysicalResourceId is a replacement: the old one is deleted after the update
      { type: 'Delete', value: 'one', physical: 'thing-3' },
      { type: 'Update', value: 'four', old: 'three', physical: 'thing-5' },
      // the rollback: the properties swapped
      { type: 'Update', value: 'three', old: 'four', physical: 'thing-5' },
      { type: 'Delete', value: 'three', physical: 'thing-5' },
    ]);
  });

  it('a FAILED create rolls back to ROLLBACK_COMPLETE, sending Delete to the failed resource', async () => {
    const stack = `cr-create-${process.pid}`;
    const provider = `cr-create-${process.pid}`;
    expect(await deploy(stack, template(provider, 'two', { fail: true }), 'CREATE')).toBe('ROLLBACK_COMPLETE');
    expect(await stackOf(stack)).toEqual({ status: 'ROLLBACK_COMPLETE', outputs: undefined, resources: [] });
    expect(await events(stack)).toEqual(expect.arrayContaining([
      expect.stringMatching(/^Thing CREATE_FAILED Received response status \[FAILED\] from custom resource\. Message returned: provider says no to two/),
      `${stack} ROLLBACK_IN_PROGRESS The following resource(s) failed to create: [Thing]. Rollback requested by user.`,
      'Thing DELETE_COMPLETE',
      `${stack} ROLLBACK_COMPLETE`,
    ]));
    expect(await requests(provider)).toEqual([{ type: 'Create', value: 'two' }, { type: 'Delete', value: 'two', physical: 'thing-3' }]);
  });
});
