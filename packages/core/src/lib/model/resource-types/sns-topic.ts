import { z } from 'zod';
import { stringOrDirective } from '../common-schemas';

const subscriptionSchema = z.strictObject({
  type: z.enum(['sqs', 'lambda', 'email', 'email-json', 'http', 'https', 'sms']),
  /** Queue/function ARN, e-mail address, URL or phone number (directives allowed). */
  endpoint: stringOrDirective,
  filterPolicy: z.record(z.string(), z.unknown()).optional(),
});

export const snsTopicPropertiesSchema = z.strictObject({
  /** FIFO topic (Stacktape: `fifoEnabled`; `fifo` accepted as a short form). */
  fifoEnabled: z.boolean().optional(),
  fifo: z.boolean().optional(),
  contentBasedDeduplication: z.boolean().optional(),
  topicName: z.string().min(1).optional(),
  smsDisplayName: z.string().min(1).max(10).optional(),
  subscriptions: z.array(subscriptionSchema).optional(),
});

export const SNS_TOPIC_PARAMS = ['arn', 'name'] as const;

export const snsTopicResourceType = {
  type: 'sns-topic',
  propertiesSchema: snsTopicPropertiesSchema,
  params: SNS_TOPIC_PARAMS,
} as const;

export type SnsTopicProperties = z.output<typeof snsTopicPropertiesSchema>;
