import { createServer, request, type Server } from 'node:http';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { motoEnv } from '../../../../../tools/test-services/aws-env';
import { CALLER_ACCOUNT_CACHE_DIR, callerAccount } from './caller-account';

// A pass-through to moto that counts the STS requests it forwards.
let proxy: Server;
let proxyUrl: string;
let stsCalls = 0;

beforeAll(async () => {
  const target = new URL(motoEnv().AWS_ENDPOINT_URL!);
  proxy = createServer((req, res) => {
    stsCalls++;
    const upstream = request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    req.pipe(upstream);
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as { port: number }).port}`;
});

afterAll(() => new Promise<void>((r) => proxy.close(() => r())));

afterEach(() => {
  vi.unstubAllEnvs();
});

function stub(vars: Record<string, string | undefined>): void {
  for (const [k, v] of Object.entries(vars)) vi.stubEnv(k, v);
}

describe('callerAccount', () => {
  it("asks STS once per stage and credentials, then reads the workspace's cache file", async () => {
    const ws = mkdtempSync(join(tmpdir(), 'nxs-sts-'));
    stub({ ...motoEnv('eu-west-1'), AWS_ENDPOINT_URL: proxyUrl, AWS_PROFILE: undefined });
    stsCalls = 0;
    const dev = await callerAccount({ workspaceRoot: ws, stage: 'dev', region: 'eu-west-1' });
    expect(dev).toBe('123456789012');
    expect(await callerAccount({ workspaceRoot: ws, stage: 'dev', region: 'eu-west-1' })).toBe(dev);
    expect(stsCalls).toBe(1);
    expect(readdirSync(join(ws, CALLER_ACCOUNT_CACHE_DIR))).toHaveLength(1);
    // Another stage, or other credentials, is another lookup.
    await callerAccount({ workspaceRoot: ws, stage: 'prod', region: 'eu-west-1' });
    stub({ AWS_ACCESS_KEY_ID: 'other-key' });
    await callerAccount({ workspaceRoot: ws, stage: 'dev', region: 'eu-west-1' });
    expect(stsCalls).toBe(3);
    expect(readdirSync(join(ws, CALLER_ACCOUNT_CACHE_DIR))).toHaveLength(3);
  });

  it('fails with NXS_CREDENTIALS_MISSING when no credentials resolve', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nxs-sts-empty-'));
    stub({
      AWS_ACCESS_KEY_ID: undefined,
      AWS_SECRET_ACCESS_KEY: undefined,
      AWS_PROFILE: undefined,
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_CONFIG_FILE: join(dir, 'none'),
      AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none'),
      AWS_ENDPOINT_URL: proxyUrl,
    });
    await expect(callerAccount({ workspaceRoot: dir, stage: 'dev', region: 'eu-west-1' })).rejects.toMatchObject({ code: 'NXS_CREDENTIALS_MISSING' });
  });
});
