import { type ExecutorPlace, resolveBuildpackOptions } from '@nxstack/core';
import type { GoPackageExecutorSchema } from '../executors/package/schema';
import type { GoPackageOptions } from './package-go';

/** Executor options (inline and/or stackFile + resource) → packageGo options. Inline values win. */
export async function resolveGoOptions(o: GoPackageExecutorSchema, place: ExecutorPlace & { env?: NodeJS.ProcessEnv }): Promise<GoPackageOptions> {
  const { options, fromStack } = await resolveBuildpackOptions<Record<string, unknown>, GoPackageExecutorSchema>(o, place, { executorName: 'The Go package executor' });
  return { ...options, env: place.env, locate: fromStack?.locate };
}
