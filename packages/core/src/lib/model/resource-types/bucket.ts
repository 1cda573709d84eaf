import { z } from 'zod';
import { notSupportedYet } from '../not-supported-yet';
import { CDN_PARAMS, cdnSchema } from './cdn';

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
  lifecycleRules: notSupportedYet('bucket lifecycleRules'),
  directoryUpload: notSupportedYet('bucket directoryUpload'),
  /** CloudFront in front of the bucket (Origin Access Control; the bucket stays private). */
  cdn: cdnSchema.optional(),
  enableEventBridgeNotifications: z.boolean().optional(),
  objectLockEnabled: z.boolean().optional(),
});

export const BUCKET_PARAMS = ['name', 'arn', ...CDN_PARAMS] as const;

export const bucketResourceType = {
  type: 'bucket',
  propertiesSchema: bucketPropertiesSchema,
  params: BUCKET_PARAMS,
} as const;

export type BucketProperties = z.output<typeof bucketPropertiesSchema>;
