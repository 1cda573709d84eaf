/**
 * ArtifactStore on S3: HeadObject to check, PutObject for small artifacts and a multipart
 * Upload (lib-storage) above the threshold, reporting bytes sent as it goes.
 */
import { HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { Readable } from 'node:stream';
import type { ArtifactStore } from '@nxstack/core';
import { NxstackError } from '@nxstack/core';
import { serviceErrorText } from './service-error';

export const MULTIPART_THRESHOLD = 16 * 1024 * 1024;

export interface S3ArtifactStoreOptions {
  readonly client: S3Client;
  readonly bucket: string;
  /** Artifacts larger than this go multipart (default 16 MiB). */
  readonly multipartThreshold?: number;
  /** Part size for multipart uploads (default 8 MiB; S3 minimum is 5 MiB). */
  readonly partSize?: number;
}

export class S3ArtifactStore implements ArtifactStore {
  readonly location: string;
  private readonly client: S3Client;
  readonly bucket: string;
  private readonly threshold: number;
  private readonly partSize: number;

  constructor(opts: S3ArtifactStoreOptions) {
    this.client = opts.client;
    this.bucket = opts.bucket;
    this.threshold = opts.multipartThreshold ?? MULTIPART_THRESHOLD;
    this.partSize = opts.partSize ?? 8 * 1024 * 1024;
    this.location = `s3://${opts.bucket}`;
  }

  async has(key: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return true;
    } catch (e) {
      const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
      if (err.name === 'NotFound' || err.name === 'NoSuchKey' || err.$metadata?.httpStatusCode === 404) return false;
      throw s3Failure('HeadObject', this.bucket, key, e);
    }
  }

  async put(key: string, body: () => Readable, size: number, onProgress?: (sentBytes: number) => void): Promise<void> {
    try {
      if (size > this.threshold) {
        const upload = new Upload({
          client: this.client,
          params: { Bucket: this.bucket, Key: key, Body: body(), ContentType: 'application/zip' },
          partSize: this.partSize,
          queueSize: 2,
          leavePartsOnError: false,
        });
        upload.on('httpUploadProgress', (p) => {
          if (p.loaded !== undefined) onProgress?.(p.loaded);
        });
        await upload.done();
      } else {
        await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body(), ContentLength: size, ContentType: 'application/zip' }));
        onProgress?.(size);
      }
    } catch (e) {
      throw s3Failure('upload', this.bucket, key, e);
    }
  }
}

function s3Failure(op: string, bucket: string, key: string, cause: unknown): NxstackError {
  const msg = serviceErrorText(cause);
  return new NxstackError('NXS_S3_FAILED', `S3 ${op} of s3://${bucket}/${key} failed: ${msg}`, {
    hint: 'Check credentials, region and that the deployment bucket exists (it is created by the first publish/deploy of the stage).',
    cause,
  });
}
