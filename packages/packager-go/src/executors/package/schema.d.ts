import type { BuildpackExecutorOptions } from '@nxstack/core';

/** Options of @nxstack/packager-go:package (schema.json). Explicit options win over stackFile. */
export type GoPackageExecutorSchema = Omit<BuildpackExecutorOptions, 'excludeDependencies'>;
