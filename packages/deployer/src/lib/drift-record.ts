/**
 * The drift record a hotswap leaves in the stage's bucket (hotswap.ts): read by every deploy, so
 * kept apart from the hotswap itself, whose Lambda and ECS clients a deploy loads only when it
 * hotswaps or reconciles.
 */
import { DeleteObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { BOOKKEEPING_PREFIX } from './call-counter';
import type { HotswapChange } from './hotswap-plan';
import { getJson, putJson } from './s3-json';

/** What a hotswap left different from the stack's template, kept until a full deploy. */
export interface DriftRecord {
  readonly since: string;
  readonly resources: readonly { readonly logicalId: string; readonly kind: HotswapChange['kind'] }[];
}

export const driftRecordKey = (stackName: string) => `${BOOKKEEPING_PREFIX}hotswap/${stackName}.json`;

export async function readDriftRecord(s3: S3Client, bucket: string, stackName: string): Promise<DriftRecord | undefined> {
  return getJson<DriftRecord>(s3, bucket, driftRecordKey(stackName));
}

export async function writeDriftRecord(s3: S3Client, bucket: string, stackName: string, previous: DriftRecord | undefined, changes: readonly HotswapChange[]): Promise<void> {
  const ids = new Set((previous?.resources ?? []).map((r) => r.logicalId));
  const resources = [...(previous?.resources ?? []), ...changes.filter((c) => !ids.has(c.logicalId)).map((c) => ({ logicalId: c.logicalId, kind: c.kind }))];
  const record: DriftRecord = { since: previous?.since ?? new Date().toISOString(), resources };
  await putJson(s3, bucket, driftRecordKey(stackName), record);
}

export async function clearDriftRecord(s3: S3Client, bucket: string, stackName: string): Promise<void> {
  await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: driftRecordKey(stackName) }));
}
