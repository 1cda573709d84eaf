import { NxstackError } from '@nxstack/core';
import { physicalName } from '../data/physical-name';
import { logicalId } from '../logical-ids';
import { getAtt, ref, type ResourceCompileContext, type ResourceTypeModule } from './resource-type';

interface SqsQueueProps {
  fifoEnabled?: boolean;
  fifo?: boolean;
  contentBasedDeduplication?: boolean;
  queueName?: string;
  visibilityTimeoutSeconds?: number;
  messageRetentionPeriodSeconds?: number;
  delayMessagesSecond?: number;
  maxMessageSizeBytes?: number;
  longPollingWaitTimeSeconds?: number;
  redrivePolicy?: { targetSqsQueueName?: string; targetSqsQueueArn?: string; maxReceiveCount: number };
}

export const queueId = (name: string) => logicalId(name, 'Queue');
const QUEUE_NAME = /^[A-Za-z0-9_-]{1,80}$/;

export const isFifoQueue = (p: { fifoEnabled?: boolean; fifo?: boolean } | undefined) => p?.fifoEnabled === true || p?.fifo === true;

/**
 * `type: sqs-queue` — AWS::SQS::Queue named `<project>-<stage>-<resource>` (`.fifo` appended for
 * FIFO queues, as SQS requires). `redrivePolicy` sends messages received `maxReceiveCount` times
 * to a dead-letter queue (another sqs-queue of the stack, or an ARN).
 */
export const sqsQueueType: ResourceTypeModule = {
  type: 'sqs-queue',
  params: {
    arn: (name) => getAtt(queueId(name), 'Arn'),
    name: (name) => getAtt(queueId(name), 'QueueName'),
    url: (name) => ref(queueId(name)),
  },
  outputs: { Arn: 'arn', Name: 'name', Url: 'url' },
  compile(ctx) {
    const p = (ctx.properties ?? {}) as SqsQueueProps;
    const fifo = isFifoQueue(p);
    const properties: Record<string, unknown> = { QueueName: queueName(ctx, p, fifo) };
    if (fifo) properties.FifoQueue = true;
    if (p.contentBasedDeduplication !== undefined) {
      if (!fifo) {
        throw new NxstackError('NXS_SQS_FIFO_ONLY', `contentBasedDeduplication of queue '${ctx.name}' needs a FIFO queue.`, {
          location: ctx.locate([...ctx.path, 'properties', 'contentBasedDeduplication']),
          hint: 'Set fifoEnabled: true, or remove contentBasedDeduplication.',
        });
      }
      properties.ContentBasedDeduplication = p.contentBasedDeduplication;
    }
    if (p.visibilityTimeoutSeconds !== undefined) properties.VisibilityTimeout = p.visibilityTimeoutSeconds;
    if (p.messageRetentionPeriodSeconds !== undefined) properties.MessageRetentionPeriod = p.messageRetentionPeriodSeconds;
    if (p.delayMessagesSecond !== undefined) properties.DelaySeconds = p.delayMessagesSecond;
    if (p.maxMessageSizeBytes !== undefined) properties.MaximumMessageSize = p.maxMessageSizeBytes;
    if (p.longPollingWaitTimeSeconds !== undefined) properties.ReceiveMessageWaitTimeSeconds = p.longPollingWaitTimeSeconds;
    if (p.redrivePolicy) properties.RedrivePolicy = redrivePolicy(ctx, p.redrivePolicy, fifo);
    ctx.builder.addResource(queueId(ctx.name), { Type: 'AWS::SQS::Queue', DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete', Properties: properties }, ctx.origin);
  },
};

function queueName(ctx: ResourceCompileContext, p: SqsQueueProps, fifo: boolean): string {
  if (p.queueName === undefined) return physicalName(ctx.projectName, ctx.stage, ctx.name, 80, fifo ? '.fifo' : '');
  const at = ctx.locate([...ctx.path, 'properties', 'queueName']);
  const endsFifo = p.queueName.endsWith('.fifo');
  if (fifo !== endsFifo) {
    throw new NxstackError('NXS_SQS_FIFO_NAME', fifo ? `FIFO queue '${ctx.name}' has queueName '${p.queueName}', which does not end in '.fifo'.` : `queueName '${p.queueName}' of standard queue '${ctx.name}' ends in '.fifo'.`, {
      location: at,
      hint: fifo ? `SQS requires FIFO queue names to end in '.fifo' (e.g. '${p.queueName}.fifo').` : "Only FIFO queues may end in '.fifo': set fifoEnabled: true or rename the queue.",
    });
  }
  if (!QUEUE_NAME.test(fifo ? p.queueName.slice(0, -5) : p.queueName) || p.queueName.length > 80) {
    throw new NxstackError('NXS_SQS_QUEUE_NAME_INVALID', `queueName '${p.queueName}' of queue '${ctx.name}' is not a valid SQS queue name.`, {
      location: at,
      hint: "Use at most 80 characters: letters, digits, '-' and '_' (FIFO names end in '.fifo').",
    });
  }
  return p.queueName;
}

function redrivePolicy(ctx: ResourceCompileContext, r: NonNullable<SqsQueueProps['redrivePolicy']>, fifo: boolean): Record<string, unknown> {
  const at = [...ctx.path, 'properties', 'redrivePolicy'];
  if ((r.targetSqsQueueName === undefined) === (r.targetSqsQueueArn === undefined)) {
    throw new NxstackError('NXS_SQS_REDRIVE_TARGET', `redrivePolicy of queue '${ctx.name}' needs exactly one of targetSqsQueueName and targetSqsQueueArn.`, {
      location: ctx.locate(at),
      hint: 'Name the dead-letter sqs-queue of this stack (targetSqsQueueName) or give its ARN (targetSqsQueueArn).',
    });
  }
  if (r.targetSqsQueueArn !== undefined) return { deadLetterTargetArn: r.targetSqsQueueArn, maxReceiveCount: r.maxReceiveCount };
  const target = r.targetSqsQueueName!;
  const targetConfig = ctx.stack.config.resources[target];
  if (!targetConfig || targetConfig.type !== 'sqs-queue' || target === ctx.name) {
    const queues = Object.entries(ctx.stack.config.resources).filter(([n, c]) => c.type === 'sqs-queue' && n !== ctx.name).map(([n]) => n);
    throw new NxstackError('NXS_SQS_REDRIVE_TARGET', `redrivePolicy of queue '${ctx.name}' names '${target}', which is not another sqs-queue of this stack.`, {
      location: ctx.locate([...at, 'targetSqsQueueName']),
      hint: `Dead-letter targets must be other sqs-queue resources (${queues.join(', ') || 'none in this stack'}).`,
    });
  }
  if (isFifoQueue(targetConfig.properties) !== fifo) {
    throw new NxstackError('NXS_SQS_REDRIVE_FIFO_MISMATCH', `Queue '${ctx.name}' and its dead-letter queue '${target}' must both be FIFO or both standard.`, {
      location: ctx.locate([...at, 'targetSqsQueueName']),
      hint: 'SQS requires the dead-letter queue of a FIFO queue to be FIFO (and of a standard queue to be standard).',
    });
  }
  return { deadLetterTargetArn: getAtt(queueId(target), 'Arn'), maxReceiveCount: r.maxReceiveCount };
}
