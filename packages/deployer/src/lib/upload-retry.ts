/**
 * Retry rules for artifact uploads. The AWS SDK does not retry a request whose body is a stream
 * ("An error was encountered in a non-retryable streaming request"): one connection reset would
 * fail the deploy. Uploads are retried here instead, each attempt with a fresh body stream.
 */
import { NxstackError } from '@nxstack/core';

export interface UploadRetryPolicy {
  /** Attempts in all, the first included (default 5). */
  readonly attempts: number;
  /** First backoff in ms; doubles per attempt, full jitter (default 500). */
  readonly baseDelayMs: number;
  /** Upper bound of one backoff in ms (default 10 s). */
  readonly maxDelayMs: number;
}

export const DEFAULT_UPLOAD_RETRY: UploadRetryPolicy = { attempts: 5, baseDelayMs: 500, maxDelayMs: 10_000 };

/**
 * An S3 request whose connection moves no byte either way for this long fails with TimeoutError
 * (the S3 client's socket idle timeout): a server that takes the body and never answers must not
 * hang the deploy, while a slow but moving upload is never cut.
 */
export const DEFAULT_S3_IDLE_TIMEOUT_MS = 60_000;

/** Env knobs for slow or flaky networks (and for tests of them). */
export const UPLOAD_ATTEMPTS_ENV = 'NXSTACK_UPLOAD_ATTEMPTS';
export const UPLOAD_IDLE_TIMEOUT_ENV = 'NXSTACK_UPLOAD_IDLE_TIMEOUT_MS';

type Env = Readonly<Record<string, string | undefined>>;

function positiveSetting(env: Env, name: string, fallback: number): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  if (Number.isInteger(n) && n > 0) return n;
  throw new NxstackError('NXS_UPLOAD_SETTING_INVALID', `${name}=${JSON.stringify(text)} is not a positive whole number.`, { hint: `Unset ${name} for the default (${fallback}) or give a number such as ${fallback}.` });
}

export function uploadRetryPolicyFromEnv(env: Env): UploadRetryPolicy {
  return { ...DEFAULT_UPLOAD_RETRY, attempts: positiveSetting(env, UPLOAD_ATTEMPTS_ENV, DEFAULT_UPLOAD_RETRY.attempts) };
}

export function s3IdleTimeoutMsFromEnv(env: Env): number {
  return positiveSetting(env, UPLOAD_IDLE_TIMEOUT_ENV, DEFAULT_S3_IDLE_TIMEOUT_MS);
}

/** Exponential backoff with full jitter (the AWS architecture blog's recommendation). */
export function backoffDelayMs(failedAttempt: number, policy: UploadRetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (failedAttempt - 1));
  return Math.round(ceiling * random());
}

/**
 * Client errors (403 AccessDenied, 404 NoSuchBucket, 400 bad request) repeat on every attempt;
 * everything else (resets, timeouts, 5xx, throttling, a body the SDK could not parse) may pass.
 */
export function isRetryableUploadError(e: unknown): boolean {
  const err = e as { name?: string; $metadata?: { httpStatusCode?: number }; $retryable?: unknown };
  const status = err?.$metadata?.httpStatusCode;
  if (status === undefined || status >= 500 || status === 408 || status === 429) return true;
  return Boolean(err.$retryable) || /Throttl|SlowDown|RequestTimeout|TimeoutError/.test(err.name ?? '');
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
