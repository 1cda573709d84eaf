import { batchJobType } from './batch-job';
import { privateServiceType, webServiceType, workerServiceType } from './container-services';
import { httpApiGatewayType } from './http-api-gateway';
import type { ResourceTypeModule } from './resource-type';
import { applicationLoadBalancerType } from '../load-balancers/application-load-balancer';
import { networkLoadBalancerType } from '../load-balancers/network-load-balancer';
import { multiContainerWorkloadType } from './multi-container-workload';

/** Container workloads, load balancers and the HTTP API (function is registered on its own). */
const byType = <P>(m: ResourceTypeModule<P>) => m as unknown as ResourceTypeModule;
export const COMPUTE_TYPE_MODULES: readonly ResourceTypeModule[] = [httpApiGatewayType, webServiceType, privateServiceType, workerServiceType, batchJobType, byType(applicationLoadBalancerType), byType(networkLoadBalancerType), byType(multiContainerWorkloadType)];
