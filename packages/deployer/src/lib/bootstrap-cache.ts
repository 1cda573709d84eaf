/**
 * The stage's bootstrap as last seen, per stage and region, in `.nxstack/<stage>/bootstrap-<region>.json`
 * (the workspace's ignored state directory). A command that finds a record for the same endpoint and
 * credentials checks the bucket with one HeadBucket instead of describing the bootstrap stack
 * (DescribeStacks is slow and throttled on AWS, and needs no CloudFormation client). The record is
 * never trusted blindly: a bucket that is gone, or that answers anything but 200 (another account,
 * no access), drops it and the bootstrap is described (or created) again.
 */
import { HeadBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { endpointFor, localStageDir, NxstackError } from '@nxstack/core';
import { BOOTSTRAP_VERSION, bootstrapStackName } from './bootstrap';

export interface BootstrapRecord {
  readonly bucket: string;
  /** Where and as whom it was seen: a record from another endpoint or credentials is not used. */
  readonly endpoint: string;
  readonly identity: string;
  /** The bootstrap version it was recorded at: an older record is not used, so a raised BOOTSTRAP_VERSION still upgrades the stack. */
  readonly version: number;
}

export interface BootstrapCacheOptions {
  readonly workspaceRoot: string;
  readonly stage: string;
  readonly region: string;
  readonly profile?: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export const bootstrapRecordFile = (o: Pick<BootstrapCacheOptions, 'workspaceRoot' | 'stage' | 'region'>) =>
  path.join(o.workspaceRoot, localStageDir(o.stage), `bootstrap-${o.region}.json`);

/** The endpoint and credential source the record belongs to (never a secret: the key id or profile name). */
function whereAndWho(o: BootstrapCacheOptions): { endpoint: string; identity: string } {
  const identity = o.profile ? `profile:${o.profile}` : o.env.AWS_ACCESS_KEY_ID ? `key:${o.env.AWS_ACCESS_KEY_ID}` : `chain:${o.env.AWS_PROFILE ?? ''}`;
  return { endpoint: endpointFor('S3', o.env) ?? '', identity };
}

export type BucketState = 'present' | 'missing' | 'unknown';

/** HeadBucket: 'missing' on 404 (NotFound / NoSuchBucket), 'unknown' on any other failure. */
export async function bucketState(s3: S3Client, bucket: string): Promise<BucketState> {
  try {
    await s3.send(new HeadBucketCommand({ Bucket: bucket }));
    return 'present';
  } catch (e) {
    const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
    return err.name === 'NotFound' || err.name === 'NoSuchBucket' || err.$metadata?.httpStatusCode === 404 ? 'missing' : 'unknown';
  }
}

/**
 * The cached bucket when its record matches and HeadBucket finds it; otherwise the record is
 * removed and `checked` says what HeadBucket found ('missing' makes the caller's describe
 * insist on a bucket that exists).
 */
export async function cachedBootstrapBucket(o: BootstrapCacheOptions, s3: S3Client): Promise<{ bucket?: string; checked?: BucketState }> {
  const file = bootstrapRecordFile(o);
  const record = await fs.readFile(file, 'utf8').then((t) => JSON.parse(t) as BootstrapRecord, () => undefined);
  const here = whereAndWho(o);
  if (!record?.bucket || record.endpoint !== here.endpoint || record.identity !== here.identity || !(record.version >= BOOTSTRAP_VERSION)) return {};
  const state = await bucketState(s3, record.bucket);
  if (state === 'present') return { bucket: record.bucket };
  await fs.rm(file, { force: true });
  return { checked: state };
}

/**
 * After the bootstrap stack was described: the bucket it names must exist (HeadBucket) before
 * it is recorded. A bootstrap whose bucket was deleted behind its back fails here, loudly,
 * instead of at the first upload.
 */
export async function recordBootstrapBucket(o: BootstrapCacheOptions, s3: S3Client, bucket: string): Promise<void> {
  const state = await bucketState(s3, bucket);
  const file = bootstrapRecordFile(o);
  if (state === 'missing') {
    await fs.rm(file, { force: true }); // whoever wrote it, it names a bucket that is gone
    throw new NxstackError('NXS_BOOTSTRAP_FAILED', `The deployment bucket ${bucket} of stage ${o.stage} (${o.region}) no longer exists, but its bootstrap stack ${bootstrapStackName(o.stage)} does.`, {
      hint: `Delete the bootstrap stack (aws cloudformation delete-stack --stack-name ${bootstrapStackName(o.stage)} --region ${o.region}) and run the deploy again: it bootstraps the stage anew and uploads the artifacts again.`,
    });
  }
  if (state !== 'present') return; // no HeadBucket permission or a transient failure: describe again next time
  const record: BootstrapRecord = { bucket, ...whereAndWho(o), version: BOOTSTRAP_VERSION };
  await fs.mkdir(path.dirname(file), { recursive: true });
  // Written whole then renamed: parallel tasks never read half a record.
  const tmp = `${file}.${process.pid}.tmp`;
  await fs.writeFile(tmp, JSON.stringify(record, null, 1));
  await fs.rename(tmp, file);
}
