import { promises as fs } from 'node:fs';
import { DeleteBucketCommand, DeleteObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { isNxstackError } from '@nxstack/core';
import { motoEnv } from '../../../../tools/test-services/aws-env';
import { countOf, recordCalls } from './__fixtures__/aws-calls';
import { functionStack, makeWorkspace } from './__fixtures__/workspace';
import { createAwsClients } from './aws-clients';
import { BOOTSTRAP_VERSION } from './bootstrap';
import { bootstrapRecordFile } from './bootstrap-cache';
import { openStage } from './stage-target';

describe('recorded bootstrap (moto)', () => {
  it('reuses the recorded bucket after one HeadBucket, ignores a record of other credentials, and refuses a bucket deleted under its stack', async () => {
    const ws = await makeWorkspace(functionStack(['a']));
    const env = motoEnv();
    const clients = await createAwsClients({ env });
    const calls = recordCalls(clients.s3, clients.cloudformation);
    const first = await openStage({ ...ws.options('boot-rec', { clients }), env });
    const file = bootstrapRecordFile({ workspaceRoot: ws.root, stage: 'boot-rec', region: 'us-east-1' });
    const recorded = JSON.parse(await fs.readFile(file, 'utf8')) as Record<string, unknown>;
    expect(recorded).toEqual({ bucket: first.bucket, endpoint: env.AWS_ENDPOINT_URL, identity: 'key:testing', version: BOOTSTRAP_VERSION });

    const before = countOf(calls, 'DescribeStacks');
    const second = await openStage({ ...ws.options('boot-rec', { clients }), env });
    expect(second.bucket).toBe(first.bucket);
    expect(countOf(calls, 'DescribeStacks')).toBe(before);

    // A record of an older bootstrap version is not used: the stack is described (and upgraded if it is older).
    await fs.writeFile(file, JSON.stringify({ ...recorded, version: BOOTSTRAP_VERSION - 1 }));
    await openStage({ ...ws.options('boot-rec', { clients }), env });
    expect(countOf(calls, 'DescribeStacks')).toBeGreaterThan(before);
    expect(JSON.parse(await fs.readFile(file, 'utf8'))).toEqual(recorded);
    const afterOld = countOf(calls, 'DescribeStacks');

    // Other credentials: the record is not theirs, the bootstrap is described.
    await openStage({ ...ws.options('boot-rec', { clients }), env: { ...env, AWS_ACCESS_KEY_ID: 'other' } });
    expect(countOf(calls, 'DescribeStacks')).toBeGreaterThan(afterOld);

    const listed = await clients.s3.send(new ListObjectsV2Command({ Bucket: first.bucket }));
    for (const o of listed.Contents ?? []) await clients.s3.send(new DeleteObjectCommand({ Bucket: first.bucket, Key: o.Key }));
    await clients.s3.send(new DeleteBucketCommand({ Bucket: first.bucket }));
    const refused = await openStage({ ...ws.options('boot-rec', { clients }), env }).catch((e: unknown) => e);
    expect(isNxstackError(refused) && refused.code).toBe('NXS_BOOTSTRAP_FAILED');
    expect(String((refused as Error).message)).toContain(`${first.bucket} of stage boot-rec (us-east-1) no longer exists`);
    await expect(fs.access(file)).rejects.toThrow();
  });
});
