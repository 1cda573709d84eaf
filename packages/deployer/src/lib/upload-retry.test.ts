import { describe, expect, it } from 'vitest';
import { backoffDelayMs, DEFAULT_UPLOAD_RETRY, isRetryableUploadError, s3IdleTimeoutMsFromEnv, uploadRetryPolicyFromEnv } from './upload-retry';

describe('upload retry rules', () => {
  it('backs off exponentially with full jitter, capped', () => {
    const policy = { ...DEFAULT_UPLOAD_RETRY, baseDelayMs: 500, maxDelayMs: 10_000 };
    expect([1, 2, 3, 4, 5, 6, 10].map((n) => backoffDelayMs(n, policy, () => 1))).toEqual([500, 1000, 2000, 4000, 8000, 10_000, 10_000]);
    expect(backoffDelayMs(3, policy, () => 0)).toBe(0);
    expect(backoffDelayMs(3, policy, () => 0.5)).toBe(1000);
  });

  it('retries resets, stalls, 5xx, 408/429 and throttling; not 400/403/404', () => {
    expect(isRetryableUploadError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))).toBe(true);
    expect(isRetryableUploadError(Object.assign(new Error('the request socket timed out'), { name: 'TimeoutError' }))).toBe(true);
    for (const status of [500, 502, 503, 408, 429]) expect(isRetryableUploadError({ name: 'X', $metadata: { httpStatusCode: status } }), String(status)).toBe(true);
    for (const status of [400, 403, 404]) expect(isRetryableUploadError({ name: 'AccessDenied', $metadata: { httpStatusCode: status } }), String(status)).toBe(false);
    expect(isRetryableUploadError({ name: 'SlowDown', $metadata: { httpStatusCode: 400 } })).toBe(true);
  });

  it('reads attempts and the stall timeout from the environment and refuses nonsense', () => {
    expect(uploadRetryPolicyFromEnv({})).toEqual(DEFAULT_UPLOAD_RETRY);
    expect(uploadRetryPolicyFromEnv({ NXSTACK_UPLOAD_ATTEMPTS: '8' })).toMatchObject({ attempts: 8 });
    expect([s3IdleTimeoutMsFromEnv({}), s3IdleTimeoutMsFromEnv({ NXSTACK_UPLOAD_IDLE_TIMEOUT_MS: '1500' })]).toEqual([60_000, 1500]);
    expect(() => uploadRetryPolicyFromEnv({ NXSTACK_UPLOAD_ATTEMPTS: '0' })).toThrow(expect.objectContaining({ code: 'NXS_UPLOAD_SETTING_INVALID', message: 'NXSTACK_UPLOAD_ATTEMPTS="0" is not a positive whole number.' }));
    expect(() => s3IdleTimeoutMsFromEnv({ NXSTACK_UPLOAD_IDLE_TIMEOUT_MS: 'soon' })).toThrow(expect.objectContaining({ code: 'NXS_UPLOAD_SETTING_INVALID' }));
  });
});
