import { GetObjectCommand } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isNxstackError, resourceOutputDir, writeManifest } from '@nxstack/core';
import { motoEnv } from '../../../../tools/test-services/aws-env';
import { countOf, recordCalls } from './__fixtures__/aws-calls';
import { functionStack, makeWorkspace, packageFunction, packageLargeArtifact } from './__fixtures__/workspace';
import { createAwsClients } from './aws-clients';
import { publishResource } from './publish';

describe('publishResource on AWS (moto)', () => {
  it('uploads a zip once under its content-addressed key and skips it the second time', async () => {
    const ws = await makeWorkspace(functionStack(['hello']));
    const zip = await packageFunction(ws, 'hello', 'exports.handler = async () => "hi";\n');
    const clients = await createAwsClients({ env: motoEnv() });
    const calls = recordCalls(clients.s3);
    const first = await publishResource({ ...ws.options('pub-once', { clients }), resource: 'hello' });
    expect(first).toMatchObject({ uploaded: true, bytesUploaded: zip.size, key: `api/hello/${zip.sha256}.zip` });
    expect(countOf(calls, 'PutObject')).toBe(1);
    expect(ws.lines).toContain(`hello: uploaded ${zip.size} bytes to s3://nxstack-123456789012-us-east-1-pub-once/api/hello/${zip.sha256}.zip`);
    expect(ws.lines).toContain(`nxstack: publish resource=hello uploads=1 bytes=${zip.size}`);
    expect(ws.lines).toContain('S3 transfer acceleration: off (a custom S3 endpoint is set through AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_S3)');

    const second = await publishResource({ ...ws.options('pub-once', { clients }), resource: 'hello' });
    expect(second).toMatchObject({ uploaded: false, bytesUploaded: 0 });
    expect(countOf(calls, 'PutObject')).toBe(1);
    expect(ws.lines.slice(-2)).toEqual([`hello: s3://nxstack-123456789012-us-east-1-pub-once/api/hello/${zip.sha256}.zip unchanged, not uploaded`, 'nxstack: publish resource=hello uploads=0 bytes=0']);

    const obj = await clients.s3.send(new GetObjectCommand({ Bucket: 'nxstack-123456789012-us-east-1-pub-once', Key: first.key }));
    const body = Buffer.from(await obj.Body!.transformToByteArray());
    expect(createHash('sha256').update(body).digest('hex')).toBe(zip.sha256);
  });

  it('uploads a 20 MiB artifact through multipart upload with progress', async () => {
    const ws = await makeWorkspace(functionStack(['big']));
    const art = await packageLargeArtifact(ws, 'big', 20 * 1024 * 1024);
    const clients = await createAwsClients({ env: motoEnv() });
    const calls = recordCalls(clients.s3);
    const res = await publishResource({ ...ws.options('pub-multipart', { clients }), resource: 'big' });
    expect(res).toMatchObject({ uploaded: true, bytesUploaded: art.size });
    expect(countOf(calls, 'CreateMultipartUpload')).toBe(1);
    expect(countOf(calls, 'UploadPart')).toBe(3); // 8 + 8 + 4 MiB
    expect(countOf(calls, 'CompleteMultipartUpload')).toBe(1);
    expect(countOf(calls, 'PutObject')).toBe(0);
    expect(ws.lines.filter((l) => /^big: [\d.]+ MiB \/ 20\.0 MiB$/.test(l)).length).toBeGreaterThanOrEqual(2);
    const obj = await clients.s3.send(new GetObjectCommand({ Bucket: 'nxstack-123456789012-us-east-1-pub-multipart', Key: res.key }));
    const body = Buffer.from(await obj.Body!.transformToByteArray());
    expect(body.length).toBe(art.size);
    expect(createHash('sha256').update(body).digest('hex')).toBe(art.sha256);
  });

  it('refuses image manifests and points at the image builder', async () => {
    const ws = await makeWorkspace(functionStack(['svc']));
    await writeManifest(path.join(ws.root, resourceOutputDir(ws.projectRoot, 'svc')), { kind: 'image', resource: 'svc', layout: 'oci', digest: `sha256:${'a'.repeat(64)}`, size: 1, architecture: 'x86_64', packager: 'image' });
    const err = await publishResource({ ...ws.options('local'), resource: 'svc' }).catch((e) => e);
    expect(isNxstackError(err) && err.code).toBe('NXS_IMAGE_PUBLISH_USES_IMAGE_BUILDER');
    expect(err.hint).toContain('@nxstack/image-builder:push-image');
  });

  it('fails clearly when the artifact does not match its manifest', async () => {
    const ws = await makeWorkspace(functionStack(['hello']));
    await packageFunction(ws, 'hello', 'exports.handler = 1;');
    await fs.appendFile(path.join(ws.root, resourceOutputDir(ws.projectRoot, 'hello'), 'hello.zip'), 'x');
    const err = await publishResource({ ...ws.options('local'), resource: 'hello' }).catch((e) => e);
    expect(isNxstackError(err) && err.code).toBe('NXS_ARTIFACT_MISMATCH');
  });
});
