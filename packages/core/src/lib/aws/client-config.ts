import type { fromNodeProviderChain as FromNodeProviderChain } from '@aws-sdk/credential-providers';
import { resolveRegion } from './region';

// Loaded on first use: every executor imports core, and only those that talk to AWS need the
// credential chain (it costs ~0.1 s of start-up in each packaging task otherwise).
function providerChain(profile?: string): ReturnType<typeof FromNodeProviderChain> {
  const { fromNodeProviderChain } = require('@aws-sdk/credential-providers') as { fromNodeProviderChain: typeof FromNodeProviderChain };
  return fromNodeProviderChain(profile ? { profile } : {});
}

export interface AwsClientOptions {
  readonly region?: string;
  readonly profile?: string;
}

export interface AwsClientConfig {
  readonly region: string;
  readonly credentials: ReturnType<typeof FromNodeProviderChain>;
  /** Retries for throttled / transient failures during long deploys. */
  readonly maxAttempts: number;
}

/**
 * Configuration for any AWS SDK v3 client: `new S3Client(await awsClientConfig(opts))`.
 * Credentials come from the standard Node provider chain (env, SSO, ini profile, process,
 * web identity, container/instance metadata). Endpoints are left to the SDK, which honours
 * AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE> (how tests point clients at moto).
 */
export async function awsClientConfig(opts: AwsClientOptions = {}): Promise<AwsClientConfig> {
  const region = await resolveRegion({ region: opts.region, profile: opts.profile });
  return {
    region,
    credentials: providerChain(opts.profile),
    maxAttempts: 5,
  };
}

/**
 * True when the credential chain yields credentials within `timeoutMs`; never throws. Used to
 * decide between "deploy" and a clear "no credentials" message before any AWS call.
 */
export async function hasAwsCredentials(opts: { profile?: string; timeoutMs?: number } = {}): Promise<boolean> {
  const provider = providerChain(opts.profile);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((done) => {
    timer = setTimeout(() => done(false), opts.timeoutMs ?? 1000);
    timer.unref();
  });
  try {
    return await Promise.race([provider().then((c) => Boolean(c.accessKeyId), () => false), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
