import { LOCAL_REGION, NxstackError, resolveRegion } from '@nxstack/core';

/**
 * The AWS_REGION a local function sees: the region the user configured (so its SDK calls go where
 * they expect); with none configured, the local stage's own region, never a made-up AWS one.
 */
export function localFunctionRegion(region: string | undefined, hostEnv?: NodeJS.ProcessEnv): Promise<string> {
  return resolveRegion({ region, env: hostEnv }).catch((e: unknown) => (e instanceof NxstackError && e.code === 'NXS_REGION_MISSING' ? LOCAL_REGION : Promise.reject(e)));
}
