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

describe('runExecutor', () => {
  it('turns an NxstackError into one logged failure and rethrows anything else', async () => {
    const { runExecutor } = await import('./run-executor');
    const lines: string[] = [];
    expect(await runExecutor((l) => lines.push(l), async () => undefined)).toEqual({ success: true });
    expect(await runExecutor((l) => lines.push(l), async () => { throw new NxstackError('NXS_X', 'Bad.', { hint: 'Fix.' }); })).toEqual({ success: false });
    expect(lines).toEqual(['NXS_X Bad.\n  hint: Fix.']);
    await expect(runExecutor((l) => lines.push(l), async () => { throw new TypeError('bug'); })).rejects.toThrow('bug');
  });
});
