import { batchJobType } from './batch-job';
import { privateServiceType, webServiceType, workerServiceType } from './container-services';
import { httpApiGatewayType } from './http-api-gateway';
import type { ResourceTypeModule } from './resource-type';

/** Container workloads and the HTTP API (function is registered on its own). */
export const COMPUTE_TYPE_MODULES: readonly ResourceTypeModule[] = [httpApiGatewayType, webServiceType, privateServiceType, workerServiceType, batchJobType];
