import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { motoEnv } from '../../../../../tools/test-services/aws-env';
import { awsClientConfig, hasAwsCredentials } from './client-config';
import { LOCAL_REGION, resolveRegion, resolveStageRegion } from './region';

/** Shared config files that exist but hold nothing, so the developer's ~/.aws never leaks in. */
function emptyAwsFiles(config = '', credentials = ''): { AWS_CONFIG_FILE: string; AWS_SHARED_CREDENTIALS_FILE: string } {
  const dir = mkdtempSync(join(tmpdir(), 'nxs-aws-'));
  writeFileSync(join(dir, 'config'), config);
  writeFileSync(join(dir, 'credentials'), credentials);
  return { AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials') };
}

function stubEnv(vars: Record<string, string | undefined>): void {
  for (const [k, v] of Object.entries(vars)) vi.stubEnv(k, v);
}

const AWS_VARS = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_STS'];
const noAwsEnv = Object.fromEntries(AWS_VARS.map((k) => [k, undefined]));

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('awsClientConfig against moto', () => {
  it('gives a working STS client through AWS_ENDPOINT_URL', async () => {
    stubEnv({ ...noAwsEnv, ...emptyAwsFiles(), ...motoEnv('eu-central-1') });
    const config = await awsClientConfig();
    expect(config.region).toBe('eu-central-1');
    const identity = await new STSClient(config).send(new GetCallerIdentityCommand({}));
    expect(identity.Account).toMatch(/^\d{12}$/);
    expect(identity.Arn).toContain('arn:aws:');
  });

  it('honours AWS_ENDPOINT_URL_<SERVICE> over AWS_ENDPOINT_URL', async () => {
    const moto = motoEnv();
    stubEnv({ ...noAwsEnv, ...emptyAwsFiles(), ...moto, AWS_ENDPOINT_URL: 'http://127.0.0.1:9', AWS_ENDPOINT_URL_STS: moto.AWS_ENDPOINT_URL });
    const identity = await new STSClient(await awsClientConfig({ region: 'us-west-2' })).send(new GetCallerIdentityCommand({}));
    expect(identity.Account).toMatch(/^\d{12}$/);
  });

  it('reads credentials of a named profile', async () => {
    const moto = motoEnv();
    stubEnv({
      ...noAwsEnv,
      ...emptyAwsFiles('[profile dev]\nregion = ap-south-1\n', '[dev]\naws_access_key_id = devkey\naws_secret_access_key = devsecret\n'),
      AWS_ENDPOINT_URL: moto.AWS_ENDPOINT_URL,
      AWS_EC2_METADATA_DISABLED: 'true',
    });
    const config = await awsClientConfig({ profile: 'dev' });
    expect(config.region).toBe('ap-south-1');
    expect((await config.credentials()).accessKeyId).toBe('devkey');
    const identity = await new STSClient(config).send(new GetCallerIdentityCommand({}));
    expect(identity.Account).toMatch(/^\d{12}$/);
  });
});

describe('resolveRegion', () => {
  const files = emptyAwsFiles('[default]\nregion = eu-north-1\n[profile dev]\nregion = ap-south-1\n');
  it('prefers the explicit option, then AWS_REGION, then AWS_DEFAULT_REGION, then the profile', async () => {
    expect(await resolveRegion({ region: 'us-east-2', env: { ...files, AWS_REGION: 'eu-west-1' } })).toBe('us-east-2');
    expect(await resolveRegion({ env: { ...files, AWS_REGION: 'eu-west-1', AWS_DEFAULT_REGION: 'eu-west-2' } })).toBe('eu-west-1');
    expect(await resolveRegion({ env: { ...files, AWS_DEFAULT_REGION: 'eu-west-2' } })).toBe('eu-west-2');
    expect(await resolveRegion({ env: { ...files } })).toBe('eu-north-1');
    expect(await resolveRegion({ profile: 'dev', env: { ...files } })).toBe('ap-south-1');
    expect(await resolveRegion({ env: { ...files, AWS_PROFILE: 'dev' } })).toBe('ap-south-1');
  });

  it('throws NXS_REGION_MISSING with a hint when nothing is configured', async () => {
    const error = await resolveRegion({ env: emptyAwsFiles() }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'NXS_REGION_MISSING' });
    expect((error as { hint: string }).hint).toContain('AWS_REGION');
  });
});

describe('resolveStageRegion', () => {
  it('gives the local stage its own region and resolves every other stage, failing loudly without one', async () => {
    expect(await resolveStageRegion('local', { env: emptyAwsFiles() })).toBe(LOCAL_REGION);
    expect(await resolveStageRegion('dev', { env: emptyAwsFiles('[profile ci]\nregion = sa-east-1\n'), profile: 'ci' })).toBe('sa-east-1');
    await expect(resolveStageRegion('dev', { env: emptyAwsFiles() })).rejects.toMatchObject({ code: 'NXS_REGION_MISSING' });
  });
});

describe('hasAwsCredentials', () => {
  it('is true when the chain resolves', async () => {
    stubEnv({ ...noAwsEnv, ...emptyAwsFiles(), ...motoEnv() });
    expect(await hasAwsCredentials()).toBe(true);
  });

  it('is false (not a throw) when nothing provides credentials, within about a second', async () => {
    stubEnv({ ...noAwsEnv, ...emptyAwsFiles(), AWS_EC2_METADATA_DISABLED: 'true' });
    const started = Date.now();
    expect(await hasAwsCredentials()).toBe(false);
    expect(Date.now() - started).toBeLessThan(2500);
  });
});
