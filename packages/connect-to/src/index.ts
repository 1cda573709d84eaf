// Public API of @nxstack/connect-to.
export { connectionsFor, ingressResource, isConnectableType } from './lib/connections-for';
export { CONNECTION_TABLE, CONNECTABLE_TYPES, type ConnectionRow } from './lib/connection-table';
export { defaultConnectionIds } from './lib/ids';
export { upperSnake, stpVariableName, pascalCase, outputKeyFor } from './lib/names';
export * from './lib/target-shapes';
export * from './lib/types';
export { stageEnvironment, type StageEnvironmentOptions, type StageEnvironmentResult } from './lib/env/stage-environment';
export { resolveWorkloadEnvironment, resolveEnvironmentOf, secretPlaceholder, COMPUTE_TYPES, type ResolvedEnvironment, type ResolveEnvironmentOptions } from './lib/env/resolve-environment';
export { formatDotenv, formatJson } from './lib/env/format-environment';
export { readLocalOutputs, readCloudFormationOutputs } from './lib/env/stack-outputs';
export { readImportedOutputs, type StackOutputsReader } from './lib/env/imported-outputs';
export { secretReader } from './lib/env/secrets';
