import type { NodePackageExecutorOptions } from '../../lib/executor-options';

export type PackageExecutorSchema = NodePackageExecutorOptions;
