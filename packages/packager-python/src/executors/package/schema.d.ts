import type { PythonPackageExecutorOptions } from '../../lib/executor-options';

export type PackageExecutorSchema = PythonPackageExecutorOptions;
