import { z } from 'zod';
import { connectToSchema, environmentSchema, iamRoleStatementsSchema, loggingSchema, overridesSchema } from '../common-schemas';
import { notSupportedYet } from '../not-supported-yet';
import { imagePackagingSchema } from '../packaging';
import { httpApiIntegrationSchema } from './function-events';
import { containerEfsMountSchema } from './volume-mounts';
import { containerScalingSchema } from './container-workloads';
import { albIntegrationProperties, loadBalancerHealthCheckSchema, nlbIntegrationProperties } from './load-balancers';

// `type: multi-container-workload` (Stacktape's): several containers in one Fargate task.

const containerPortSchema = z.number().int().min(1).max(65535);

export const containerAlbIntegrationSchema = z.strictObject({
  type: z.literal('application-load-balancer'),
  properties: z.strictObject({ ...albIntegrationProperties, containerPort: containerPortSchema }),
});
export const containerNlbIntegrationSchema = z.strictObject({
  type: z.literal('network-load-balancer'),
  properties: z.strictObject({ ...nlbIntegrationProperties, containerPort: containerPortSchema }),
});
/** A port other containers of the same task reach on localhost. */
export const containerInternalIntegrationSchema = z.strictObject({
  type: z.literal('workload-internal'),
  properties: z.strictObject({ containerPort: containerPortSchema }),
});

/** A route of an `http-api-gateway` to a container port (HTTP API → VPC link → Cloud Map SRV records of the tasks). */
export const containerHttpApiIntegrationSchema = z.strictObject({
  type: z.literal('http-api-gateway'),
  properties: httpApiIntegrationSchema.shape.properties.extend({ containerPort: containerPortSchema }),
});
/** A port other ECS services of the stack reach at `<alias>:<port>` through ECS Service Connect. */
export const containerServiceConnectIntegrationSchema = z.strictObject({
  type: z.literal('service-connect'),
  properties: z.strictObject({
    containerPort: containerPortSchema,
    /** DNS name clients use; default `<workload>-<container>` in lower case. */
    alias: z.string().max(63).regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/i, { message: 'must be a DNS label: letters, digits and -' }).optional(),
    /** Application protocol (ECS collects protocol metrics); default plain TCP. */
    protocol: z.enum(['http', 'http2', 'grpc']).optional(),
  }),
});

export const containerEventSchema = z.discriminatedUnion('type', [
  containerAlbIntegrationSchema,
  containerNlbIntegrationSchema,
  containerInternalIntegrationSchema,
  containerHttpApiIntegrationSchema,
  containerServiceConnectIntegrationSchema,
]);

export const containerHealthCheckSchema = z.strictObject({
  healthCheckCommand: z.array(z.string()).min(1),
  /** Default 30. */
  intervalSeconds: z.number().int().min(5).max(300).optional(),
  /** Default 5. */
  timeoutSeconds: z.number().int().min(2).max(60).optional(),
  /** Default 3. */
  retries: z.number().int().min(1).max(10).optional(),
  startPeriodSeconds: z.number().int().min(0).max(300).optional(),
});

/** Container names: ECS's rule, and the `package--<workload>--<container>` target name. */
export const CONTAINER_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

export const workloadContainerSchema = z.strictObject({
  name: z.string().max(64).regex(CONTAINER_NAME_PATTERN, { message: 'must start with a letter or digit and hold only letters, digits, - and _' }),
  packaging: imagePackagingSchema,
  /** Default true: the task stops when this container stops. */
  essential: z.boolean().optional(),
  logging: loggingSchema.extend({ disabled: z.boolean().optional() }).optional(),
  dependsOn: z.array(z.strictObject({ containerName: z.string().min(1), condition: z.enum(['COMPLETE', 'HEALTHY', 'START', 'SUCCESS']) })).optional(),
  environment: environmentSchema.optional(),
  internalHealthCheck: containerHealthCheckSchema.optional(),
  /** Seconds between SIGTERM and SIGKILL (default 2). */
  stopTimeout: z.number().int().min(2).max(120).optional(),
  /** EFS file systems of this stack mounted into this container (as a service's volumeMounts). */
  volumeMounts: z.array(containerEfsMountSchema).optional(),
  events: z.array(containerEventSchema).optional(),
  loadBalancerHealthCheck: loadBalancerHealthCheckSchema.optional(),
});

export const workloadResourcesSchema = z.strictObject({
  /** vCPUs (0.25 … 16) or CPU units; with memory checked against Fargate's pairs. */
  cpu: z.number().positive(),
  memory: z.number().int().positive(),
  instanceTypes: notSupportedYet('multi-container-workload resources.instanceTypes (EC2)'),
  enableWarmPool: notSupportedYet('multi-container-workload resources.enableWarmPool', { allowed: false }),
  architecture: notSupportedYet("multi-container-workload resources.architecture 'arm64'", { allowed: 'x86_64' }),
});

export const multiContainerWorkloadPropertiesSchema = z.strictObject({
  containers: z.array(workloadContainerSchema).min(1),
  resources: workloadResourcesSchema,
  scaling: containerScalingSchema.optional(),
  connectTo: connectToSchema.optional(),
  iamRoleStatements: iamRoleStatementsSchema.optional(),
  deployment: notSupportedYet('multi-container-workload deployment (CodeDeploy traffic shifting)'),
  enableRemoteSessions: notSupportedYet('multi-container-workload enableRemoteSessions', { allowed: false }),
  usePrivateSubnetsWithNAT: notSupportedYet('multi-container-workload usePrivateSubnetsWithNAT', { allowed: false }),
});

/** Logs go to one log group per container, so there is no single `logGroupArn`. */
export const MULTI_CONTAINER_WORKLOAD_PARAMS = ['serviceArn'] as const;

export const multiContainerWorkloadResourceType = { type: 'multi-container-workload', propertiesSchema: multiContainerWorkloadPropertiesSchema, params: MULTI_CONTAINER_WORKLOAD_PARAMS } as const;
export const multiContainerWorkloadResourceSchema = z.strictObject({ type: z.literal('multi-container-workload'), properties: multiContainerWorkloadPropertiesSchema, overrides: overridesSchema.optional() });

export type MultiContainerWorkloadProperties = z.output<typeof multiContainerWorkloadPropertiesSchema>;
export type WorkloadContainer = z.output<typeof workloadContainerSchema>;
export type ContainerEvent = z.output<typeof containerEventSchema>;

/** Service Connect DNS name of a container port: its `alias`, else `<workload>-<container>` (Stacktape's default), lower case. */
export function serviceConnectAlias(workload: string, container: string, alias?: string): string {
  return (alias ?? `${workload}-${container}`).toLowerCase();
}

/** `<workload>--<container>`: a container's image unit (package / publish target suffix, artifact name). Resource names have no `-`, so the first `--` splits it. */
export const containerUnitName = (workload: string, container: string) => `${workload}--${container}`;
export function splitContainerUnit(unit: string): { workload: string; container: string } | undefined {
  const at = unit.indexOf('--');
  return at > 0 ? { workload: unit.slice(0, at), container: unit.slice(at + 2) } : undefined;
}
