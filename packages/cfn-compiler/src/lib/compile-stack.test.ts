import { describe, expect, it } from 'vitest';
import { cfnLint } from '../../../../tools/test-services/cfn-lint';
import { compileStack } from './compile-stack';
import { parsedFixtureStack, sampleArtifacts, sampleConfig } from './__fixtures__/sample-stack';
import { templateHash } from './canonical-json';

const compileSample = (sha?: string) =>
  compileStack({ stack: parsedFixtureStack(sampleConfig()), projectName: 'api', stage: 'dev', region: 'eu-west-1', artifacts: sampleArtifacts('api', sha) });

/** Paths (a.b.c) whose values differ between two JSON values. */
function deepDiff(a: unknown, b: unknown, at = ''): string[] {
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return a === b ? [] : [at];
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].flatMap((k) => deepDiff((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], at ? `${at}.${k}` : k));
}

describe('compileStack — the issue sample', () => {
  const { template, parameters, outputsByResource } = compileSample();
  const r = template.Resources;

  it('emits readable, stable logical ids for every resource', () => {
    expect(Object.keys(r).sort()).toEqual([
      'LegacyToolFunction', 'LegacyToolLogGroup', 'LegacyToolRole',
      'MyLambdaFunction', 'MyLambdaLogGroup', 'MyLambdaRole',
      'UploadsBucket',
    ]);
    expect(template.AWSTemplateFormatVersion).toBe('2010-09-09');
    expect(template.Description).toContain('nxstack');
    expect(template.Description).toContain('api');
    expect(template.Description).toContain('dev');
    expect(parameters).toEqual({});
  });

  it('compiles the buildpack function from its manifest and stack.yml properties', () => {
    const fn = r.MyLambdaFunction;
    expect(fn.Type).toBe('AWS::Lambda::Function');
    expect(fn.Properties).toMatchObject({
      FunctionName: 'api-dev-myLambda',
      Code: { S3Bucket: 'nxstack-api-dev-deployment', S3Key: `api/myLambda/${'a'.repeat(64)}.zip` },
      Handler: 'index.handler',
      Runtime: 'nodejs22.x',
      Architectures: ['x86_64'],
      MemorySize: 512,
      Timeout: 30,
      Role: { 'Fn::GetAtt': ['MyLambdaRole', 'Arn'] },
      LoggingConfig: { LogGroup: { Ref: 'MyLambdaLogGroup' } },
    });
    expect(fn.Properties!.Environment).toEqual({
      Variables: { NODE_OPTIONS: '--enable-source-maps', BUCKET_NAME: { 'Fn::Sub': 'api-dev-uploads-${AWS::AccountId}-${AWS::Region}' }, GREETING: 'hello', RETRIES: '3' },
    });
  });

  it('gives each function a role scoped to its own log group plus its iamRoleStatements', () => {
    const policies = r.MyLambdaRole.Properties!.Policies as Array<{ PolicyName: string; PolicyDocument: { Statement: unknown[] } }>;
    expect(r.MyLambdaRole.Properties!.AssumeRolePolicyDocument).toMatchObject({ Statement: [{ Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
    expect(policies[0].PolicyDocument.Statement).toEqual([
      { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: { 'Fn::GetAtt': ['MyLambdaLogGroup', 'Arn'] } },
    ]);
    expect(policies[1]).toEqual({
      PolicyName: 'IamRoleStatements',
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [{ Sid: 'ReadUploads', Effect: 'Allow', Action: ['s3:GetObject'], Resource: [{ 'Fn::Join': ['', [{ 'Fn::Sub': 'arn:${AWS::Partition}:s3:::api-dev-uploads-${AWS::AccountId}-${AWS::Region}' }, '/*']] }] }],
      },
    });
    expect(r.LegacyToolRole.Properties!.Policies).toHaveLength(1);
  });

  it('creates the log group the function logs to, deleted with the stack', () => {
    expect(r.MyLambdaLogGroup).toEqual({
      Type: 'AWS::Logs::LogGroup',
      DeletionPolicy: 'Delete',
      UpdateReplacePolicy: 'Delete',
      Properties: { LogGroupName: '/aws/lambda/api-dev-myLambda', RetentionInDays: 90 },
    });
  });

  it('compiles the custom-artifact function with its own runtime and handler and the defaults', () => {
    expect(r.LegacyToolFunction.Properties).toMatchObject({
      Handler: 'main.handler', Runtime: 'python3.12', MemorySize: 1024, Timeout: 10,
      Code: { S3Key: `api/legacyTool/${'b'.repeat(64)}.zip` },
    });
    expect(r.LegacyToolFunction.Properties!.Environment).toBeUndefined();
  });

  it('compiles the bucket private by default with versioning and CORS', () => {
    expect(r.UploadsBucket.Type).toBe('AWS::S3::Bucket');
    expect(r.UploadsBucket.Properties).toMatchObject({
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      VersioningConfiguration: { Status: 'Enabled' },
      CorsConfiguration: { CorsRules: [{ AllowedOrigins: ['*'], AllowedMethods: ['GET', 'PUT', 'POST', 'DELETE', 'HEAD'], AllowedHeaders: ['*'] }] },
    });
    expect(r.UploadsBucket.Properties!.BucketEncryption).toBeUndefined();
  });

  it('exports Arn/Name outputs and says which output serves which $ResourceParam', () => {
    expect(outputsByResource).toEqual({
      myLambda: { arn: 'MyLambdaArn', name: 'MyLambdaName' },
      legacyTool: { arn: 'LegacyToolArn', name: 'LegacyToolName' },
      uploads: { name: 'UploadsName', arn: 'UploadsArn' },
    });
    expect(template.Outputs!.MyLambdaArn.Value).toEqual({ 'Fn::GetAtt': ['MyLambdaFunction', 'Arn'] });
    expect(template.Outputs!.UploadsName.Value).toEqual({ 'Fn::Sub': 'api-dev-uploads-${AWS::AccountId}-${AWS::Region}' });
  });

  it('passes cfn-lint with no errors', async () => {
    expect(await cfnLint(template)).toBe('');
  });
});

describe('compileStack — stability', () => {
  it('changing one function manifest sha changes only that function Code.S3Key', () => {
    const before = compileSample('a'.repeat(64));
    const after = compileSample('c'.repeat(64));
    expect(deepDiff(before.template, after.template)).toEqual(['Resources.MyLambdaFunction.Properties.Code.S3Key']);
    expect(after.template.Resources.MyLambdaFunction.Properties!.Code).toMatchObject({ S3Key: `api/myLambda/${'c'.repeat(64)}.zip` });
    expect(templateHash(before.template, before.parameters)).not.toBe(templateHash(after.template, after.parameters));
  });

  it('the same input compiles to the same template and hash', () => {
    const a = compileSample();
    const b = compileSample();
    expect(b.template).toEqual(a.template);
    expect(templateHash(a.template, a.parameters)).toBe(templateHash(b.template, b.parameters));
  });

  it('logical ids depend only on resource names, not on their order or properties', () => {
    const config = sampleConfig();
    const reordered = { resources: Object.fromEntries(Object.entries(config.resources).reverse()) };
    (reordered.resources.myLambda.properties as Record<string, unknown>).memory = 2048;
    const a = compileSample().template;
    const b = compileStack({ stack: parsedFixtureStack(reordered), projectName: 'api', stage: 'dev', artifacts: sampleArtifacts() }).template;
    expect(Object.keys(b.Resources).sort()).toEqual(Object.keys(a.Resources).sort());
    expect(templateHash(b, {})).toBe(templateHash({ ...a, Resources: { ...a.Resources, MyLambdaFunction: b.Resources.MyLambdaFunction } }, {}));
  });

  it('renaming a resource changes its logical ids', () => {
    const config = sampleConfig();
    const renamed = { resources: { ...config.resources, storedFiles: config.resources.uploads } } as typeof config;
    delete (renamed.resources as Record<string, unknown>).uploads;
    const env = (renamed.resources.myLambda.properties!.environment as Array<{ value: unknown }>);
    env[0].value = { $directive: 'ResourceParam', resource: 'storedFiles', param: 'name' };
    (renamed.resources.myLambda.properties!.iamRoleStatements as unknown[]).length = 0;
    const t = compileStack({ stack: parsedFixtureStack(renamed), projectName: 'api', stage: 'dev', artifacts: sampleArtifacts() }).template;
    expect(t.Resources.StoredFilesBucket).toBeDefined();
    expect(t.Resources.UploadsBucket).toBeUndefined();
  });
});
