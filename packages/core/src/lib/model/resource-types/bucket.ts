import { z } from 'zod';
import { iamRoleStatementSchema } from '../common-schemas';
import { notSupportedYet } from '../not-supported-yet';
import { CDN_PARAMS, cdnSchema } from './cdn';
import { HOSTING_CONTENT_TYPES, hostingFileOptionSchema } from './hosting-bucket';

const corsRuleSchema = z.strictObject({
  allowedOrigins: z.array(z.string()).optional(),
  allowedHeaders: z.array(z.string()).optional(),
  allowedMethods: z.array(z.string()).optional(),
  exposedResponseHeaders: z.array(z.string()).optional(),
  maxAge: z.number().int().optional(),
});

/** Every lifecycle rule may be limited to keys under `prefix` and objects with all of `tags`. */
const lifecycleScope = {
  prefix: z.string().optional(),
  tags: z.array(z.strictObject({ key: z.string().min(1), value: z.string() })).optional(),
};
const days = z.number().int().min(1);
const STORAGE_CLASSES = ['DEEP_ARCHIVE', 'GLACIER', 'INTELLIGENT_TIERING', 'ONEZONE_IA', 'STANDARD_IA'] as const;

/** Stacktape's bucket lifecycle rule types, as S3 lifecycle rules. */
export const lifecycleRuleSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('expiration'), properties: z.strictObject({ ...lifecycleScope, daysAfterUpload: days }) }),
  z.strictObject({ type: z.literal('non-current-version-expiration'), properties: z.strictObject({ ...lifecycleScope, daysAfterVersioned: days }) }),
  z.strictObject({ type: z.literal('class-transition'), properties: z.strictObject({ ...lifecycleScope, daysAfterUpload: z.number().int().min(0), storageClass: z.enum(STORAGE_CLASSES) }) }),
  z.strictObject({ type: z.literal('non-current-version-class-transition'), properties: z.strictObject({ ...lifecycleScope, daysAfterVersioned: days, storageClass: z.enum(STORAGE_CLASSES) }) }),
  z.strictObject({ type: z.literal('abort-incomplete-multipart-upload'), properties: z.strictObject({ ...lifecycleScope, daysAfterInitiation: days }) }),
]);

/** Stacktape's DirectoryUpload: a folder whose files deploy puts into the bucket (hosting-bucket's upload, hosting-sync in the deployer). */
const directoryUploadSchema = z.strictObject({
  /** Folder (relative to the folder of stack.yml) whose files become the bucket's objects. */
  directoryPath: z.string().min(1),
  fileOptions: z.array(hostingFileOptionSchema.extend({ tags: notSupportedYet('bucket directoryUpload fileOptions tags') })).optional(),
  /** Globs relative to directoryPath: files not uploaded. */
  excludeFilesPatterns: z.array(z.string().min(1)).optional(),
  /** Cache-Control preset, as a hosting-bucket's hostingContentType; default: none. */
  headersPreset: z.enum(HOSTING_CONTENT_TYPES).optional(),
  // nxstack uploads without S3 Transfer Acceleration: `true` asks for exactly that.
  disableS3TransferAcceleration: notSupportedYet('bucket directoryUpload with S3 Transfer Acceleration (disableS3TransferAcceleration: false)', { allowed: true }),
});

/** A bucket policy statement (Stacktape's BucketPolicyIamRoleStatement): an IAM statement with its Principal. */
const bucketPolicyStatementSchema = iamRoleStatementSchema.extend({ Principal: z.unknown() });

export const bucketPropertiesSchema = z.strictObject({
  /** Stacktape's `accessibility`: the mode (private by default) and extra bucket policy statements. */
  accessibility: z
    .strictObject({
      accessibilityMode: z.enum(['private', 'public-read', 'public-read-write']),
      accessPolicyStatements: z.array(bucketPolicyStatementSchema).optional(),
    })
    .optional(),
  versioning: z.boolean().optional(),
  encryption: z.boolean().optional(),
  cors: z.strictObject({ enabled: z.boolean(), corsRules: z.array(corsRuleSchema).optional() }).optional(),
  lifecycleRules: z.array(lifecycleRuleSchema).optional(),
  directoryUpload: directoryUploadSchema.optional(),
  /** CloudFront in front of the bucket (Origin Access Control; the bucket stays private). */
  cdn: cdnSchema.optional(),
  enableEventBusNotifications: z.boolean().optional(),
  objectLockEnabled: z.boolean().optional(),
});

export const BUCKET_PARAMS = ['name', 'arn', ...CDN_PARAMS] as const;

export const bucketResourceType = {
  type: 'bucket',
  propertiesSchema: bucketPropertiesSchema,
  params: BUCKET_PARAMS,
} as const;

export type BucketProperties = z.output<typeof bucketPropertiesSchema>;
