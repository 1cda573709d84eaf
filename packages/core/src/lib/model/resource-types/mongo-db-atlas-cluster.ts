import { z } from 'zod';
import { stringOrDirective } from '../common-schemas';

/** Stacktape's `clusterTier` values (types/stacktape-config/mongo-db-atlas-clusters.d.ts). */
export const MONGO_DB_ATLAS_CLUSTER_TIERS = [
  'M2', 'M5', 'M10', 'M20', 'M30', 'M40', 'M40 Low-CPU (R40)', 'M40_NVME', 'M50', 'M50 Low-CPU (R50)', 'M50_NVME',
  'M60', 'M60 Low-CPU (R60)', 'M60_NVME', 'M80', 'M80 Low-CPU (R80)', 'M80_NVME', 'M100', 'M140', 'M200',
  'M200 Low-CPU (R200)', 'M200_NVME', 'M300', 'M300 Low-CPU (R300)', 'M400', 'M400 Low-CPU (R400)', 'M400_NVME',
  'M700', 'M700 Low-CPU (R700)',
] as const;

/** The shared tiers: Atlas retired them for Flex clusters, which is what nxstack deploys for them. */
export const MONGO_DB_ATLAS_SHARED_TIERS: readonly string[] = ['M2', 'M5'];

/** Tiers an auto-scaling range may name (dedicated ones; Stacktape leaves out M400 and M700). */
const SCALING_TIERS = MONGO_DB_ATLAS_CLUSTER_TIERS.filter((t) => !['M2', 'M5', 'M400', 'M700'].includes(t)) as [string, ...string[]];

export const mongoDbAtlasClusterPropertiesSchema = z.strictObject({
  clusterTier: z.enum(MONGO_DB_ATLAS_CLUSTER_TIERS),
  /** MongoDB major version (default 7.0; Flex clusters run the version Atlas picks). */
  version: z.enum(['5.0', '6.0', '7.0']).optional(),
  diskSizeGB: z.number().int().min(10).max(4096).optional(),
  /** More than 1 = sharded cluster (M30+). */
  numShards: z.number().int().min(1).max(50).optional(),
  replication: z
    .strictObject({
      numElectableNodes: z.union([z.literal(3), z.literal(5), z.literal(7)]).optional(),
      numReadOnlyNodes: z.number().int().min(0).max(50).optional(),
      numAnalyticsNodes: z.number().int().min(0).max(50).optional(),
    })
    .optional(),
  enableBackups: z.boolean().optional(),
  enablePointInTimeRecovery: z.boolean().optional(),
  biConnector: z.strictObject({ enabled: z.boolean(), readPreference: z.enum(['primary', 'secondary', 'analytics']).optional() }).optional(),
  autoScaling: z
    .strictObject({
      minClusterTier: z.enum(SCALING_TIERS).optional(),
      maxClusterTier: z.enum(SCALING_TIERS).optional(),
      disableDiskScaling: z.boolean().optional(),
      disableScaleDown: z.boolean().optional(),
    })
    .optional(),
  /** Admin user for direct access (`password` must be `$Secret(...)`); connectTo workloads use their IAM roles. */
  adminUserCredentials: z.strictObject({ userName: z.string().min(1), password: stringOrDirective }).optional(),
});

export const MONGO_DB_ATLAS_CLUSTER_PARAMS = ['connectionString'] as const;

export const mongoDbAtlasClusterResourceType = {
  type: 'mongo-db-atlas-cluster',
  propertiesSchema: mongoDbAtlasClusterPropertiesSchema,
  params: MONGO_DB_ATLAS_CLUSTER_PARAMS,
} as const;

export type MongoDbAtlasClusterProperties = z.output<typeof mongoDbAtlasClusterPropertiesSchema>;
