// Proves a compiled template is deployable, not just lint-clean: the real CloudFormation API of
// moto creates the Lambda, its role and the bucket from it.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CloudFormationClient, CreateStackCommand, DescribeStackResourcesCommand, DescribeStacksCommand, DeleteStackCommand } from '@aws-sdk/client-cloudformation';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetFunctionConfigurationCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetRolePolicyCommand, IAMClient } from '@aws-sdk/client-iam';
import { sha256File, writeZip } from '@nxstack/core';
import { motoEnv } from '../../../../tools/test-services/aws-env';
import { cfnLint } from '../../../../tools/test-services/cfn-lint';
import { compileStack } from './compile-stack';
import { artifact, parsedFixtureStack, manifest, sampleConfig } from './__fixtures__/sample-stack';
import { formatTemplate } from './canonical-json';

function clientConfig() {
  const env = motoEnv();
  return { region: env.AWS_REGION, endpoint: env.AWS_ENDPOINT_URL, credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY } };
}

/**
 * IAM returns a URL-encoded JSON policy; moto returns the Python repr of a policy that CloudFormation
 * created (single quotes). Accept both: the test is about the content.
 */
function parsePolicyDocument(text: string): { Statement: unknown[] } {
  const decoded = decodeURIComponent(text);
  return JSON.parse(decoded.startsWith("{'") ? decoded.replace(/'/g, '"') : decoded);
}

async function waitForStack(cfn: CloudFormationClient, stackName: string): Promise<string> {
  for (let i = 0; i < 120; i++) {
    const { Stacks } = await cfn.send(new DescribeStacksCommand({ StackName: stackName }));
    const status = Stacks?.[0]?.StackStatus ?? 'UNKNOWN';
    if (!status.endsWith('_IN_PROGRESS')) return status;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`stack ${stackName} did not settle`);
}

describe('compiled template on moto CloudFormation', () => {
  it('creates the function with its env vars and the role with its inline policies', async () => {
    const stage = `t${Date.now().toString(36)}`;
    const artifactBucket = `nxstack-cfn-test-${stage}`;
    const s3 = new S3Client({ ...clientConfig(), forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: artifactBucket }));

    // A real (tiny) Lambda zip, uploaded under the content-addressed key the template names.
    const zipFile = join(mkdtempSync(join(tmpdir(), 'nxstack-cfn-')), 'fn.zip');
    await writeZip([{ path: 'index.js', content: 'exports.handler = async () => "ok";\n' }], zipFile);
    const sha256 = await sha256File(zipFile);
    const artifacts = {
      myLambda: artifact('api', manifest('myLambda', { sha256, environment: { NODE_OPTIONS: '--enable-source-maps' } }), artifactBucket),
      legacyTool: artifact('api', manifest('legacyTool', { sha256, runtime: 'python3.12', packager: 'custom-artifact', handler: 'main.handler' }), artifactBucket),
    };
    for (const a of Object.values(artifacts)) {
      await s3.send(new PutObjectCommand({ Bucket: a.location.bucket, Key: a.location.key, Body: readFileSync(zipFile) }));
    }

    const { template } = compileStack({ stack: parsedFixtureStack(sampleConfig()), projectName: 'api', stage, artifacts });
    expect(await cfnLint(template)).toBe('');

    const cfn = new CloudFormationClient(clientConfig());
    const stackName = `api-${stage}`;
    await cfn.send(new CreateStackCommand({ StackName: stackName, TemplateBody: formatTemplate(template), Capabilities: ['CAPABILITY_IAM'] }));
    try {
      expect(await waitForStack(cfn, stackName)).toBe('CREATE_COMPLETE');
      const { StackResources = [] } = await cfn.send(new DescribeStackResourcesCommand({ StackName: stackName }));
      const physical = Object.fromEntries(StackResources.map((r) => [r.LogicalResourceId, r.PhysicalResourceId]));
      expect(Object.keys(physical).sort()).toEqual(Object.keys(template.Resources).sort());

      const lambda = new LambdaClient(clientConfig());
      const fn = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: `api-${stage}-myLambda` }));
      expect(fn.Runtime).toBe('nodejs22.x');
      expect(fn.Handler).toBe('index.handler');
      expect(fn.MemorySize).toBe(512);
      expect(fn.Timeout).toBe(30);
      expect(fn.Environment?.Variables).toEqual({
        NODE_OPTIONS: '--enable-source-maps',
        BUCKET_NAME: physical.UploadsBucket,
        GREETING: 'hello',
        RETRIES: '3',
      });
      expect(fn.Role).toContain(physical.MyLambdaRole);

      const iam = new IAMClient(clientConfig());
      const policy = await iam.send(new GetRolePolicyCommand({ RoleName: physical.MyLambdaRole, PolicyName: 'IamRoleStatements' }));
      const document = parsePolicyDocument(policy.PolicyDocument!);
      expect(document.Statement).toEqual([
        { Sid: 'ReadUploads', Effect: 'Allow', Action: ['s3:GetObject'], Resource: [`arn:aws:s3:::${physical.UploadsBucket}/*`] },
      ]);
      const basic = await iam.send(new GetRolePolicyCommand({ RoleName: physical.MyLambdaRole, PolicyName: 'LambdaBasicExecution' }));
      expect(decodeURIComponent(basic.PolicyDocument!)).toContain(`log-group:/aws/lambda/api-${stage}-myLambda`);
    } finally {
      await cfn.send(new DeleteStackCommand({ StackName: stackName }));
    }
  });
});
