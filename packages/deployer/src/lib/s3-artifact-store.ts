/**
 * ArtifactStore on S3: HeadObject to check, PutObject for small artifacts and a multipart
 * Upload (lib-storage) above the threshold, reporting bytes sent as it goes.
 *
 * Uploads survive faults: each attempt opens a fresh body stream (the SDK never retries a
 * streaming body), attempts are bounded with exponential backoff and jitter, a request that
 * stalls fails through the S3 client's socket idle timeout (aws-clients.ts) and is retried, and a
 * multipart upload that fails is aborted so no parts are left behind
 * (a single PutObject is atomic: S3 stores all of it or nothing). Keys are content-addressed, so
 * an attempt whose object turns out to be there after all is done.
 */
import { AbortMultipartUploadCommand, HeadObjectCommand, ListMultipartUploadsCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { Readable } from 'node:stream';
import type { ArtifactStore } from '@nxstack/core';
import { NxstackError } from '@nxstack/core';
import { serviceErrorText } from './service-error';
import { backoffDelayMs, DEFAULT_UPLOAD_RETRY, isRetryableUploadError, sleep, type UploadRetryPolicy } from './upload-retry';

export const MULTIPART_THRESHOLD = 16 * 1024 * 1024;

export interface S3ArtifactStoreOptions {
  readonly client: S3Client;
  readonly bucket: string;
  /** Artifacts larger than this go multipart (default 16 MiB). */
  readonly multipartThreshold?: number;
  /** Part size for multipart uploads (default 8 MiB; S3 minimum is 5 MiB). */
  readonly partSize?: number;
  /** Attempts and backoff of uploads (default DEFAULT_UPLOAD_RETRY). */
  readonly retry?: UploadRetryPolicy;
  /** Told about each failed attempt that will be retried. */
  readonly onRetry?: (message: string) => void;
  /**
   * The client uploads go through, decided on the first upload (transfer acceleration needs a
   * GetBucketAccelerateConfiguration a command that uploads nothing should not pay); `client` otherwise.
   */
  readonly uploadClient?: () => Promise<S3Client>;
}

export class S3ArtifactStore implements ArtifactStore {
  readonly location: string;
  private readonly client: S3Client;
  readonly bucket: string;
  private readonly threshold: number;
  private readonly partSize: number;
  private readonly retry: UploadRetryPolicy;
  private readonly onRetry?: (message: string) => void;
  private readonly uploadClient: () => Promise<S3Client>;

  constructor(opts: S3ArtifactStoreOptions) {
    this.client = opts.client;
    this.bucket = opts.bucket;
    this.threshold = opts.multipartThreshold ?? MULTIPART_THRESHOLD;
    this.partSize = opts.partSize ?? 8 * 1024 * 1024;
    this.retry = opts.retry ?? DEFAULT_UPLOAD_RETRY;
    this.onRetry = opts.onRetry;
    this.uploadClient = opts.uploadClient ?? (async () => opts.client);
    this.location = `s3://${opts.bucket}`;
  }

  async has(key: string): Promise<boolean> {
    return (await this.sizeOf(key)) !== undefined;
  }

  /** Size of the stored object, undefined when there is none. */
  private async sizeOf(key: string): Promise<number | undefined> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return head.ContentLength ?? 0;
    } catch (e) {
      const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
      if (err.name === 'NotFound' || err.name === 'NoSuchKey' || err.$metadata?.httpStatusCode === 404) return undefined;
      throw s3Failure('HeadObject', this.bucket, key, e);
    }
  }

  async put(key: string, body: () => Readable, size: number, onProgress?: (sentBytes: number) => void): Promise<void> {
    const multipart = size > this.threshold;
    let lastError: unknown;
    let cleanupProblem: string | undefined;
    let attempt = 0;
    const client = await this.uploadClient();
    while (attempt < this.retry.attempts) {
      attempt++;
      try {
        await (multipart ? this.putMultipart(client, key, body, onProgress) : this.putSingle(client, key, body, size, onProgress));
        return;
      } catch (e) {
        lastError = e;
        if (multipart) cleanupProblem = await this.abortPendingUploads(key);
        if (!isRetryableUploadError(e)) break;
        // Content-addressed key: an object of the right size there is this artifact (the failure came after S3 stored it).
        if ((await this.sizeOf(key).catch(() => undefined)) === size) {
          onProgress?.(size);
          return;
        }
        if (attempt >= this.retry.attempts) break;
        const delay = backoffDelayMs(attempt, this.retry);
        this.onRetry?.(`upload of ${key}: attempt ${attempt} of ${this.retry.attempts} failed (${serviceErrorText(e)}); retrying in ${delay} ms`);
        await sleep(delay);
      }
    }
    throw new NxstackError('NXS_S3_UPLOAD_FAILED', `Upload of s3://${this.bucket}/${key} failed after ${attempt} attempt${attempt === 1 ? '' : 's'}: ${serviceErrorText(lastError)}`, {
      hint: [
        isRetryableUploadError(lastError)
          ? 'The network or S3 kept failing. Run the deploy again, or raise NXSTACK_UPLOAD_ATTEMPTS / NXSTACK_UPLOAD_IDLE_TIMEOUT_MS on a slow link.'
          : 'Check credentials, region and that the deployment bucket exists (it is created by the first publish/deploy of the stage).',
        cleanupProblem ? `Unfinished multipart uploads of this key could not be aborted (${cleanupProblem}); abort them with \`aws s3api list-multipart-uploads\` / \`abort-multipart-upload\`.` : '',
      ].filter(Boolean).join(' '),
      cause: lastError,
    });
  }

  /** One PutObject with a fresh stream. */
  private async putSingle(client: S3Client, key: string, body: () => Readable, size: number, onProgress?: (sentBytes: number) => void): Promise<void> {
    const source = body();
    try {
      await client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: source, ContentLength: size, ContentType: 'application/zip' }));
      onProgress?.(size);
    } finally {
      source.destroy();
    }
  }

  /** One multipart Upload from a fresh stream; its parts are buffers, which the SDK retries itself. */
  private async putMultipart(client: S3Client, key: string, body: () => Readable, onProgress?: (sentBytes: number) => void): Promise<void> {
    const source = body();
    const upload = new Upload({
      client,
      params: { Bucket: this.bucket, Key: key, Body: source, ContentType: 'application/zip' },
      partSize: this.partSize,
      queueSize: 2,
      leavePartsOnError: false,
    });
    upload.on('httpUploadProgress', (p) => {
      if (p.loaded !== undefined) onProgress?.(p.loaded);
    });
    try {
      await upload.done();
    } finally {
      source.destroy();
    }
  }

  /**
   * Aborts every unfinished multipart upload of `key`: their parts are invisible but kept (and
   * billed) otherwise. Returns what went wrong, for the final error, when that fails too.
   */
  private async abortPendingUploads(key: string): Promise<string | undefined> {
    try {
      const list = await this.client.send(new ListMultipartUploadsCommand({ Bucket: this.bucket, Prefix: key }));
      for (const u of list.Uploads ?? []) {
        if (u.Key === key && u.UploadId) await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: key, UploadId: u.UploadId }));
      }
      return undefined;
    } catch (e) {
      return serviceErrorText(e);
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
