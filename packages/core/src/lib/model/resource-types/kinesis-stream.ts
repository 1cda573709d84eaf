import { z } from 'zod';

export const kinesisStreamPropertiesSchema = z.strictObject({
  /** Default ON_DEMAND. */
  capacityMode: z.enum(['ON_DEMAND', 'PROVISIONED']).optional(),
  /** PROVISIONED only; default 1. */
  shardCount: z.number().int().min(1).optional(),
  /** Default 24 (hours). */
  retentionPeriodHours: z.number().int().min(24).max(8760).optional(),
  /** Server-side encryption with KMS (AWS's `alias/aws/kinesis` unless kmsKeyArn). */
  encryption: z.strictObject({ enabled: z.boolean(), kmsKeyArn: z.string().min(1).optional() }).optional(),
  /** Register an enhanced fan-out consumer for the stream (kinesis-stream events may read through it). */
  enableEnhancedFanOut: z.boolean().optional(),
});

export const KINESIS_STREAM_PARAMS = ['arn', 'name'] as const;

export const kinesisStreamResourceType = { type: 'kinesis-stream', propertiesSchema: kinesisStreamPropertiesSchema, params: KINESIS_STREAM_PARAMS } as const;
export type KinesisStreamProperties = z.output<typeof kinesisStreamPropertiesSchema>;
