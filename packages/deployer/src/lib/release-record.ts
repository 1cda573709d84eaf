/**
 * What a stage runs, kept in the stage's own bucket (so per stage and region) after every
 * successful deploy or hotswap: the zip artifacts by key and the images by digest, with the
 * manifests the template was compiled from. `promote` reads the source stage's record, so it
 * needs no package task and deploys exactly what the source stage runs.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { CompiledArtifact, CompiledImageArtifact } from '@nxstack/cfn-compiler';
import { BOOKKEEPING_PREFIX } from './call-counter';
import { getJson, putJson } from './s3-json';

export interface ReleaseRecord {
  readonly stackName: string;
  readonly stage: string;
  readonly region: string;
  readonly deployedAt: string;
  /** Template + parameters hash of the deploy that wrote it. */
  readonly hash: string;
  readonly artifacts: Readonly<Record<string, CompiledArtifact>>;
  readonly images: Readonly<Record<string, CompiledImageArtifact>>;
}

export const releaseRecordKey = (stackName: string) => `${BOOKKEEPING_PREFIX}releases/${stackName}.json`;

export async function writeReleaseRecord(s3: S3Client, bucket: string, record: ReleaseRecord): Promise<void> {
  await putJson(s3, bucket, releaseRecordKey(record.stackName), record);
}

export async function readReleaseRecord(s3: S3Client, bucket: string, stackName: string): Promise<ReleaseRecord | undefined> {
  return getJson<ReleaseRecord>(s3, bucket, releaseRecordKey(stackName));
}
