/**
 * The stage lock: one object per stack in the stage's deployment bucket (the bucket is per stage
 * and region), written with `If-None-Match: *` so S3 itself decides who wins. deploy, promote and
 * destroy hold it for their whole run; a second run of the same stack on the same stage and region
 * is refused with who holds it and since when. `--force-unlock` deletes a stale lock first.
 * Per stack rather than per stage: `nx run-many -t deploy --stage dev` deploys several projects'
 * stacks into one stage at once, and those do not conflict.
 */
import { DeleteObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { randomUUID } from 'node:crypto';
import * as os from 'node:os';
import { NxstackError } from '@nxstack/core';
import { BOOKKEEPING_PREFIX } from './call-counter';
import { getJson, putJson } from './s3-json';
import { serviceErrorText } from './service-error';

export interface StageLockHolder {
  readonly command: string;
  readonly user: string;
  readonly host: string;
  readonly pid: number;
  /** ISO time the lock was taken. */
  readonly since: string;
  readonly token: string;
}

export interface StageLockOptions {
  readonly s3: S3Client;
  readonly bucket: string;
  readonly stackName: string;
  readonly projectName: string;
  readonly stage: string;
  readonly region: string;
  /** `deploy`, `promote`, `destroy`: shown to whoever is refused. */
  readonly command: string;
  readonly forceUnlock?: boolean;
  readonly log: (line: string) => void;
}

export const stageLockKey = (stackName: string) => `${BOOKKEEPING_PREFIX}locks/${stackName}.json`;

/** Runs fn while holding the lock; releases it afterwards, also when fn throws. */
export async function withStageLock<T>(opts: StageLockOptions, fn: () => Promise<T>): Promise<T> {
  const holder = await acquireStageLock(opts);
  try {
    return await fn();
  } finally {
    await releaseStageLock(opts, holder);
  }
}

export async function acquireStageLock(opts: StageLockOptions): Promise<StageLockHolder> {
  const key = stageLockKey(opts.stackName);
  if (opts.forceUnlock) {
    const stale = await readHolder(opts.s3, opts.bucket, key);
    if (stale) opts.log(`--force-unlock: breaking the lock of ${describeHolder(stale)}`);
    await opts.s3.send(new DeleteObjectCommand({ Bucket: opts.bucket, Key: key }));
  }
  const holder: StageLockHolder = {
    command: `${opts.command} ${opts.projectName}`,
    user: safeUser(),
    host: os.hostname(),
    pid: process.pid,
    since: new Date().toISOString(),
    token: randomUUID(),
  };
  try {
    await putJson(opts.s3, opts.bucket, key, holder, { IfNoneMatch: '*' });
  } catch (e) {
    if (!isPreconditionFailed(e)) {
      throw new NxstackError('NXS_S3_FAILED', `Taking the lock of stack ${opts.stackName} (s3://${opts.bucket}/${key}) failed: ${serviceErrorText(e)}`, { cause: e });
    }
    const other = await readHolder(opts.s3, opts.bucket, key);
    const flags = `--stage ${opts.stage} --region ${opts.region}`;
    throw new NxstackError(
      'NXS_STAGE_LOCKED',
      `Stack ${opts.stackName} on stage ${opts.stage} (${opts.region}) is locked${other ? ` by ${describeHolder(other)}` : ' (the lock was released while reading it; run again)'}.`,
      {
        hint: `Wait until that run finishes. If it died (killed, machine lost), break its lock: nx run ${opts.projectName}:${opts.command} ${flags} --force-unlock`,
      },
    );
  }
  return holder;
}

/** Deletes the lock only if it is still ours (a --force-unlock may have handed it on). */
export async function releaseStageLock(opts: StageLockOptions, holder: StageLockHolder): Promise<void> {
  const key = stageLockKey(opts.stackName);
  const current = await readHolder(opts.s3, opts.bucket, key);
  if (current?.token !== holder.token) {
    opts.log(`warning: the lock of stack ${opts.stackName} was taken over while this ${opts.command} ran${current ? ` (now ${describeHolder(current)})` : ''}; leaving it`);
    return;
  }
  await opts.s3.send(new DeleteObjectCommand({ Bucket: opts.bucket, Key: key }));
}

export function describeHolder(h: StageLockHolder, now = new Date()): string {
  const minutes = Math.max(0, Math.round((now.getTime() - Date.parse(h.since)) / 60_000));
  return `${h.command} run by ${h.user}@${h.host} (pid ${h.pid}) since ${h.since} (${minutes} min ago)`;
}

async function readHolder(s3: S3Client, bucket: string, key: string): Promise<StageLockHolder | undefined> {
  try {
    return await getJson<StageLockHolder>(s3, bucket, key);
  } catch (e) {
    if (e instanceof SyntaxError) return { command: 'unknown', user: 'unknown', host: 'unknown', pid: 0, since: 'unknown', token: '' };
    throw e;
  }
}

function isPreconditionFailed(e: unknown): boolean {
  const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
  return err.name === 'PreconditionFailed' || err.$metadata?.httpStatusCode === 412;
}

function safeUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return 'unknown'; // no passwd entry for this uid (containers)
  }
}

export interface LockTarget {
  readonly kind: 'local' | 'aws';
  readonly stage: string;
  readonly region: string;
  readonly bucket: string;
  readonly clients?: { readonly s3: S3Client };
}

/**
 * withStageLock for a command's stage. The local stage lives in this workspace (no bootstrap to
 * hold a lock); an AWS stage without a deployment bucket was never deployed, so nothing to guard.
 */
export async function withLockOf<T>(
  target: LockTarget,
  opts: Pick<StageLockOptions, 'stackName' | 'projectName' | 'command' | 'forceUnlock' | 'log'>,
  fn: () => Promise<T>,
): Promise<T> {
  if (target.kind !== 'aws' || !target.bucket || !target.clients) return fn();
  return withStageLock({ ...opts, s3: target.clients.s3, bucket: target.bucket, stage: target.stage, region: target.region }, fn);
}
