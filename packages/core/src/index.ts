// Public API of @nxstack/core.
export * from './lib/errors';
export * from './lib/run-executor';
export * from './lib/manifest';
export * from './lib/output-paths';
export * from './lib/local-stage-layout';
export * from './lib/local-endpoints';
export * from './lib/logical-ids';
export * from './lib/interfaces';
export * from './lib/zip';
export * from './lib/tar';
export * from './lib/model';
export * from './lib/custom-artifact';
export * from './lib/packaging';
export * from './lib/aws';
export * from './lib/image-reference';
export * from './lib/workspace-path';
export * from './lib/hosting';
