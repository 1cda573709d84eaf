import { describe, expect, it } from 'vitest';
import { isNxstackError } from '@nxstack/core';
import { cfnLint } from '../../../../tools/test-services/cfn-lint';
import { TemplateBuilder } from './template-builder';

const origin = { kind: 'generated' as const, name: 'x' };

describe('TemplateBuilder', () => {
  it('builds parameters, conditions, resources and outputs; passes cfn-lint', async () => {
    const b = new TemplateBuilder('test');
    b.addParameter('Stage', { Type: 'String' }, 'prod');
    const isProd = b.addCondition('IsProd', TemplateBuilder.equals({ Ref: 'Stage' }, 'prod'));
    expect(b.addCondition('IsProd', TemplateBuilder.equals({ Ref: 'Stage' }, 'prod'))).toBe('IsProd');
    b.addResource('Topic', { Type: 'AWS::SNS::Topic', Properties: { DisplayName: TemplateBuilder.ifCondition(isProd, 'live', 'test') } }, origin);
    b.addOutput('TopicArn', { Value: { Ref: 'Topic' } });
    const { template, parameters } = b.build();
    expect(parameters).toEqual({ Stage: 'prod' });
    expect(template.Conditions).toEqual({ IsProd: { 'Fn::Equals': [{ Ref: 'Stage' }, 'prod'] } });
    expect(template.Resources.Topic.Properties).toEqual({ DisplayName: { 'Fn::If': ['IsProd', 'live', 'test'] } });
    expect(await cfnLint(template)).toBe('');
  });

  it('refuses duplicate and non-alphanumeric logical ids and conflicting conditions', () => {
    const b = new TemplateBuilder('test');
    b.addResource('A', { Type: 'AWS::SNS::Topic' }, origin);
    const codeOf = (f: () => void) => {
      try {
        f();
      } catch (e) {
        return isNxstackError(e) ? e.code : String(e);
      }
      return 'no error';
    };
    expect(codeOf(() => b.addResource('A', { Type: 'AWS::SNS::Topic' }, { kind: 'generated', name: 'y' }))).toBe('NXS_LOGICAL_ID_DUPLICATE');
    expect(codeOf(() => b.addResource('my-id', { Type: 'AWS::SNS::Topic' }, origin))).toBe('NXS_LOGICAL_ID_INVALID');
    b.addCondition('C', TemplateBuilder.equals('a', 'a'));
    expect(codeOf(() => b.addCondition('C', TemplateBuilder.equals('a', 'b')))).toBe('NXS_CONDITION_DUPLICATE');
    b.addOutput('O', { Value: 'x' });
    expect(codeOf(() => b.addOutput('O', { Value: 'y' }))).toBe('NXS_OUTPUT_ID_DUPLICATE');
  });
});
