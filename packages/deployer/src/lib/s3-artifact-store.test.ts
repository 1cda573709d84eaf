import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand, ListMultipartUploadsCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { isNxstackError } from '@nxstack/core';
import { motoEnv } from '../../../../tools/test-services/aws-env';
import { startFaultProxy, type FaultProxy, type FaultRule } from '../../../../tools/test-services/fault-proxy';
import { createAwsClients } from './aws-clients';
import { S3ArtifactStore } from './s3-artifact-store';
import type { UploadRetryPolicy } from './upload-retry';

const FAST: UploadRetryPolicy = { attempts: 4, baseDelayMs: 20, maxDelayMs: 100 };
const MIB = 1024 * 1024;
let proxy: FaultProxy | undefined;

afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
});

/** A bucket in moto and a store whose S3 traffic goes through a fault proxy with `rules`. */
async function storeBehindProxy(bucket: string, rules: FaultRule[], retry = FAST, idleTimeoutMs = 60_000) {
  const env = motoEnv();
  const direct = (await createAwsClients({ env })).s3;
  await direct.send(new CreateBucketCommand({ Bucket: bucket }));
  proxy = await startFaultProxy(env.AWS_ENDPOINT_URL, rules);
  const retries: string[] = [];
  const client = (await createAwsClients({ env: { ...env, AWS_ENDPOINT_URL_S3: proxy.url, NXSTACK_UPLOAD_IDLE_TIMEOUT_MS: String(idleTimeoutMs) } })).s3;
  const store = new S3ArtifactStore({ client, bucket, retry, multipartThreshold: 6 * MIB, partSize: 5 * MIB, onRetry: (m) => retries.push(m) });
  return { store, direct, retries, proxy };
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function stored(direct: S3Client, bucket: string, key: string): Promise<Buffer> {
  const obj = await direct.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from(await obj.Body!.transformToByteArray());
}

async function nothingLeft(direct: S3Client, bucket: string): Promise<void> {
  expect((await direct.send(new ListObjectsV2Command({ Bucket: bucket }))).KeyCount ?? 0).toBe(0);
  expect((await direct.send(new ListMultipartUploadsCommand({ Bucket: bucket }))).Uploads ?? []).toEqual([]);
}

describe('S3ArtifactStore uploads through faults (fault proxy in front of moto)', () => {
  it('retries a PutObject with a fresh stream through a reset, a 500 and an answer slower than the idle timeout', async () => {
    const bucket = 'faults-single';
    const key = 'api/fn/abc.zip';
    const body = randomBytes(256 * 1024);
    const put = /^\/faults-single\/api\/fn\/abc\.zip/;
    const { store, direct, retries, proxy } = await storeBehindProxy(bucket, [
      { method: 'PUT', path: put, fault: { kind: 'reset' } },
      { method: 'PUT', path: put, fault: { kind: 'status500' } },
      { method: 'PUT', path: put, fault: { kind: 'delay', ms: 4000 } },
    ], FAST, 1500);
    let opened = 0;
    await store.put(key, () => (opened++, Readable.from([body.subarray(0, 100_000), body.subarray(100_000)])), body.length);
    expect(proxy.injected).toEqual({ reset: 1, status500: 1, delay: 1 });
    expect(retries).toHaveLength(3);
    expect(opened).toBe(4); // one fresh stream per attempt
    expect(retries[2]).toMatch(/attempt 3 of 4 failed \(TimeoutError: .*timed out after 1500 ms of inactivity.*\); retrying in \d+ ms/);
    const got = await stored(direct, bucket, key);
    expect([got.length, sha256(got)]).toEqual([body.length, sha256(body)]);
  });

  it('gives up after the bounded attempts with NXS_S3_UPLOAD_FAILED naming key, attempts and last cause; no object left', async () => {
    const bucket = 'faults-never-clears';
    const { store, direct, proxy } = await storeBehindProxy(bucket, [{ method: 'PUT', path: /\.zip/, fault: { kind: 'status500' }, times: 1000 }], { ...FAST, attempts: 3 });
    const err = await store.put('api/fn/dead.zip', () => Readable.from([Buffer.from('zip bytes')]), 9).catch((e: unknown) => e);
    expect(isNxstackError(err) && err.code).toBe('NXS_S3_UPLOAD_FAILED');
    expect((err as Error).message).toMatch(/^Upload of s3:\/\/faults-never-clears\/api\/fn\/dead\.zip failed after 3 attempts: .*(InternalError|injected by the fault proxy)/);
    expect((err as Error).cause).toMatchObject({ $metadata: { httpStatusCode: 500 } });
    expect(proxy.requests.filter((r) => r.method === 'PUT')).toHaveLength(3);
    await expect(direct.send(new HeadObjectCommand({ Bucket: bucket, Key: 'api/fn/dead.zip' }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });
    await nothingLeft(direct, bucket);
  });

  it('does not retry what cannot pass (a missing bucket answers 404)', async () => {
    const env = motoEnv();
    proxy = await startFaultProxy(env.AWS_ENDPOINT_URL, []);
    const store = new S3ArtifactStore({ client: (await createAwsClients({ env: { ...env, AWS_ENDPOINT_URL_S3: proxy.url } })).s3, bucket: 'faults-no-such-bucket', retry: FAST });
    const err = await store.put('k.zip', () => Readable.from([Buffer.from('x')]), 1).catch((e: unknown) => e);
    expect(isNxstackError(err) && err.message).toMatch(/failed after 1 attempt: /);
    expect(proxy.requests.filter((r) => r.method === 'PUT')).toHaveLength(1);
  });

  it('multipart: survives part and completion faults; a fault that never clears aborts the upload so no parts stay', async () => {
    const bucket = 'faults-multipart';
    const body = randomBytes(12 * MIB);
    const { store, direct, proxy } = await storeBehindProxy(bucket, [
      { method: 'PUT', path: /big\.zip\?.*partNumber=2/, fault: { kind: 'reset' } },
      { method: 'POST', path: /big\.zip\?uploadId=/, fault: { kind: 'status500' } },
      { method: 'PUT', path: /dead\.zip\?.*partNumber=/, fault: { kind: 'status500' }, times: 1000 },
    ]);
    await store.put('api/fn/big.zip', () => Readable.from([body]), body.length);
    const got = await stored(direct, bucket, 'api/fn/big.zip');
    expect([got.length, sha256(got)]).toEqual([body.length, sha256(body)]);
    expect(proxy.injected.reset).toBe(1);
    expect(proxy.injected.status500).toBeGreaterThanOrEqual(1);

    const err = await store.put('api/fn/dead.zip', () => Readable.from([body]), body.length).catch((e: unknown) => e);
    expect(isNxstackError(err) && err.code).toBe('NXS_S3_UPLOAD_FAILED');
    expect((err as Error).message).toContain('failed after 4 attempts');
    await expect(direct.send(new HeadObjectCommand({ Bucket: bucket, Key: 'api/fn/dead.zip' }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });
    expect((await direct.send(new ListMultipartUploadsCommand({ Bucket: bucket }))).Uploads ?? []).toEqual([]);
  });
});
