import { NxstackError } from '../errors';

export interface CredentialsContext {
  readonly stage: string;
  readonly region: string;
  readonly profile?: string;
}

/** Errors the SDK's credential providers throw when none of them yields credentials. */
const PROVIDER_ERRORS = new Set(['CredentialsProviderError', 'TokenProviderError', 'ProviderError']);

/**
 * Resolves a client's credential provider (`client.config.credentials`) before the first AWS
 * call, so missing credentials fail as NXS_CREDENTIALS_MISSING naming the stage, the region and
 * the ways to provide them, instead of the SDK's "Could not load credentials from any providers"
 * from deep inside whatever call came first. Returns the resolved credentials. The one credentials
 * check: the deployer, image push and the STS account lookup all go through it.
 */
export async function assertAwsCredentials<T>(provider: () => Promise<T>, ctx: CredentialsContext): Promise<T> {
  try {
    return await provider();
  } catch (e) {
    const name = (e as { name?: string } | undefined)?.name ?? '';
    if (!PROVIDER_ERRORS.has(name)) throw e;
    const via = ctx.profile ? `profile '${ctx.profile}'` : 'the default credential chain';
    throw new NxstackError('NXS_CREDENTIALS_MISSING', `No AWS credentials for stage '${ctx.stage}' in ${ctx.region} (${via}): ${(e as Error).message}`, {
      hint:
        'Provide credentials in one of these ways: --profile <name> or AWS_PROFILE=<name> (a profile in ~/.aws/config or ~/.aws/credentials); ' +
        'AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY (+ AWS_SESSION_TOKEN) in the environment; `aws sso login --profile <name>` for IAM Identity Center. ' +
        'Without AWS, deploy to the local stage: --stage local.',
      cause: e,
    });
  }
}
