import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ECRClient } from '@aws-sdk/client-ecr';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { motoEnv } from '../../../../../tools/test-services/aws-env';
import { ECR_TOKEN_CREDENTIALS } from '../../../../../tools/test-services/registry';
import { busyboxBaseImage, pushBusyboxBase, registryHost } from '../../__fixtures__/busybox-base';
import { pushImage } from '../push';
import { resolvePrebuiltImage } from '../prebuilt-image';
import { ecrLogin } from './ecr-auth';
import { parseReference } from './reference';
import { pullImage } from './remote';
import { RegistryClient } from './registry-client';

let failing: Server;
let failingHost: string;

beforeAll(async () => {
  // A registry endpoint that is down for maintenance: every request answers 503.
  failing = createServer((_req, res) => { res.writeHead(503, { 'content-type': 'text/plain' }); res.end('maintenance'); });
  await new Promise<void>((r) => failing.listen(0, '127.0.0.1', r));
  failingHost = `127.0.0.1:${(failing.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => failing.close(() => r())));

describe('registry client against docker-registry', () => {
  it('pushes, then pulls back the same image; a second push sends no blob', async () => {
    const client = new RegistryClient({ registry: registryHost() });
    const image = await busyboxBaseImage();
    const first = await pushImage(image, { client, repository: 'rt/busybox', tags: ['a', 'b'] });
    expect(first.blobsUploaded).toHaveLength(2);
    expect(first.reference).toBe(`${registryHost()}/rt/busybox@${image.digest}`);
    const again = await pushImage(image, { client, repository: 'rt/busybox', tags: ['a'] });
    expect(again.blobsUploaded).toEqual([]);
    expect(again.bytesUploaded).toBe(image.rawManifest.length);
    const pulled = await pullImage(client, parseReference(`${registryHost()}/rt/busybox:b`));
    expect(pulled.digest).toBe(image.digest);
    expect((await pulled.layers[0]!.read()).equals(await image.layers[0]!.read())).toBe(true);
  });

  it('mounts blobs across repositories instead of uploading them', async () => {
    const client = new RegistryClient({ registry: registryHost() });
    const image = await busyboxBaseImage();
    await pushImage(image, { client, repository: 'mount/source', tags: ['1'] });
    const res = await pushImage(image, { client, repository: 'mount/target', tags: ['1'], mountFrom: 'mount/source' });
    expect(res.blobsMounted).toHaveLength(2);
    expect(res.blobsUploaded).toEqual([]);
  });


  it('authenticates with an ECR token from GetAuthorizationToken (moto) against a Basic-auth registry', async () => {
    const env = motoEnv();
    const ecr = new ECRClient({ region: env.AWS_REGION, endpoint: env.AWS_ENDPOINT_URL, credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID!, secretAccessKey: env.AWS_SECRET_ACCESS_KEY! } });
    const login = await ecrLogin('us-east-1', ecr);
    expect(login.registry).toBe('123456789012.dkr.ecr.us-east-1.amazonaws.com');
    expect(login).toMatchObject(ECR_TOKEN_CREDENTIALS);
    const client = new RegistryClient({ registry: inject('authRegistry'), credentials: login });
    const res = await pushImage(await busyboxBaseImage(), { client, repository: 'ecr/app', tags: ['latest'] });
    expect(res.blobsUploaded).toHaveLength(2);
  });

  it('fails clearly on 401 (no or wrong credentials), 5xx and an unreachable registry; never echoes the password', async () => {
    const image = await busyboxBaseImage();
    const anonymous = new RegistryClient({ registry: inject('authRegistry') });
    await expect(pushImage(image, { client: anonymous, repository: 'x/y', tags: ['1'] })).rejects.toMatchObject({ code: 'NXS_REGISTRY_UNAUTHORIZED', hint: expect.stringContaining('needs credentials') });
    const wrong = new RegistryClient({ registry: inject('authRegistry'), credentials: { username: 'AWS', password: 'wrong-pass-123' } });
    const err = await pushImage(image, { client: wrong, repository: 'x/y', tags: ['1'] }).catch((e) => e);
    expect(err).toMatchObject({ code: 'NXS_REGISTRY_UNAUTHORIZED', hint: expect.stringContaining('rejected') });
    expect(`${err.format()} ${JSON.stringify(err)}`).not.toContain('wrong-pass-123');
    const down = new RegistryClient({ registry: failingHost });
    await expect(down.blobExists('x/y', image.digest)).rejects.toMatchObject({ code: 'NXS_REGISTRY_SERVER_ERROR', message: expect.stringContaining('503') });
    const nowhere = new RegistryClient({ registry: '127.0.0.1:1' });
    await expect(nowhere.getManifest('x/y', 'latest')).rejects.toMatchObject({ code: 'NXS_REGISTRY_UNREACHABLE' });
  });

  it('resolves a prebuilt image to a digest, with credentials for a private registry', async () => {
    const image = await busyboxBaseImage();
    const ref = await pushBusyboxBase('prebuilt/app', '3');
    const open = await resolvePrebuiltImage({ image: ref });
    expect(open.reference).toBe(`${registryHost()}/prebuilt/app@${image.digest}`);
    await pushImage(image, { client: new RegistryClient({ registry: inject('authRegistry'), credentials: ECR_TOKEN_CREDENTIALS }), repository: 'private/app', tags: ['1'] });
    const priv = await resolvePrebuiltImage({ image: `${inject('authRegistry')}/private/app:1`, credentials: ECR_TOKEN_CREDENTIALS });
    expect(priv.digest).toBe(image.digest);
    await expect(resolvePrebuiltImage({ image: `${inject('authRegistry')}/private/app:1` })).rejects.toMatchObject({ code: 'NXS_REGISTRY_UNAUTHORIZED' });
    await expect(resolvePrebuiltImage({ image: `${registryHost()}/prebuilt/app:nope` })).rejects.toMatchObject({ code: 'NXS_PREBUILT_IMAGE_NOT_FOUND' });
    await expect(resolvePrebuiltImage({ image: 'Bad Ref' })).rejects.toMatchObject({ code: 'NXS_IMAGE_REFERENCE_INVALID' });
  });
});

describe('parseReference', () => {
  it('applies Docker Hub defaults and keeps registry ports', () => {
    expect(parseReference('node:22-alpine')).toEqual({ registry: 'registry-1.docker.io', repository: 'library/node', tag: '22-alpine', digest: undefined });
    expect(parseReference('127.0.0.1:5000/a/b')).toMatchObject({ registry: '127.0.0.1:5000', repository: 'a/b', tag: 'latest' });
    expect(parseReference(`public.ecr.aws/lambda/nodejs@sha256:${'a'.repeat(64)}`)).toMatchObject({ registry: 'public.ecr.aws', repository: 'lambda/nodejs', tag: undefined });
  });
});
