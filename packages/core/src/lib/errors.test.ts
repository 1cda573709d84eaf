import { describe, expect, it } from 'vitest';
import { NxstackError, isNxstackError } from './errors';

describe('NxstackError', () => {
  it('formats code, location and hint on one paragraph', () => {
    const e = new NxstackError('NXS_TEST', 'Something is off.', { location: { file: 'apps/api/stack.yml', line: 3, column: 7 }, hint: 'Fix it.' });
    expect(e.format()).toBe('NXS_TEST apps/api/stack.yml:3:7 Something is off.\n  hint: Fix it.');
    expect(isNxstackError(e)).toBe(true);
    expect(isNxstackError(new Error('x'))).toBe(false);
  });
});
