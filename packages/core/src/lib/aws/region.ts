import type { SharedConfigFiles } from '@smithy/core/config';
import { NxstackError } from '../errors';
import { isLocalStage } from '../model/stage-name';

export interface ResolveRegionOptions {
  /** Region given explicitly (e.g. --region); wins over everything else. */
  readonly region?: string;
  /** Profile whose `region` in ~/.aws/config is the last resort (default: AWS_PROFILE or 'default'). */
  readonly profile?: string;
  /** Environment to read (default: process.env); tests pass their own. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * The region to deploy to: explicit option > AWS_REGION > AWS_DEFAULT_REGION > the profile's
 * `region` in the shared config files. Throws NXS_REGION_MISSING when none is set:
 * never a silent default region.
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
  throw new NxstackError('NXS_REGION_MISSING', 'no AWS region configured', {
    hint: `Pass --region, set AWS_REGION, or add \`region = <region>\` to profile '${profile}' in ~/.aws/config.`,
  });
}

/** The region of the local stage: nothing runs in AWS, ARNs and build args say `local`. */
export const LOCAL_REGION = 'local';

/** The account id in the local stage's ARNs (and of its AWS server, moto). */
export const LOCAL_ACCOUNT = '000000000000';

/** The region a stage deploys to: LOCAL_REGION for the local stage, else resolveRegion. */
export async function resolveStageRegion(stage: string, opts: ResolveRegionOptions = {}): Promise<string> {
  return isLocalStage(stage) ? LOCAL_REGION : resolveRegion(opts);
}
