import { z } from 'zod';
import { connectToSchema, environmentSchema, iamRoleStatementsSchema, loggingSchema, overridesSchema } from '../common-schemas';
import { CUSTOM_DOMAIN_PARAMS, customDomainsSchema } from '../custom-domains';
import { addNotSupportedYetIssue } from '../not-supported-yet';
import { imagePackagingSchema } from '../packaging';
import { httpApiGatewayPropertiesSchema } from './http-api-gateway';
import { CDN_PARAMS, cdnSchema } from './cdn';
import { valueCheck } from '../value-check';
import { containerEfsMountSchema } from './volume-mounts';

// web-service, private-service, worker-service: one Fargate container each.

/** `cpu` in vCPUs (Stacktape: 0.25 … 16) or CPU units (256 … 16384); checked against Fargate's pairs by the compiler. */
export const containerResourcesSchema = z.strictObject({
  cpu: z.number().positive(),
  memory: z.number().int().positive(),
});

export const containerScalingSchema = z.strictObject({
  /** Default 1. */
  minInstances: z.number().int().min(0).optional(),
  /** Default: minInstances (at least 1); above minInstances turns on CPU target tracking. */
  maxInstances: z.number().int().min(1).optional(),
  scalingPolicy: z
    .strictObject({
      keepAvgCpuUtilizationUnder: z.number().int().min(1).max(100).optional(),
      keepAvgMemoryUtilizationUnder: z.number().int().min(1).max(100).optional(),
    })
    .optional(),
}).check(
  // In the schema, so it is reported with the stack's schema errors (value-check.ts).
  valueCheck((s: { minInstances?: unknown; maxInstances?: unknown } | null) =>
    s && typeof s.minInstances === 'number' && typeof s.maxInstances === 'number' && s.maxInstances < s.minInstances
      ? [{ code: 'NXS_SCALING_INVALID', message: `scaling.maxInstances (${s.maxInstances}) is below minInstances (${s.minInstances})`, hint: `Set maxInstances to at least ${s.minInstances}.`, path: ['maxInstances'] }]
      : [],
  ),
);

const workloadCommon = {
  packaging: imagePackagingSchema,
  resources: containerResourcesSchema,
  scaling: containerScalingSchema.optional(),
  environment: environmentSchema.optional(),
  connectTo: connectToSchema.optional(),
  iamRoleStatements: iamRoleStatementsSchema.optional(),
  logging: loggingSchema.optional(),
  /** EFS file systems of this stack mounted into the container. */
  volumeMounts: z.array(containerEfsMountSchema).optional(),
};

export const webServicePropertiesSchema = z.strictObject({
  ...workloadCommon,
  /** Port the container listens on (also passed as PORT). *(nxstack)* default 3000, as Stacktape injects. */
  port: z.number().int().min(1).max(65535).default(3000),
  /** `http-api-gateway` (Stacktape's default: HTTP API → VPC link → Cloud Map) or `application-load-balancer`. */
  loadBalancing: z
    .discriminatedUnion('type', [
      z.strictObject({ type: z.literal('http-api-gateway') }),
      z.strictObject({
        type: z.literal('application-load-balancer'),
        properties: z
          .strictObject({
            healthcheckPath: z.string().startsWith('/').optional(),
            healthcheckInterval: z.number().int().min(5).max(300).optional(),
            healthcheckTimeout: z.number().int().min(2).max(120).optional(),
          })
          .optional(),
      }),
      z.looseObject({ type: z.literal('network-load-balancer') }).superRefine((_v, ctx) => addNotSupportedYetIssue(ctx, "web-service loadBalancing type 'network-load-balancer'", ['type'])),
    ])
    .optional(),
  /** CORS answered by the service's HTTP API (http-api-gateway load balancing only), as an http-api-gateway's `cors`. */
  cors: httpApiGatewayPropertiesSchema.shape.cors,
  /** CloudFront in front of the service. */
  cdn: cdnSchema.optional(),
  /** Domains of the service's front (its HTTP API, or its load balancer's HTTPS listener). */
  customDomains: customDomainsSchema.optional(),
  /** Name of a web-app-firewall of this stack (scope regional) guarding the service's load balancer: needs loadBalancing type application-load-balancer. */
  useFirewall: z.string().min(1).optional(),
});

export const privateServicePropertiesSchema = z.strictObject({
  ...workloadCommon,
  port: z.number().int().min(1).max(65535).default(3000),
});

export const workerServicePropertiesSchema = z.strictObject({ ...workloadCommon });

export const WEB_SERVICE_PARAMS = ['url', 'serviceArn', 'logGroupArn', 'loadBalancerArn', ...CUSTOM_DOMAIN_PARAMS, ...CDN_PARAMS] as const;
/** `address` = `<host>:<port>` resolvable inside the shared VPC (Cloud Map DNS). */
export const PRIVATE_SERVICE_PARAMS = ['address', 'serviceArn', 'logGroupArn'] as const;
export const WORKER_SERVICE_PARAMS = ['serviceArn', 'logGroupArn'] as const;

export const webServiceResourceType = { type: 'web-service', propertiesSchema: webServicePropertiesSchema, params: WEB_SERVICE_PARAMS } as const;
export const privateServiceResourceType = { type: 'private-service', propertiesSchema: privateServicePropertiesSchema, params: PRIVATE_SERVICE_PARAMS } as const;
export const workerServiceResourceType = { type: 'worker-service', propertiesSchema: workerServicePropertiesSchema, params: WORKER_SERVICE_PARAMS } as const;

export const webServiceResourceSchema = z.strictObject({ type: z.literal('web-service'), properties: webServicePropertiesSchema, overrides: overridesSchema.optional() });
export const privateServiceResourceSchema = z.strictObject({ type: z.literal('private-service'), properties: privateServicePropertiesSchema, overrides: overridesSchema.optional() });
export const workerServiceResourceSchema = z.strictObject({ type: z.literal('worker-service'), properties: workerServicePropertiesSchema, overrides: overridesSchema.optional() });

export type ContainerResources = z.output<typeof containerResourcesSchema>;
export type WebServiceProperties = z.output<typeof webServicePropertiesSchema>;
export type PrivateServiceProperties = z.output<typeof privateServicePropertiesSchema>;
export type WorkerServiceProperties = z.output<typeof workerServicePropertiesSchema>;
