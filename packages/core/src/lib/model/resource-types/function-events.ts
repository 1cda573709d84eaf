import { z } from 'zod';
import { stringOrDirective } from '../common-schemas';
import { albFunctionIntegrationSchema } from './load-balancers';

// Event integrations of a `function`, in Stacktape's `{ type, properties }` shape.

const lambdaAuthorizerSchema = z.strictObject({
  type: z.literal('lambda'),
  properties: z.strictObject({
    functionName: z.string().min(1),
    iamResponse: z.boolean().optional(),
    identitySources: z.array(z.string()).optional(),
    cacheResultSeconds: z.number().int().min(0).max(3600).optional(),
  }),
});
const cognitoAuthorizerSchema = z.strictObject({
  type: z.literal('cognito'),
  properties: z.strictObject({
    userPoolName: z.string().min(1),
    identitySources: z.array(z.string()).optional(),
  }),
});
export const httpApiAuthorizerSchema = z.discriminatedUnion('type', [lambdaAuthorizerSchema, cognitoAuthorizerSchema]);

export const HTTP_API_METHODS = ['*', 'GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

export const httpApiIntegrationSchema = z.strictObject({
  type: z.literal('http-api-gateway'),
  properties: z.strictObject({
    httpApiGatewayName: z.string().min(1),
    /** `/users/{id}`, `/files/{proxy+}` or `*` (every path). */
    path: z.string().min(1),
    method: z.enum(HTTP_API_METHODS),
    authorizer: httpApiAuthorizerSchema.optional(),
    payloadFormat: z.enum(['1.0', '2.0']).optional(),
  }),
});

export const sqsIntegrationSchema = z.strictObject({
  type: z.literal('sqs'),
  properties: z.strictObject({
    sqsQueueName: z.string().min(1).optional(),
    sqsQueueArn: stringOrDirective.optional(),
    batchSize: z.number().int().min(1).max(10000).default(10),
    maxBatchWindowSeconds: z.number().int().min(0).max(300).optional(),
  }),
});

/** Where SNS / EventBridge send what they could not deliver: an sqs-queue of this stack or a queue ARN, exactly one. */
const onDeliveryFailureSchema = z.strictObject({
  sqsQueueArn: stringOrDirective.optional(),
  sqsQueueName: z.string().min(1).optional(),
});

export const snsIntegrationSchema = z.strictObject({
  type: z.literal('sns'),
  properties: z.strictObject({
    snsTopicName: z.string().min(1).optional(),
    snsTopicArn: stringOrDirective.optional(),
    filterPolicy: z.record(z.string(), z.unknown()).optional(),
    onDeliveryFailure: onDeliveryFailureSchema.optional(),
  }),
});

export const scheduleIntegrationSchema = z.strictObject({
  type: z.literal('schedule'),
  properties: z.strictObject({
    /** `rate(5 minutes)` or `cron(0 12 * * ? *)`; checked by the compiler (NXS_SCHEDULE_EXPRESSION_INVALID). */
    scheduleRate: z.string().min(1),
    input: z.unknown().optional(),
  }),
});

export const S3_EVENT_TYPES = [
  's3:ObjectCreated:*', 's3:ObjectCreated:Put', 's3:ObjectCreated:Post', 's3:ObjectCreated:Copy',
  's3:ObjectCreated:CompleteMultipartUpload', 's3:ObjectRemoved:*', 's3:ObjectRemoved:Delete',
  's3:ObjectRemoved:DeleteMarkerCreated', 's3:ObjectRestore:*', 's3:ObjectRestore:Post',
  's3:ObjectRestore:Completed', 's3:ReducedRedundancyLostObject', 's3:Replication:*',
] as const;

export const s3IntegrationSchema = z.strictObject({
  type: z.literal('s3'),
  properties: z.strictObject({
    bucketArn: stringOrDirective,
    s3EventType: z.enum(S3_EVENT_TYPES),
    filterRule: z.strictObject({ prefix: z.string().optional(), suffix: z.string().optional() }).optional(),
  }),
});

/** Where Lambda sends a stream batch that failed every retry. */
const streamOnFailureSchema = z.strictObject({ arn: stringOrDirective, type: z.enum(['sns', 'sqs']) });

/** Settings of a Kinesis / DynamoDB stream event source mapping (Stacktape's names). */
const streamMappingProps = {
  maxBatchWindowSeconds: z.number().int().min(0).max(300).optional(),
  /** Default TRIM_HORIZON. */
  startingPosition: z.enum(['LATEST', 'TRIM_HORIZON']).optional(),
  maximumRetryAttempts: z.number().int().min(-1).max(10000).optional(),
  onFailure: streamOnFailureSchema.optional(),
  parallelizationFactor: z.number().int().min(1).max(10).optional(),
  bisectBatchOnFunctionError: z.boolean().optional(),
};

export const kinesisIntegrationSchema = z.strictObject({
  type: z.literal('kinesis-stream'),
  properties: z.strictObject({
    /** A kinesis-stream of this stack; or `streamArn` of one elsewhere. */
    kinesisStreamName: z.string().min(1).optional(),
    streamArn: stringOrDirective.optional(),
    /** Read through this enhanced fan-out consumer. */
    consumerArn: stringOrDirective.optional(),
    /** Create an enhanced fan-out consumer for this function. */
    autoCreateConsumer: z.boolean().optional(),
    /** Default 10. */
    batchSize: z.number().int().min(1).max(10000).optional(),
    ...streamMappingProps,
  }),
});

export const dynamoDbIntegrationSchema = z.strictObject({
  type: z.literal('dynamo-db-stream'),
  properties: z.strictObject({
    /** `$ResourceParam('<table>', 'streamArn')` or a stream ARN. */
    streamArn: stringOrDirective,
    /** Default 100. */
    batchSize: z.number().int().min(1).max(1000).optional(),
    ...streamMappingProps,
  }),
});

/** Log events of a CloudWatch log group (a subscription filter), optionally matching `filter`. */
export const cloudwatchLogIntegrationSchema = z.strictObject({
  type: z.literal('cloudwatch-log'),
  properties: z.strictObject({
    /** `$ResourceParam('<function>', 'logGroupArn')` or a log group ARN. */
    logGroupArn: stringOrDirective,
    /** CloudWatch Logs filter pattern; default: every log event. */
    filter: z.string().optional(),
  }),
});

export const eventBusIntegrationSchema = z.strictObject({
  type: z.literal('event-bus'),
  properties: z.strictObject({
    /** Exactly one of eventBusArn, eventBusName (an event-bus of this stack), useDefaultBus. */
    eventBusArn: stringOrDirective.optional(),
    eventBusName: z.string().min(1).optional(),
    useDefaultBus: z.boolean().optional(),
    eventPattern: z.record(z.string(), z.unknown()),
    onDeliveryFailure: onDeliveryFailureSchema.optional(),
    input: z.unknown().optional(),
    inputPath: z.string().min(1).optional(),
    inputTransformer: z.strictObject({ inputPathsMap: z.record(z.string(), z.string()).optional(), inputTemplate: z.unknown() }).optional(),
  }),
});

export const functionEventSchema = z.discriminatedUnion('type', [
  httpApiIntegrationSchema,
  sqsIntegrationSchema,
  snsIntegrationSchema,
  scheduleIntegrationSchema,
  s3IntegrationSchema,
  kinesisIntegrationSchema,
  dynamoDbIntegrationSchema,
  eventBusIntegrationSchema,
  albFunctionIntegrationSchema,
]);

export type FunctionEvent = z.output<typeof functionEventSchema>;
export type HttpApiIntegration = z.output<typeof httpApiIntegrationSchema>;
