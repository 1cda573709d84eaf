import { z } from 'zod';

/** Stacktape's attribute types; `S`/`N`/`B` are accepted too (CloudFormation's spelling). */
const keyAttributeSchema = z.strictObject({
  name: z.string().min(1),
  type: z.enum(['string', 'number', 'binary', 'S', 'N', 'B']),
});

const keySchema = z.strictObject({
  partitionKey: keyAttributeSchema,
  sortKey: keyAttributeSchema.optional(),
});

const secondaryIndexSchema = z.strictObject({
  name: z.string().min(3).max(255),
  partitionKey: keyAttributeSchema,
  sortKey: keyAttributeSchema.optional(),
  /** Attributes projected into the index: `all` (default), `keys-only`, or a list of attribute names. */
  projections: z.union([z.enum(['all', 'keys-only']), z.array(z.string().min(1))]).optional(),
});

export const dynamoDbTablePropertiesSchema = z.strictObject({
  primaryKey: keySchema,
  /** On-demand (PAY_PER_REQUEST) unless `billingMode: PROVISIONED` with readUnits/writeUnits. */
  billing: z
    .strictObject({
      billingMode: z.enum(['PAY_PER_REQUEST', 'PROVISIONED']).default('PAY_PER_REQUEST'),
      readUnits: z.number().int().min(1).optional(),
      writeUnits: z.number().int().min(1).optional(),
    })
    .optional(),
  /** Turns on DynamoDB Streams (STREAM_ARN / streamArn exist only then). */
  streamType: z.enum(['KEYS_ONLY', 'NEW_IMAGE', 'OLD_IMAGE', 'NEW_AND_OLD_IMAGES']).optional(),
  secondaryIndexes: z.array(secondaryIndexSchema).optional(),
  enablePointInTimeRecovery: z.boolean().optional(),
});

export const DYNAMO_DB_TABLE_PARAMS = ['name', 'arn', 'streamArn'] as const;

export const dynamoDbTableResourceType = {
  type: 'dynamo-db-table',
  propertiesSchema: dynamoDbTablePropertiesSchema,
  params: DYNAMO_DB_TABLE_PARAMS,
} as const;

export type DynamoDbTableProperties = z.output<typeof dynamoDbTablePropertiesSchema>;
