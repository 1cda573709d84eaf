import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { awsClientConfig, endpointFor } from '@nxstack/core';
import type { Readable } from 'node:stream';
import type { CacheStorage, StoredEntry } from './storage';

export interface S3Location {
  readonly bucket: string;
  /** Key prefix without leading or trailing slash; '' for the bucket root. */
  readonly prefix: string;
}

function status(e: unknown): number | undefined {
  return (e as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
}

function isMissing(e: unknown): boolean {
  const name = (e as { name?: string } | undefined)?.name;
  return name === 'NoSuchKey' || name === 'NotFound' || status(e) === 404;
}

/** An S3 client from core's credential chain; path-style when an endpoint override (moto, MinIO) is set. */
export async function createCacheS3Client(env: NodeJS.ProcessEnv = process.env): Promise<S3Client> {
  const endpoint = endpointFor('S3', env);
  return new S3Client({
    ...(await awsClientConfig()),
    forcePathStyle: Boolean(endpoint),
    // A streamed body with a flexible checksum would need aws-chunked trailers; S3 checks
    // Content-Length, and the whole body arrives or the object is not created.
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });
}

/**
 * Entries as objects `<prefix>/<hash>`. A PUT is one PutObject streamed from the request with
 * its Content-Length and `If-None-Match: *`: S3 creates the object only when the whole body
 * arrived and no object had the key, so an aborted upload stores nothing and a second upload
 * of one hash answers 'exists'.
 */
export class S3Storage implements CacheStorage {
  readonly description: string;
  /** PutObject streams need a length up front; Nx always sends one. */
  readonly requiresContentLength = true;

  constructor(
    private readonly s3: S3Client,
    private readonly location: S3Location,
  ) {
    this.description = `s3://${location.bucket}/${location.prefix}`;
  }

  private key(hash: string): string {
    return this.location.prefix ? `${this.location.prefix}/${hash}` : hash;
  }

  async get(hash: string): Promise<StoredEntry | undefined> {
    try {
      const out = await this.s3.send(new GetObjectCommand({ Bucket: this.location.bucket, Key: this.key(hash) }));
      return { body: out.Body as Readable, size: out.ContentLength };
    } catch (e) {
      if (isMissing(e)) return undefined;
      throw e;
    }
  }

  async has(hash: string): Promise<boolean> {
    try {
      await this.s3.send(new HeadObjectCommand({ Bucket: this.location.bucket, Key: this.key(hash) }));
      return true;
    } catch (e) {
      if (isMissing(e)) return false;
      throw e;
    }
  }

  async put(hash: string, body: Readable, size: number | undefined): Promise<'stored' | 'exists'> {
    if (size === undefined) throw new Error('S3 storage needs the Content-Length of an upload');
    try {
      await this.s3.send(
        new PutObjectCommand({
          Bucket: this.location.bucket,
          Key: this.key(hash),
          Body: body,
          ContentLength: size,
          ContentType: 'application/octet-stream',
          IfNoneMatch: '*',
        }),
      );
      return 'stored';
    } catch (e) {
      // 412: the key exists; 409: a concurrent conditional write of the same key won.
      if (status(e) === 412 || status(e) === 409) return 'exists';
      throw e;
    }
  }
}
