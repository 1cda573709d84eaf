// Public API of @nxstack/packager-go.
export { packageGo, type GoPackageOptions, type GoPackageResult, type GoPackagingField } from './lib/package-go';
export { findGoModuleRoot } from './lib/find-module-root';
export { resolveGoOptions } from './lib/resolve-options';
export type { GoPackageExecutorSchema } from './executors/package/schema';
