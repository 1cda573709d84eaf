// Public API of @nxstack/local-runtime.
export { RuntimeApiServer, type Invocation, type RuntimeAnswer } from './lib/runtime-api-server';
export { LocalFunction, type LocalFunctionOptions, type InvokeResult, type InvokeOutcome } from './lib/local-function';
export { invokeLocal, openLocalFunction, unpack, type LocalFunctionSpec, type OpenedFunction } from './lib/invoke-local';
export { runtimeCommand, type RuntimeCommand } from './lib/runtime-commands';
export { peakMemoryMB } from './lib/peak-memory';
export { invokeResource, type InvokeResourceOptions } from './lib/invoke-resource';
export { localFunctionRegion } from './lib/local-region';
export { localEnvironment } from './lib/local-environment';
export { formatReport } from './lib/format-report';
export { appendInvocationLog, readInvocationLog, invocationLogPath, type InvocationLogEntry, type InvocationLogTarget } from './lib/invocation-log';
export { invokeDeployed, formatDeployedReport, parseReportLine, type DeployedInvokeResult, type InvokeDeployedOptions, type LambdaReport } from './lib/aws/invoke-deployed';
export { deployedFunctionName, stageClientConfig, type DeployedStageOptions } from './lib/aws/deployed-function';
export { stageLogs, type StageLogsOptions } from './lib/stage-logs';
export { localSecretReader } from './lib/local-environment';
export { startLocalGateway, type LocalGateway, type LocalGatewayOptions } from './lib/gateway/local-gateway';
export { httpEndpoints, matchRoute, type HttpEndpoint, type HttpRoute, type RouteMatch } from './lib/gateway/http-routes';
