import { NxstackError } from '@nxstack/core';
import { physicalName } from '../data/physical-name';
import { logicalId } from '../logical-ids';
import { getAtt, ref, type ResourceCompileContext, type ResourceTypeModule } from './resource-type';

interface SnsTopicProps {
  fifoEnabled?: boolean;
  fifo?: boolean;
  contentBasedDeduplication?: boolean;
  topicName?: string;
  smsDisplayName?: string;
  subscriptions?: Array<{ type: string; endpoint: unknown; filterPolicy?: Record<string, unknown> }>;
}

const topicId = (name: string) => logicalId(name, 'Topic');

/**
 * `type: sns-topic` — AWS::SNS::Topic named `<project>-<stage>-<resource>` (`.fifo` for FIFO
 * topics) with optional subscriptions (AWS::SNS::Subscription each, `<Name>Subscription<i>`).
 */
export const snsTopicType: ResourceTypeModule = {
  type: 'sns-topic',
  params: {
    arn: (name) => ref(topicId(name)),
    name: (name) => getAtt(topicId(name), 'TopicName'),
  },
  outputs: { Arn: 'arn', Name: 'name' },
  compile(ctx) {
    const p = (ctx.properties ?? {}) as SnsTopicProps;
    const fifo = p.fifoEnabled === true || p.fifo === true;
    const at = (key: string) => ctx.locate([...ctx.path, 'properties', key]);
    const name = p.topicName ?? physicalName(ctx.projectName, ctx.stage, ctx.name, 256, fifo ? '.fifo' : '');
    if (p.topicName !== undefined && fifo !== p.topicName.endsWith('.fifo')) {
      throw new NxstackError('NXS_SNS_FIFO_NAME', `topicName '${p.topicName}' of topic '${ctx.name}' ${fifo ? "must end in '.fifo' (FIFO topic)" : "ends in '.fifo' but the topic is not FIFO"}.`, {
        location: at('topicName'),
        hint: fifo ? `Use '${p.topicName}.fifo'.` : 'Set fifoEnabled: true or rename the topic.',
      });
    }
    if (p.contentBasedDeduplication !== undefined && !fifo) {
      throw new NxstackError('NXS_SNS_FIFO_ONLY', `contentBasedDeduplication of topic '${ctx.name}' needs a FIFO topic.`, {
        location: at('contentBasedDeduplication'),
        hint: 'Set fifoEnabled: true, or remove contentBasedDeduplication.',
      });
    }
    const properties: Record<string, unknown> = { TopicName: name };
    if (fifo) properties.FifoTopic = true;
    if (p.contentBasedDeduplication !== undefined) properties.ContentBasedDeduplication = p.contentBasedDeduplication;
    if (p.smsDisplayName) properties.DisplayName = p.smsDisplayName;
    ctx.builder.addResource(topicId(ctx.name), { Type: 'AWS::SNS::Topic', Properties: properties }, ctx.origin);
    (p.subscriptions ?? []).forEach((s, i) => {
      if (fifo && s.type !== 'sqs') {
        throw new NxstackError('NXS_SNS_FIFO_SUBSCRIPTION', `FIFO topic '${ctx.name}' cannot deliver to a '${s.type}' subscription.`, {
          location: ctx.locate([...ctx.path, 'properties', 'subscriptions', i, 'type']),
          hint: 'FIFO topics deliver only to SQS queues (FIFO ones).',
        });
      }
      const sub: Record<string, unknown> = {
        TopicArn: ref(topicId(ctx.name)),
        Protocol: s.type,
        Endpoint: ctx.resolve(s.endpoint, [...ctx.path, 'properties', 'subscriptions', i, 'endpoint']),
      };
      if (s.filterPolicy) sub.FilterPolicy = ctx.resolve(s.filterPolicy, [...ctx.path, 'properties', 'subscriptions', i, 'filterPolicy']);
      ctx.builder.addResource(logicalId(ctx.name, `Subscription${i + 1}`), { Type: 'AWS::SNS::Subscription', Properties: sub }, ctx.origin);
      grantDelivery(ctx, s, i, sub.Endpoint);
    });

  },
};

/**
 * SNS can deliver only where it is allowed to: when the endpoint is `$ResourceParam` to a queue or
 * function of this stack, add the queue policy / invoke permission for this topic. (Endpoints
 * outside the stack must grant it themselves.)
 */
function grantDelivery(ctx: ResourceCompileContext, s: { type: string; endpoint: unknown }, i: number, endpoint: unknown): void {
  const d = s.endpoint as { $directive?: string; resource?: string } | undefined;
  if (d?.$directive !== 'ResourceParam' || !d.resource) return;
  const target = ctx.stack.config.resources[d.resource];
  const topicArn = ref(topicId(ctx.name));
  if (s.type === 'sqs' && target?.type === 'sqs-queue') {
    ctx.builder.addResource(logicalId(ctx.name, `Subscription${i + 1}QueuePolicy`), {
      Type: 'AWS::SQS::QueuePolicy',
      Properties: {
        Queues: [ref(logicalId(d.resource, 'Queue'))],
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Service: 'sns.amazonaws.com' }, Action: 'sqs:SendMessage', Resource: endpoint, Condition: { ArnEquals: { 'aws:SourceArn': topicArn } } }],
        },
      },
    }, ctx.origin);
  }
  if (s.type === 'lambda' && target?.type === 'function') {
    ctx.builder.addResource(logicalId(ctx.name, `Subscription${i + 1}Permission`), {
      Type: 'AWS::Lambda::Permission',
      Properties: { FunctionName: endpoint, Action: 'lambda:InvokeFunction', Principal: 'sns.amazonaws.com', SourceArn: topicArn },
    }, ctx.origin);
  }
}
