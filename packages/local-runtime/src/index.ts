// Public API of @nxstack/local-runtime.
export { RuntimeApiServer, type Invocation, type RuntimeAnswer } from './lib/runtime-api-server';
export { LocalFunction, type LocalFunctionOptions, type InvokeResult, type InvokeOutcome } from './lib/local-function';
export { invokeLocal, openLocalFunction, unpack, type LocalFunctionSpec, type OpenedFunction } from './lib/invoke-local';
export { runtimeCommand, type RuntimeCommand } from './lib/runtime-commands';
export { peakMemoryMB } from './lib/peak-memory';
export { invokeResource, type InvokeResourceOptions } from './lib/invoke-resource';
export { localEnvironment } from './lib/local-environment';
export { formatReport } from './lib/format-report';
export { deployLocalDataResources, destroyLocalDataResources, ensureLocalDataResources, LOCAL_DATA_RESOURCE_TYPES, type LocalDataResource, type ApplyResult } from './lib/local-aws/data-resources';
export { ensureLocalAwsServer, runningLocalAwsServer, stopLocalAwsServer, type LocalAwsServer } from './lib/local-aws/local-aws-server';
export { localAwsEnvironment } from './lib/local-aws/local-aws-env';
