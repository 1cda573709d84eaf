import { z } from 'zod';

const corsRuleSchema = z.strictObject({
  allowedOrigins: z.array(z.string()).optional(),
  allowedHeaders: z.array(z.string()).optional(),
  allowedMethods: z.array(z.string()).optional(),
  exposedResponseHeaders: z.array(z.string()).optional(),
  maxAge: z.number().int().optional(),
});

export const bucketPropertiesSchema = z.strictObject({
  accessibilityMode: z.enum(['private', 'public-read', 'public-read-write']).optional(),
  versioning: z.boolean().optional(),
  encryption: z.boolean().optional(),
  cors: z.strictObject({ enabled: z.boolean(), corsRules: z.array(corsRuleSchema).optional() }).optional(),
  // Stacktape's richer sub-objects, accepted as objects until their issues type them.
  lifecycleRules: z.array(z.record(z.string(), z.unknown())).optional(),
  directoryUpload: z.record(z.string(), z.unknown()).optional(),
  cdn: z.record(z.string(), z.unknown()).optional(),
  enableEventBridgeNotifications: z.boolean().optional(),
  objectLockEnabled: z.boolean().optional(),
});

export const BUCKET_PARAMS = ['name', 'arn'] as const;

export const bucketResourceType = {
  type: 'bucket',
  propertiesSchema: bucketPropertiesSchema,
  params: BUCKET_PARAMS,
} as const;

export type BucketProperties = z.output<typeof bucketPropertiesSchema>;
