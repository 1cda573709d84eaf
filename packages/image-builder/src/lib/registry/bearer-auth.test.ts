import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTokenRegistry, stopRegistry } from '../../../../../tools/test-services/registry';
import { busyboxBaseImage } from '../../__fixtures__/busybox-base';
import { startTokenServer, type TokenServer } from '../../__fixtures__/token-server';
import { pushImage } from '../push';
import { parseReference } from './reference';
import { pullImage } from './remote';
import { RegistryClient } from './registry-client';

let tokens: TokenServer;
let registry: string;
const state = mkdtempSync(join(tmpdir(), 'nxs-token-registry-'));

beforeAll(async () => {
  tokens = await startTokenServer('robot', 'token-pass-42');
  registry = startTokenRegistry(state, 'token-registry', tokens.realm, tokens.certFile);
});
afterAll(async () => {
  stopRegistry(state, 'token-registry');
  await tokens.close();
});

describe('Bearer token auth against docker-registry with token auth', () => {
  it('gets a scoped token with Basic credentials, pushes and pulls', async () => {
    const client = new RegistryClient({ registry, credentials: { username: 'robot', password: 'token-pass-42' } });
    const image = await busyboxBaseImage();
    const res = await pushImage(image, { client, repository: 'team/app', tags: ['1'] });
    expect(res.blobsUploaded).toHaveLength(2);
    expect(tokens.requests).toContain('repository:team/app:pull,push');
    const pulled = await pullImage(client, parseReference(`${registry}/team/app:1`));
    expect(pulled.digest).toBe(image.digest);
  });

  it('fails with NXS_REGISTRY_UNAUTHORIZED when the token service refuses', async () => {
    const client = new RegistryClient({ registry, credentials: { username: 'robot', password: 'nope' } });
    await expect(client.getManifest('team/app', '1')).rejects.toMatchObject({ code: 'NXS_REGISTRY_UNAUTHORIZED' });
  });
});
