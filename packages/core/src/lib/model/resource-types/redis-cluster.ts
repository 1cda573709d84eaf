import { z } from 'zod';
import { REDIS_INSTANCE_SIZES } from '../allowed-values';
import { stringOrDirective } from '../common-schemas';

export const redisClusterPropertiesSchema = z.strictObject({
  /** ElastiCache node type, e.g. cache.t4g.micro (data/allowed-values.json: Stacktape's list). */
  instanceSize: z.enum(REDIS_INSTANCE_SIZES as [string, ...string[]]),
  /** Replicas besides the primary (0–5); readerHost spreads reads over them. */
  numReplicaNodes: z.number().int().min(0).max(5).optional(),
  port: z.number().int().min(1024).max(65535).optional(),
  engineVersion: z.string().min(1).optional(),
  /** AUTH token; must be `$Secret(...)` when set (turns on in-transit encryption). */
  defaultUserPassword: stringOrDirective.optional(),
  enableSnapshots: z.boolean().optional(),
  accessibility: z
    .strictObject({ accessibilityMode: z.enum(['vpc', 'scoping-workloads-in-vpc']).default('scoping-workloads-in-vpc') })
    .optional(),
});

export const REDIS_CLUSTER_PARAMS = ['host', 'readerHost', 'port'] as const;

export const redisClusterResourceType = {
  type: 'redis-cluster',
  propertiesSchema: redisClusterPropertiesSchema,
  params: REDIS_CLUSTER_PARAMS,
} as const;

export type RedisClusterProperties = z.output<typeof redisClusterPropertiesSchema>;
