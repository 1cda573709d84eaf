// The data resource types and connectTo, deployed by moto's CloudFormation: roles get the scoped
// ConnectTo policy, functions get STP_* variables resolved to the real physical names.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CloudFormationClient, CreateStackCommand, DeleteStackCommand, DescribeStackResourcesCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { GetRolePolicyCommand, IAMClient } from '@aws-sdk/client-iam';
import { GetFunctionConfigurationCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { CreateBucketCommand, HeadBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { loadStack, sha256File, writeZip } from '@nxstack/core';
import { motoEnv } from '../../../../tools/test-services/aws-env';
import { cfnLint } from '../../../../tools/test-services/cfn-lint';
import { formatTemplate } from './canonical-json';
import { compileStack } from './compile-stack';
import { artifact, manifest } from './__fixtures__/sample-stack';

function clientConfig() {
  const env = motoEnv();
  return { region: env.AWS_REGION, endpoint: env.AWS_ENDPOINT_URL, credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY } };
}

function parsePolicyDocument(text: string): { Statement: Array<Record<string, unknown>> } {
  const decoded = decodeURIComponent(text);
  return JSON.parse(decoded.startsWith("{'") ? decoded.replace(/'/g, '"') : decoded);
}

async function waitForStack(cfn: CloudFormationClient, stackName: string): Promise<{ status: string; reason?: string }> {
  for (let i = 0; i < 120; i++) {
    const { Stacks } = await cfn.send(new DescribeStacksCommand({ StackName: stackName }));
    const status = Stacks?.[0]?.StackStatus ?? 'UNKNOWN';
    if (!status.endsWith('_IN_PROGRESS')) return { status, reason: Stacks?.[0]?.StackStatusReason };
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`stack ${stackName} did not settle`);
}

describe('data resources + connectTo on moto CloudFormation', () => {
  it('creates tables, queues, topic, bus and wires the function to each', async () => {
    const stage = `d${Date.now().toString(36)}`;
    const artifactBucket = `nxstack-data-test-${stage}`;
    const s3 = new S3Client({ ...clientConfig(), forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: artifactBucket }));
    const zipFile = join(mkdtempSync(join(tmpdir(), 'nxstack-data-')), 'fn.zip');
    await writeZip([{ path: 'index.js', content: 'exports.handler = async () => "ok";\n' }], zipFile);
    const sha256 = await sha256File(zipFile);
    const artifacts = {
      api: artifact('shop', manifest('api', { sha256, packager: 'custom-artifact' }), artifactBucket),
      worker: artifact('shop', manifest('worker', { sha256, packager: 'custom-artifact' }), artifactBucket),
    };
    for (const a of Object.values(artifacts)) await s3.send(new PutObjectCommand({ Bucket: a.location.bucket, Key: a.location.key, Body: readFileSync(zipFile) }));

    const stack = await loadStack('stack.yml', { workspaceRoot: join(__dirname, '__fixtures__', 'data-moto') });
    const { template } = compileStack({ stack, projectName: 'shop', stage, artifacts });
    expect(await cfnLint(template)).toBe('');

    const cfn = new CloudFormationClient(clientConfig());
    const stackName = `shop-${stage}`;
    await cfn.send(new CreateStackCommand({ StackName: stackName, TemplateBody: formatTemplate(template), Capabilities: ['CAPABILITY_IAM'] }));
    try {
      const settled = await waitForStack(cfn, stackName);
      expect(settled).toEqual({ status: 'CREATE_COMPLETE', reason: undefined });
      const { StackResources = [] } = await cfn.send(new DescribeStackResourcesCommand({ StackName: stackName }));
      const physical = Object.fromEntries(StackResources.map((r) => [r.LogicalResourceId!, r.PhysicalResourceId!]));
      expect(Object.keys(physical).sort()).toEqual(Object.keys(template.Resources).sort());

      // Names: queues are <project>-<stage>-<resource> (.fifo for FIFO), physical id = queue URL.
      expect(physical.JobsQueue).toMatch(new RegExp(`/shop-${stage}-jobs$`));
      expect(physical.JobsFifoQueue).toMatch(new RegExp(`/shop-${stage}-jobsFifo\\.fifo$`));
      expect(physical.JobsDlqQueue).toMatch(new RegExp(`/shop-${stage}-jobsDlq$`));
      await s3.send(new HeadBucketCommand({ Bucket: physical.UploadsBucket }));

      const fn = await new LambdaClient(clientConfig()).send(new GetFunctionConfigurationCommand({ FunctionName: `shop-${stage}-api` }));
      const vars = fn.Environment?.Variables ?? {};
      expect(vars).toMatchObject({
        MODE: 'test',
        STP_UPLOADS_NAME: physical.UploadsBucket,
        STP_UPLOADS_ARN: `arn:aws:s3:::${physical.UploadsBucket}`,
        STP_ORDERS_NAME: physical.OrdersTable,
        STP_JOBS_URL: physical.JobsQueue,
        STP_JOBS_NAME: `shop-${stage}-jobs`,
        STP_JOBS_FIFO_NAME: `shop-${stage}-jobsFifo.fifo`,
        STP_EVENTS_ARN: physical.EventsTopic,
        STP_EVENTS_NAME: `shop-${stage}-events`,
      });
      expect(vars.STP_ORDERS_ARN).toMatch(new RegExp(`:table/${physical.OrdersTable}$`));
      expect(vars.STP_ORDERS_STREAM_ARN).toMatch(new RegExp(`:table/${physical.OrdersTable}/stream/`));
      expect(vars.STP_JOBS_ARN).toMatch(new RegExp(`:sqs:us-east-1:\\d+:shop-${stage}-jobs$`));
      expect(vars.STP_BUS_ARN).toMatch(new RegExp(`:event-bus/shop-${stage}-bus$`));
      expect(vars.STP_WORKER_ARN).toMatch(new RegExp(`:function:shop-${stage}-worker$`));
      expect(Object.keys(vars).filter((k) => k.startsWith('STP_')).sort()).toEqual([
        'STP_BUS_ARN', 'STP_EVENTS_ARN', 'STP_EVENTS_NAME', 'STP_JOBS_ARN', 'STP_JOBS_FIFO_ARN', 'STP_JOBS_FIFO_NAME', 'STP_JOBS_FIFO_URL',
        'STP_JOBS_NAME', 'STP_JOBS_URL', 'STP_ORDERS_ARN', 'STP_ORDERS_NAME', 'STP_ORDERS_STREAM_ARN', 'STP_UPLOADS_ARN', 'STP_UPLOADS_NAME',
        'STP_WORKER_ARN',
      ]);

      const iam = new IAMClient(clientConfig());
      const policy = await iam.send(new GetRolePolicyCommand({ RoleName: physical.ApiRole, PolicyName: 'ConnectTo' }));
      const statements = parsePolicyDocument(policy.PolicyDocument!).Statement;
      const bySid = Object.fromEntries(statements.map((s) => [s.Sid as string, s]));
      expect(Object.keys(bySid)).toEqual([
        'ConnectToUploads1', 'ConnectToUploads2', 'ConnectToOrders', 'ConnectToJobs', 'ConnectToJobsFifo', 'ConnectToEvents', 'ConnectToBus', 'ConnectToWorker', 'ConnectToAwsSes',
      ]);
      expect(bySid.ConnectToUploads2.Resource).toEqual([`arn:aws:s3:::${physical.UploadsBucket}/*`]);
      expect(bySid.ConnectToOrders.Resource).toEqual([vars.STP_ORDERS_ARN, `${vars.STP_ORDERS_ARN}/index/*`, `${vars.STP_ORDERS_ARN}/stream/*`]);
      expect(bySid.ConnectToJobs.Resource).toEqual([vars.STP_JOBS_ARN]);
      expect(bySid.ConnectToWorker).toMatchObject({ Action: ['lambda:InvokeFunction', 'lambda:InvokeFunctionUrl'], Resource: [vars.STP_WORKER_ARN] });
      expect(bySid.ConnectToAwsSes).toEqual({ Sid: 'ConnectToAwsSes', Effect: 'Allow', Action: ['ses:*'], Resource: '*' });
      for (const s of statements) if (s.Sid !== 'ConnectToAwsSes') expect(s.Resource).not.toEqual('*');
    } finally {
      await cfn.send(new DeleteStackCommand({ StackName: stackName }));
    }
  }, 120_000);
});
