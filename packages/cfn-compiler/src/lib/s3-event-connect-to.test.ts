// Issue 9 point 10: a function notified by a bucket it also lists in connectTo (the "process
// uploaded files" pattern) compiles without a bucket → function → bucket cycle, lints clean and
// deploys on moto with the bucket's name, ARN and permissions agreeing.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GetRolePolicyCommand, IAMClient, ListRolePoliciesCommand } from '@aws-sdk/client-iam';
import { GetFunctionConfigurationCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { CreateBucketCommand, GetBucketNotificationConfigurationCommand, PutBucketNotificationConfigurationCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { sha256File, writeZip } from '@nxstack/core';
import { cfnLint } from '../../../../tools/test-services/cfn-lint';
import { compileStack } from './compile-stack';
import { dependenciesOf } from './dependency-cycles';
import { clientConfig, deployToMoto } from './__fixtures__/moto-stack';
import { artifact, parsedFixtureStack, manifest, type StackYamlData } from './__fixtures__/sample-stack';
import type { CfnTemplate, CompiledArtifact } from './types';

/** Stacktape's image-processing starter, reduced: `processor` handles uploads of the bucket it writes to. */
function uploadsPattern(bucket = 'uploads'): StackYamlData {
  return {
    resources: {
      [bucket]: { type: 'bucket', properties: {} },
      processor: {
        type: 'function',
        properties: {
          packaging: { type: 'stacktape-lambda-buildpack', properties: { entryfilePath: 'src/processor.ts' } },
          connectTo: [bucket],
          environment: [{ name: 'OUTPUT_BUCKET', value: { $directive: 'ResourceParam', resource: bucket, param: 'name' } }],
          events: [
            {
              type: 's3',
              properties: { bucketArn: { $directive: 'ResourceParam', resource: bucket, param: 'arn' }, s3EventType: 's3:ObjectCreated:*', filterRule: { prefix: 'incoming/' } },
            },
          ],
        },
      },
    },
  };
}

/** A role policy document as IAM returns it (URL-encoded JSON); moto returns Python's repr for stack-created roles. */
function policyJson(doc: string): unknown {
  const text = decodeURIComponent(doc);
  try {
    return JSON.parse(text);
  } catch {
    return JSON.parse(text.replace(/'/g, '"'));
  }
}

const nameSub = (stage: string) => `api-${stage}-uploads-\${AWS::AccountId}-\${AWS::Region}`;

/** Every ConnectTo statement of the processor's role, by Sid. */
function connectStatements(template: CfnTemplate): Array<{ Sid?: string; Action: string[]; Resource: unknown[] }> {
  const role = template.Resources.ProcessorRole.Properties as { Policies: Array<{ PolicyName: string; PolicyDocument: { Statement: Array<{ Sid?: string; Action: string[]; Resource: unknown[] }> } }> };
  return role.Policies.flatMap((p) => p.PolicyDocument.Statement).filter((s) => s.Sid?.startsWith('ConnectTo'));
}

describe('s3 event on a bucket the function also connects to', () => {
  it('compiles without a cycle: the function refers to the bucket by its name, known before deploy', async () => {
    const artifacts = { processor: artifact('api', manifest('processor')) };
    const { template } = compileStack({ stack: parsedFixtureStack(uploadsPattern()), projectName: 'api', stage: 'dev', artifacts });
    const r = template.Resources;
    expect(r.UploadsBucket.Properties!.BucketName).toEqual({ 'Fn::Sub': nameSub('dev') });
    // The bucket depends on the function (notification) and the permission; nothing depends on the bucket.
    expect([...dependenciesOf(r.UploadsBucket, new Set(Object.keys(r)))].sort()).toEqual(['ProcessorFunction', 'ProcessorS3Permission1']);
    for (const id of Object.keys(r).filter((id) => id !== 'UploadsBucket')) expect(dependenciesOf(r[id], new Set(Object.keys(r))).has('UploadsBucket'), id).toBe(false);
    const env = (r.ProcessorFunction.Properties as { Environment: { Variables: Record<string, unknown> } }).Environment.Variables;
    expect(env.OUTPUT_BUCKET).toEqual({ 'Fn::Sub': nameSub('dev') });
    expect(env.STP_UPLOADS_NAME).toEqual({ 'Fn::Sub': nameSub('dev') });
    expect(env.STP_UPLOADS_ARN).toEqual({ 'Fn::Sub': `arn:\${AWS::Partition}:s3:::${nameSub('dev')}` });
    expect(r.ProcessorS3Permission1.Properties).toMatchObject({ Principal: 's3.amazonaws.com', SourceArn: { 'Fn::Sub': `arn:\${AWS::Partition}:s3:::${nameSub('dev')}` } });
    const put = connectStatements(template).find((s) => s.Action.includes('s3:PutObject'));
    expect(put?.Resource).toEqual([{ 'Fn::Join': ['', [{ 'Fn::Sub': `arn:\${AWS::Partition}:s3:::${nameSub('dev')}` }, '/*']] }]);
    expect(await cfnLint(template)).toBe('');
  });

  it('keeps a bucket name within S3 rules for long and mixed-case project, stage and resource names', () => {
    const config = uploadsPattern('VeryLongUploadsBucketNameForTesting');
    const { template } = compileStack({ stack: parsedFixtureStack(config), projectName: 'MyCompany_Platform', stage: 'Feature-Branch', artifacts: { processor: artifact('api', manifest('processor')) } });
    const sub = (template.Resources.VeryLongUploadsBucketNameForTestingBucket.Properties!.BucketName as { 'Fn::Sub': string })['Fn::Sub'];
    const longest = sub.replace('${AWS::AccountId}', '123456789012').replace('${AWS::Region}', 'ap-southeast-5');
    expect(longest.length).toBeLessThanOrEqual(63);
    expect(longest).toMatch(/^[a-z0-9][a-z0-9-]*[a-z0-9]$/);
    expect(sub).toMatch(/^mycompany-platform-featur-[0-9a-f]{8}-\$\{AWS::AccountId\}-\$\{AWS::Region\}$/);
  });

  it('deploys on moto: the bucket notifies the function, whose role may PUT into that bucket', async () => {
    const stage = `s${Date.now().toString(36)}`;
    const s3 = new S3Client({ ...clientConfig(), forcePathStyle: true });
    const deploymentBucket = `nxstack-s3evt-${stage}`;
    await s3.send(new CreateBucketCommand({ Bucket: deploymentBucket }));
    const zipFile = join(mkdtempSync(join(tmpdir(), 'nxstack-s3evt-')), 'fn.zip');
    await writeZip([{ path: 'index.js', content: 'exports.handler = async () => ({});\n' }], zipFile);
    const processor: CompiledArtifact = artifact('api', manifest('processor', { sha256: await sha256File(zipFile) }), deploymentBucket);
    await s3.send(new PutObjectCommand({ Bucket: deploymentBucket, Key: processor.location.key, Body: readFileSync(zipFile) }));

    const { template } = compileStack({ stack: parsedFixtureStack(uploadsPattern()), projectName: 'api', stage, artifacts: { processor } });
    const deployed = await deployToMoto(`api-${stage}`, template);
    expect(deployed.reasons).toEqual([]);
    expect(deployed.status).toBe('CREATE_COMPLETE');

    const config = clientConfig();
    const bucketName = deployed.physical.UploadsBucket;
    expect(bucketName).toBe(`api-${stage}-uploads-123456789012-${config.region}`);
    expect(deployed.outputs.UploadsName).toBe(bucketName);
    expect(deployed.outputs.UploadsArn).toBe(`arn:aws:s3:::${bucketName}`);

    const fn = await new LambdaClient(config).send(new GetFunctionConfigurationCommand({ FunctionName: deployed.physical.ProcessorFunction }));
    expect(fn.Environment?.Variables).toMatchObject({ OUTPUT_BUCKET: bucketName, STP_UPLOADS_NAME: bucketName, STP_UPLOADS_ARN: `arn:aws:s3:::${bucketName}` });

    // moto's CloudFormation creates the bucket without its NotificationConfiguration; replay the
    // compiled one (its Fn::GetAtt resolved to the deployed function) through S3's own API.
    const compiled = (template.Resources.UploadsBucket.Properties as { NotificationConfiguration: { LambdaConfigurations: Array<{ Event: string; Function: unknown; Filter: unknown }> } }).NotificationConfiguration;
    expect(compiled.LambdaConfigurations).toEqual([{ Event: 's3:ObjectCreated:*', Function: { 'Fn::GetAtt': ['ProcessorFunction', 'Arn'] }, Filter: { S3Key: { Rules: [{ Name: 'prefix', Value: 'incoming/' }] } } }]);
    await s3.send(new PutBucketNotificationConfigurationCommand({
      Bucket: bucketName,
      NotificationConfiguration: { LambdaFunctionConfigurations: [{ LambdaFunctionArn: fn.FunctionArn, Events: ['s3:ObjectCreated:*'], Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'incoming/' }] } } }] },
    }));
    const notifications = await s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: bucketName }));
    expect(notifications.LambdaFunctionConfigurations?.map((c) => [c.LambdaFunctionArn, c.Events])).toEqual([[fn.FunctionArn, ['s3:ObjectCreated:*']]]);

    // The role's deployed ConnectTo policy allows s3:PutObject on objects of exactly this bucket.
    const iam = new IAMClient(config);
    const roleName = deployed.physical.ProcessorRole;
    const { PolicyNames = [] } = await iam.send(new ListRolePoliciesCommand({ RoleName: roleName }));
    const statements = [];
    for (const PolicyName of PolicyNames) {
      const doc = (await iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName }))).PolicyDocument ?? '{}';
      statements.push(...(policyJson(doc) as { Statement: Array<{ Effect: string; Action: string | string[]; Resource: string | string[] }> }).Statement);
    }
    const allowsPut = statements.some((s) => s.Effect === 'Allow' && [s.Action].flat().includes('s3:PutObject') && [s.Resource].flat().includes(`arn:aws:s3:::${bucketName}/*`));
    expect(allowsPut, JSON.stringify(statements)).toBe(true);
  });
});
