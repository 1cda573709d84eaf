import { type ExecutorPlace, resolveBuildpackOptions } from '@nxstack/core';
import type { JavaPackageExecutorSchema } from '../executors/package/schema';
import type { JavaLanguageConfig, JavaPackageOptions } from './package-java';

/** Executor options (inline and/or stackFile + resource) → packageJava options. Inline values win. */
export async function resolveJavaOptions(o: JavaPackageExecutorSchema, place: ExecutorPlace & { env?: NodeJS.ProcessEnv }): Promise<JavaPackageOptions> {
  const { options, fromStack } = await resolveBuildpackOptions<JavaLanguageConfig, JavaPackageExecutorSchema>(o, place, { executorName: 'The Java package executor' });
  return { ...options, languageSpecificConfig: options.languageSpecificConfig ?? {}, env: place.env, locate: fromStack?.locate };
}
