import { describe, expect, it } from 'vitest';
import { resolveStage, stackName, validateStageName } from './stage-name';

const codeOf = (f: () => void) => {
  try {
    f();
    return undefined;
  } catch (e) {
    expect((e as { hint?: string }).hint).toBeTruthy();
    return (e as { code: string }).code;
  }
};

describe('validateStageName', () => {
  it.each(['local', 'dev', 'pr-123', '2026q4', 'a'.repeat(30)])('accepts %s', (stage) => {
    expect(codeOf(() => validateStageName(stage, 'api'))).toBeUndefined();
  });

  it.each(['', 'Prod', 'my_stage', '-dev', 'dev.1', 'a'.repeat(31), 'dev stage'])('rejects %j with NXS_STAGE_INVALID', (stage) => {
    expect(codeOf(() => validateStageName(stage))).toBe('NXS_STAGE_INVALID');
  });

  it('rejects project+stage combinations that are not CloudFormation stack names', () => {
    expect(codeOf(() => validateStageName('dev', '1api'))).toBe('NXS_STACK_NAME_INVALID');
    expect(codeOf(() => validateStageName('dev', 'my_api'))).toBe('NXS_STACK_NAME_INVALID');
    expect(codeOf(() => validateStageName('dev', 'a'.repeat(125)))).toBe('NXS_STACK_NAME_INVALID');
    expect(codeOf(() => validateStageName('dev', 'a'.repeat(124)))).toBeUndefined();
    expect(stackName('api', 'dev')).toBe('api-dev');
  });
});

describe('resolveStage', () => {
  it('takes --stage, then NXSTACK_STAGE, then local, and validates the result', () => {
    expect(resolveStage('dev', { NXSTACK_STAGE: 'ci' })).toBe('dev');
    expect(resolveStage(undefined, { NXSTACK_STAGE: 'ci' })).toBe('ci');
    expect(resolveStage('  ', { NXSTACK_STAGE: '' })).toBe('local');
    expect(codeOf(() => resolveStage(undefined, { NXSTACK_STAGE: 'Prod' }))).toBe('NXS_STAGE_INVALID');
  });
});
