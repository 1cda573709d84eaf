import { describe, expect, it } from 'vitest';
import { cfnLint } from '../../../../../tools/test-services/cfn-lint';
import { compileStack } from '../compile-stack';
import { artifact, parsedFixtureStack, manifest, type StackYamlData } from '../__fixtures__/sample-stack';

const compile = (config: StackYamlData, artifacts = {}) => compileStack({ stack: parsedFixtureStack(config), projectName: 'api', stage: 'dev', artifacts });

describe('deployment-script', () => {
  const config: StackYamlData = {
    resources: {
      seedDb: {
        type: 'deployment-script',
        properties: {
          trigger: 'after:deploy',
          packaging: { type: 'stacktape-lambda-buildpack', properties: { entryfilePath: 'scripts/seed.py' } },
          runtime: 'python3.13',
          storage: 1024,
          environment: [{ name: 'DB_PASSWORD', value: { $directive: 'Secret', name: 'prod/db-password' } }],
          parameters: { table: { $directive: 'ResourceParam', resource: 'files', param: 'name' }, rows: 10 },
        },
      },
      files: { type: 'bucket', properties: {} },
    },
  };
  const { template, outputsByResource } = compile(config, {
    seedDb: artifact('api', manifest('seedDb', { runtime: 'python3.13', packager: 'python', handler: 'seed.handler' })),
  });

  it('compiles like a function: Lambda, role, log group, Arn output', () => {
    const r = template.Resources;
    // + the custom resource and runner that run it on an AWS stage (deployment-scripts/script-run.test.ts).
    expect(Object.keys(r).sort()).toEqual(['FilesBucket', 'SeedDbFunction', 'SeedDbLogGroup', 'SeedDbRole', 'SeedDbRun', 'SeedDbRunnerFunction', 'SeedDbRunnerLogGroup', 'SeedDbRunnerRole']);
    expect(r.SeedDbFunction.Properties).toMatchObject({ FunctionName: 'api-dev-seedDb', Runtime: 'python3.13', Handler: 'seed.handler', Timeout: 10, EphemeralStorage: { Size: 1024 } });
    expect(outputsByResource.seedDb).toEqual({ arn: 'SeedDbArn' });
    expect(template.Outputs!.SeedDbArn.Value).toEqual({ 'Fn::GetAtt': ['SeedDbFunction', 'Arn'] });
  });

  it('puts secrets in as dynamic references and parameters only into the custom resource', () => {
    expect(template.Resources.SeedDbFunction.Properties!.Environment).toEqual({ Variables: { DB_PASSWORD: '{{resolve:secretsmanager:prod/db-password}}' } });
    expect(JSON.stringify(template.Resources.SeedDbFunction)).not.toContain('rows');
    expect(template.Resources.SeedDbRun.Properties).toMatchObject({ ParametersJson: '{"table":{"$nxs":0},"rows":10}', ParameterValues: [{ 'Fn::Sub': 'api-dev-files-${AWS::AccountId}-${AWS::Region}' }] });
  });

  it('passes cfn-lint', async () => {
    expect(await cfnLint(template)).toBe('');
  });
});

describe('bucket', () => {
  it('compiles public-read with encryption, explicit CORS rules and a read policy; passes cfn-lint', async () => {
    const { template } = compile({
      resources: {
        site: {
          type: 'bucket',
          properties: {
            accessibility: {
              accessibilityMode: 'public-read',
              accessPolicyStatements: [{ Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: ['s3:PutObject'], Resource: ["$ResourceParam('site', 'arn')"] }],
            },
            enableEventBusNotifications: true,
            encryption: true,
            cors: { enabled: true, corsRules: [{ allowedOrigins: ['https://example.com'], allowedMethods: ['GET'], exposedResponseHeaders: ['ETag'], maxAge: 600 }] },
          },
        },
      },
    });
    const r = template.Resources;
    expect(r.SiteBucket.Properties).toMatchObject({
      PublicAccessBlockConfiguration: { BlockPublicPolicy: false, RestrictPublicBuckets: false },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      CorsConfiguration: { CorsRules: [{ AllowedOrigins: ['https://example.com'], AllowedMethods: ['GET'], ExposedHeaders: ['ETag'], MaxAge: 600 }] },
    });
    expect(r.SiteBucket.Properties.NotificationConfiguration).toEqual({ EventBridgeConfiguration: { EventBridgeEnabled: true } });
    expect(r.SiteBucketPolicy.Properties).toMatchObject({
      Bucket: { Ref: 'SiteBucket' },
      PolicyDocument: { Statement: [{ Action: ['s3:GetObject'], Principal: '*' }, { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: ['s3:PutObject'] }] },
    });
    expect(await cfnLint(template)).toBe('');
  });

  it('refuses an unknown accessibility mode', () => {
    // The loader's enum is the one check: the compiler never sees another mode.
    expect(() => compile({ resources: { b: { type: 'bucket', properties: { accessibility: { accessibilityMode: 'open' } } } } })).toThrow(expect.objectContaining({ code: 'NXS_INVALID_VALUE', message: expect.stringMatching(/"open".*accessibilityMode/) }));
    // Stacktape's name is accessibility.accessibilityMode; the flat spelling is not accepted.
    expect(() => compile({ resources: { b: { type: 'bucket', properties: { accessibilityMode: 'public-read' } } } })).toThrow(expect.objectContaining({ code: 'NXS_UNKNOWN_PROPERTY' }));
    expect(() => compile({ resources: { b: { type: 'bucket', properties: { accessibility: { accessibilityMode: 'private', accessPolicyStatements: [{ Action: ['s3:GetObject'], Resource: ['*'] }] } } } } })).toThrow(
      expect.objectContaining({ code: 'NXS_MISSING_PROPERTY', message: expect.stringContaining("missing required property 'Principal'") }),
    );
  });
});

describe('cloudformationResources', () => {
  it('are merged as written and $CfResourceParam resolves to them; passes cfn-lint', async () => {
    const { template } = compile(
      {
        resources: {
          worker: {
            type: 'function',
            properties: {
              packaging: { type: 'stacktape-lambda-buildpack', properties: { entryfilePath: 'src/worker.ts' } },
              environment: [{ name: 'QUEUE_URL', value: { $directive: 'CfResourceParam', logicalId: 'JobsQueue', attribute: 'QueueUrl' } }],
              iamRoleStatements: [{ Action: 'sqs:SendMessage', Resource: { $directive: 'CfResourceParam', logicalId: 'JobsQueue', attribute: 'Arn' } }],
            },
          },
        },
        cloudformationResources: { JobsQueue: { Type: 'AWS::SQS::Queue', Properties: { VisibilityTimeout: 60 } } },
      },
      { worker: artifact('api', manifest('worker')) },
    );
    expect(template.Resources.JobsQueue).toEqual({ Type: 'AWS::SQS::Queue', Properties: { VisibilityTimeout: 60 } });
    expect(template.Resources.WorkerFunction.Properties!.Environment).toEqual({ Variables: { QUEUE_URL: { 'Fn::GetAtt': ['JobsQueue', 'QueueUrl'] } } });
    expect(await cfnLint(template)).toBe('');
  });
});
