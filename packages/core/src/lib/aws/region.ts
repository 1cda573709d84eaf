import type { SharedConfigFiles } from '@smithy/core/config';
import { NxstackError } from '../errors';

export interface ResolveRegionOptions {
  /** Region given explicitly (e.g. --region); wins over everything else. */
  readonly region?: string;
  /** Profile whose `region` in ~/.aws/config is the last resort (default: AWS_PROFILE or 'default'). */
  readonly profile?: string;
  /** Environment to read (default: process.env); tests pass their own. */
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * The region to deploy to: explicit option > AWS_REGION > AWS_DEFAULT_REGION > the profile's
 * `region` in the shared config files. Throws NXS_NO_REGION when none is set.
 */
export async function resolveRegion(opts: ResolveRegionOptions = {}): Promise<string> {
  const env = opts.env ?? process.env;
  const fromEnv = opts.region || env.AWS_REGION || env.AWS_DEFAULT_REGION;
  if (fromEnv) return fromEnv;
  const profile = opts.profile || env.AWS_PROFILE || 'default';
  // Loaded on first use, like the credential chain: packaging tasks never read AWS config.
  const { loadSharedConfigFiles } = require('@smithy/core/config') as typeof import('@smithy/core/config');
  const files = await loadSharedConfigFiles({
    filepath: env.AWS_SHARED_CREDENTIALS_FILE,
    configFilepath: env.AWS_CONFIG_FILE,
  }).catch((): SharedConfigFiles => ({ configFile: {}, credentialsFile: {} }));
  const region = files.configFile[profile]?.region ?? files.credentialsFile[profile]?.region;
  if (region) return region;
  throw new NxstackError('NXS_NO_REGION', 'no AWS region configured', {
    hint: `Pass --region, set AWS_REGION, or add \`region = <region>\` to profile '${profile}' in ~/.aws/config.`,
  });
}
