import { describe, expect, it } from 'vitest';
import { DirectiveResolver, secretReference } from './directives';
import { resourceTypeModule } from './resource-types/registry';
import { parsedFixtureStack, sampleConfig } from './__fixtures__/sample-stack';

const resolver = () => new DirectiveResolver(parsedFixtureStack(sampleConfig()), resourceTypeModule, { projectName: 'api', stage: 'dev' });

describe('DirectiveResolver', () => {
  it('resolves $ResourceParam through the target type param table', () => {
    const r = resolver();
    expect(r.resolve({ $directive: 'ResourceParam', resource: 'myLambda', param: 'arn' }, [])).toEqual({ 'Fn::GetAtt': ['MyLambdaFunction', 'Arn'] });
    expect(r.resolve({ $directive: 'ResourceParam', resource: 'myLambda', param: 'name' }, [])).toEqual({ Ref: 'MyLambdaFunction' });
    expect(r.resolve({ $directive: 'ResourceParam', resource: 'myLambda', param: 'logGroupArn' }, [])).toEqual({ 'Fn::GetAtt': ['MyLambdaLogGroup', 'Arn'] });
    expect(r.resolve({ $directive: 'ResourceParam', resource: 'uploads', param: 'arn' }, [])).toEqual({ 'Fn::Sub': 'arn:${AWS::Partition}:s3:::api-dev-uploads-${AWS::AccountId}-${AWS::Region}' });
  });

  it('does not treat inherited object keys as params (the loader refuses them first)', () => {
    const config = sampleConfig();
    config.resources['myLambda'].properties!['environment'] = [{ name: 'X', value: { $directive: 'ResourceParam', resource: 'uploads', param: 'constructor' } }];
    expect(() => parsedFixtureStack(config)).toThrow(expect.objectContaining({ code: 'NXS_UNKNOWN_RESOURCE_PARAM' }));
    expect(() => resolver().resolve({ $directive: 'ResourceParam', resource: 'uploads', param: 'constructor' }, [])).toThrow(/^internal:/);
  });

  it('turns $Secret into a dynamic reference, never a value', () => {
    expect(secretReference('prod/db-password')).toBe('{{resolve:secretsmanager:prod/db-password}}');
    expect(secretReference('arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf')).toBe('{{resolve:secretsmanager:arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf}}');
    expect(secretReference('ssm:/api/token')).toBe('{{resolve:ssm-secure:/api/token}}');
  });

  it('joins literal parts into a string and mixed parts into Fn::Join', () => {
    const r = resolver();
    expect(r.resolve({ $directive: 'Join', parts: ['a', 'b'] }, [])).toBe('ab');
    expect(r.resolve({ $directive: 'Join', parts: ['s3://', { $directive: 'ResourceParam', resource: 'uploads', param: 'name' }, '/', 'in'] }, [])).toEqual({
      'Fn::Join': ['', ['s3://', { 'Fn::Sub': 'api-dev-uploads-${AWS::AccountId}-${AWS::Region}' }, '/in']],
    });
    expect(r.resolve({ $directive: 'Join', parts: ['token=', { $directive: 'Secret', name: 'tok' }] }, [])).toBe('token={{resolve:secretsmanager:tok}}');
  });

  it('resolves directives nested in objects and arrays and leaves other values alone', () => {
    const value = { a: [1, { b: { $directive: 'CfResourceParam', logicalId: 'Queue', attribute: 'Arn' } }], c: 'plain', d: null };
    const r = resolver();
    expect(r.resolve(value, [])).toEqual({ a: [1, { b: { 'Fn::GetAtt': ['Queue', 'Arn'] } }], c: 'plain', d: null });
  });
});
