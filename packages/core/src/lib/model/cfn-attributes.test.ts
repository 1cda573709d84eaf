import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cfnAttributes } from './cfn-attributes';
import { checkCfResourceParams } from './cf-resource-params';
import { parseStack } from './load-stack';
import type { StackLoadError } from './stack-load-error';

const script = join(__dirname, '..', '..', '..', 'scripts', 'generate-cfn-attributes.py');

describe('CloudFormation attribute data', () => {
  it('is what scripts/generate-cfn-attributes.py makes of the installed cfn-lint (regenerate after upgrading cfn-lint)', () => {
    const generated = execFileSync('python3', [script, '--stdout'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    expect(generated === readFileSync(join(__dirname, 'cfn-attributes.json'), 'utf8'), `cfn-attributes.json is stale: run python3 ${script}`).toBe(true);
  });

  it('knows what Fn::GetAtt returns for the types nxstack generates', () => {
    expect(cfnAttributes('AWS::SNS::Topic')).toContain('TopicArn');
    expect(cfnAttributes('AWS::SNS::Topic')).not.toContain('Arn');
    expect(cfnAttributes('AWS::Lambda::Function')).toContain('Arn');
    expect(cfnAttributes('AWS::IAM::Role')).toEqual(['Arn', 'RoleId']);
    expect(cfnAttributes('Custom::Anything')).toBeUndefined();
  });
});

describe('$CfResourceParam attributes', () => {
  const stackWith = (attribute: string, type = 'AWS::SNS::Topic') =>
    parseStack(
      `resources:\n  bucket:\n    type: bucket\ncloudformationResources:\n  Alerts:\n    Type: ${type}\n  Policy:\n    Type: AWS::SNS::TopicPolicy\n    Properties:\n      Topics:\n        - $CfResourceParam('Alerts', '${attribute}')\n`,
      'stack.yml',
      { workspaceRoot: __dirname },
    );
  const problem = (attribute: string, type?: string) => {
    try {
      checkCfResourceParams(stackWith(attribute, type), {});
    } catch (e) {
      return (e as StackLoadError).problems[0];
    }
    return undefined;
  };

  it("refuses Stacktape's documented `Arn` of an SNS topic, pointing at TopicArn", () => {
    const p = problem('Arn');
    expect(p?.code).toBe('NXS_UNKNOWN_CF_ATTRIBUTE');
    expect(p?.location).toEqual({ file: 'stack.yml', line: 11, column: 11 });
    expect(p?.hint).toContain("Did you mean 'TopicArn'?");
  });

  it('suggests the closest attribute for a typo and accepts real ones and custom resources', () => {
    expect(problem('TopicArm')?.hint).toContain("Did you mean 'TopicArn'?");
    expect(problem('TopicArn')).toBeUndefined();
    expect(problem('Whatever', 'Custom::Thing')).toBeUndefined();
  });
});
