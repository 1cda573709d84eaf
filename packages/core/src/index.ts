// Public API of @nxstack/core.
export * from './lib/errors';
export * from './lib/manifest';
export * from './lib/output-paths';
export * from './lib/interfaces';
export * from './lib/zip';
