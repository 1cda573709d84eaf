import { describe, expect, inject, it } from 'vitest';
import { ECR_TOKEN_CREDENTIALS } from '../../../../../tools/test-services/registry';
import { busyboxBaseImage, registryHost } from '../../__fixtures__/busybox-base';
import { pushImage } from '../push';
import { copyImage } from './copy-image';
import { RegistryClient } from './registry-client';

describe('copyImage against docker-registry', () => {
  it('mounts every blob across repositories of one registry, copies them to another registry, keeps the digest', async () => {
    const registry = new RegistryClient({ registry: registryHost() });
    const image = await busyboxBaseImage();
    await pushImage(image, { client: registry, repository: 'cp/staging', tags: ['latest'] });

    const mounted = await copyImage({ from: { client: registry, repository: 'cp/staging' }, to: { client: registry, repository: 'cp/prod' }, digest: image.digest, tags: ['web-latest'] });
    expect(mounted).toMatchObject({ reference: `${registryHost()}/cp/prod@${image.digest}`, blobsMounted: 2, blobsCopied: 0, bytesCopied: 0 });
    expect((await registry.getManifest('cp/prod', 'web-latest'))?.digest).toBe(image.digest);
    expect((await registry.getManifest('cp/prod', image.digest))?.body.equals(image.rawManifest)).toBe(true);

    // Another registry (another region's): the bytes travel, the digest stays.
    const other = new RegistryClient({ registry: inject('authRegistry'), credentials: ECR_TOKEN_CREDENTIALS });
    const copied = await copyImage({ from: { client: registry, repository: 'cp/prod' }, to: { client: other, repository: 'cp/west' }, digest: image.digest, tags: ['latest'] });
    expect(copied).toMatchObject({ blobsMounted: 0, blobsCopied: 2, blobsPresent: 0 });
    expect(copied.bytesCopied).toBeGreaterThan(0);
    expect((await other.getManifest('cp/west', 'latest'))?.digest).toBe(image.digest);
    // Again: nothing to send.
    expect(await copyImage({ from: { client: registry, repository: 'cp/prod' }, to: { client: other, repository: 'cp/west' }, digest: image.digest })).toMatchObject({ blobsPresent: 2, blobsCopied: 0 });

    await expect(copyImage({ from: { client: registry, repository: 'cp/none' }, to: { client: registry, repository: 'cp/prod' }, digest: image.digest })).rejects.toMatchObject({ code: 'NXS_PROMOTE_SOURCE_MISSING' });
  });
});
