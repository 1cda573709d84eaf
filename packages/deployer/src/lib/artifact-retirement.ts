/**
 * Old artifacts leave the deployment bucket by its lifecycle rule (bootstrap.ts: objects tagged
 * `nxstack:retired=true` expire), never by a deploy deleting them. Only after a deploy succeeded
 * are the zips the previous deployment ran and this one no longer does tagged retired, so a
 * rollback during a deploy always finds its code; a zip that comes back into use is untagged.
 */
import { DeleteObjectTaggingCommand, PutObjectTaggingCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ReleaseRecord } from './release-record';

export const RETIRED_TAG = 'nxstack:retired';
/** Days a retired artifact stays before the lifecycle rule expires it (counted from its upload). */
export const RETIRED_EXPIRY_DAYS = 30;

const keysOf = (r: ReleaseRecord | undefined) => new Set(Object.values(r?.artifacts ?? {}).map((a) => a.location.key));

export async function retireReplacedArtifacts(s3: S3Client, bucket: string, previous: ReleaseRecord | undefined, next: ReleaseRecord, log: (line: string) => void): Promise<void> {
  const before = keysOf(previous);
  const now = keysOf(next);
  for (const key of before) {
    if (now.has(key)) continue;
    await s3.send(new PutObjectTaggingCommand({ Bucket: bucket, Key: key, Tagging: { TagSet: [{ Key: RETIRED_TAG, Value: 'true' }] } })).catch((e: { name?: string }) => {
      if (e.name !== 'NoSuchKey') throw e; // already gone: nothing to retire
    });
    log(`retired s3://${bucket}/${key} (expires by the bucket's lifecycle rule)`);
  }
  // Back in use (e.g. a revert): no longer retired.
  for (const key of now) if (!before.has(key)) await s3.send(new DeleteObjectTaggingCommand({ Bucket: bucket, Key: key }));
}
