import { describe, expect, it } from 'vitest';
import { resolveStage } from './stage-name';

describe('resolveStage', () => {
  it('prefers the explicit option (--stage or plugin option) over NXSTACK_STAGE', () => {
    expect(resolveStage('dev', { NXSTACK_STAGE: 'ci' })).toBe('dev');
  });
  it('falls back to NXSTACK_STAGE, then local', () => {
    expect(resolveStage(undefined, { NXSTACK_STAGE: 'ci' })).toBe('ci');
    expect(resolveStage(undefined, {})).toBe('local');
  });
  it('treats blank values as unset', () => {
    expect(resolveStage('  ', { NXSTACK_STAGE: '' })).toBe('local');
    expect(resolveStage('', { NXSTACK_STAGE: ' staging ' })).toBe('staging');
  });
});
