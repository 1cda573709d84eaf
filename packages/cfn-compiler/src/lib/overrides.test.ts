import { describe, expect, it } from 'vitest';
import { compileStack } from './compile-stack';
import { artifact, parsedFixtureStack, manifest } from './__fixtures__/sample-stack';
import type { StackYamlData } from './__fixtures__/sample-stack';

const rp = (resource: string, param: string) => ({ $directive: 'ResourceParam', resource, param });

function config(): StackYamlData {
  return {
    resources: {
      myLambda: {
        type: 'function',
        properties: {
          packaging: { type: 'custom-artifact', properties: { packagePath: 'src', handler: 'index.handler' } },
          environment: [{ name: 'TOKEN', value: { $directive: 'Secret', name: 'api/token' } }],
          iamRoleStatements: [{ Action: ['kms:Decrypt'], Resource: [{ $directive: 'CfResourceParam', logicalId: 'MyKey', attribute: 'Arn' }] }],
          connectTo: ['jobs'],
        },
        overrides: {
          MyLambdaFunction: { 'Properties.MemorySize': 256, 'Environment.Variables.EXTRA': rp('jobs', 'url'), 'Properties.TracingConfig.Mode': 'Active' },
          MyLambdaLogGroup: { RetentionInDays: 7, DeletionPolicy: 'Retain' },
        },
      },
      jobs: { type: 'sqs-queue', properties: {}, overrides: { JobsQueue: { 'Properties.DelaySeconds': 5 } } },
    },
    cloudformationResources: { MyKey: { Type: 'AWS::KMS::Key', Properties: { KeyPolicy: { Version: '2012-10-17', Statement: [] } } } },
  };
}

describe('overrides, iamRoleStatements, cloudformationResources, $Secret', () => {
  const { template: t } = compileStack({ stack: parsedFixtureStack(config()), projectName: 'api', stage: 'dev', artifacts: { myLambda: artifact('api', manifest('myLambda')) } });

  it('patches generated resources by logical id and property path (Properties. optional), directives resolved', () => {
    const fn = t.Resources.MyLambdaFunction.Properties!;
    expect(fn.MemorySize).toBe(256);
    expect(fn.TracingConfig).toEqual({ Mode: 'Active' });
    expect((fn.Environment as { Variables: Record<string, unknown> }).Variables.EXTRA).toEqual({ Ref: 'JobsQueue' });
    expect(t.Resources.MyLambdaLogGroup.Properties!.RetentionInDays).toBe(7);
    expect(t.Resources.MyLambdaLogGroup.DeletionPolicy).toBe('Retain');
    expect(t.Resources.JobsQueue.Properties!.DelaySeconds).toBe(5);
  });

  it('appends iamRoleStatements after the ConnectTo policy, with $CfResourceParam to a cloudformationResources key', () => {
    const policies = t.Resources.MyLambdaRole.Properties!.Policies as Array<{ PolicyName: string; PolicyDocument: { Statement: unknown[] } }>;
    expect(policies.map((p) => p.PolicyName)).toEqual(['LambdaBasicExecution', 'ConnectTo', 'IamRoleStatements']);
    expect(policies[2].PolicyDocument.Statement).toEqual([{ Effect: 'Allow', Action: ['kms:Decrypt'], Resource: [{ 'Fn::GetAtt': ['MyKey', 'Arn'] }] }]);
    expect(t.Resources.MyKey.Type).toBe('AWS::KMS::Key');
  });

  it('$Secret in environment becomes a dynamic reference, never a value', () => {
    const vars = (t.Resources.MyLambdaFunction.Properties!.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(vars.TOKEN).toBe('{{resolve:secretsmanager:api/token}}');
  });
});
