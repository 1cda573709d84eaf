import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { NxstackError } from '../errors';
import { awsClientConfig } from './client-config';
import { assertAwsCredentials } from './credentials-check';
import { endpointFor } from './endpoint';

export interface CallerAccountOptions {
  readonly workspaceRoot: string;
  readonly stage: string;
  readonly region: string;
  readonly profile?: string;
  /** Environment to read endpoints from (default: process.env). */
  readonly env?: NodeJS.ProcessEnv;
}

/** Where looked-up accounts are kept: several tasks of one deploy ask, STS is called once. */
export const CALLER_ACCOUNT_CACHE_DIR = path.posix.join('.nxstack', 'cache', 'sts');

/**
 * The AWS account of the current credentials for a stage (STS GetCallerIdentity), kept in a file
 * under `.nxstack/cache/sts/` keyed by stage, region, endpoint and the credentials' access key id
 * (hashed): the same credentials always name the same account, other credentials get their own
 * entry. Throws NXS_CREDENTIALS_MISSING (assertAwsCredentials) when no credentials resolve.
 */
export async function callerAccount(o: CallerAccountOptions): Promise<string> {
  const env = o.env ?? process.env;
  const config = await awsClientConfig({ region: o.region, profile: o.profile });
  const credentials = await assertAwsCredentials(() => config.credentials(), { stage: o.stage, region: o.region, profile: o.profile });
  const endpoint = endpointFor('STS', env) ?? '';
  const key = createHash('sha256').update(JSON.stringify([o.stage, o.region, endpoint, o.profile ?? '', credentials.accessKeyId])).digest('hex').slice(0, 32);
  const file = path.join(o.workspaceRoot, CALLER_ACCOUNT_CACHE_DIR, `${key}.json`);
  const cached = await fs.readFile(file, 'utf8').then((t) => (JSON.parse(t) as { account?: string }).account, () => undefined);
  if (cached && /^\d{12}$/.test(cached)) return cached;
  const { STSClient, GetCallerIdentityCommand } = require('@aws-sdk/client-sts') as typeof import('@aws-sdk/client-sts');
  const identity = await new STSClient(config).send(new GetCallerIdentityCommand({})).catch((cause: unknown) => {
    throw new NxstackError('NXS_AWS_IDENTITY_FAILED', `STS GetCallerIdentity failed for stage ${o.stage}: ${(cause as Error).message}`, {
      hint: 'Check the AWS credentials (expired session? wrong profile?) and the network.',
      cause,
    });
  });
  const account = identity.Account;
  if (!account || !/^\d{12}$/.test(account)) throw new NxstackError('NXS_AWS_IDENTITY_FAILED', `STS returned no account id for stage ${o.stage}.`, { hint: 'Check the AWS credentials.' });
  await fs.mkdir(path.dirname(file), { recursive: true });
  // Written whole then renamed: parallel tasks never read half a file.
  const tmp = `${file}.${process.pid}.tmp`;
  await fs.writeFile(tmp, JSON.stringify({ account, stage: o.stage, region: o.region }) + '\n');
  await fs.rename(tmp, file);
  return account;
}
