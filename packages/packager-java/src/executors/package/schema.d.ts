import type { BuildpackExecutorOptions } from '@nxstack/core';
import type { JavaLanguageConfig } from '../../lib/package-java';

/** Options of @nxstack/packager-java:package (schema.json). Explicit options win over stackFile. */
export type JavaPackageExecutorSchema = Omit<BuildpackExecutorOptions<JavaLanguageConfig>, 'excludeDependencies'>;
