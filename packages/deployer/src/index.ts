// Public API of @nxstack/deployer.
export * from './lib/aws-clients';
export * from './lib/bootstrap';
export * from './lib/cfn-stack-deployer';
export { loadStackConfig } from './lib/compiler-adapter';
export * from './lib/deploy';
export * from './lib/destroy';
export * from './lib/diff';
export * from './lib/hooks';
export * from './lib/executor-context';
export * from './lib/local-artifact-store';
export * from './lib/local-stack-deployer';
export * from './lib/plan-stack';
export * from './lib/publish';
export * from './lib/s3-artifact-store';
export * from './lib/stack-name';
export * from './lib/stage-target';
export { resolveTransferAcceleration } from './lib/transfer-acceleration';
