import { NxstackError } from '@nxstack/core';
import { logicalId } from '../logical-ids';
import { queueId } from '../resource-types/sqs-queue';
import type { ResourceCompileContext, StackPath } from '../resource-types/resource-type';
import { stackTargetParam } from '../resource-types/stack-target';

interface OnDeliveryFailure {
  sqsQueueName?: string;
  sqsQueueArn?: unknown;
}

/**
 * An event's `onDeliveryFailure` (Stacktape's name on sns and event-bus events): the dead-letter
 * queue's ARN, exactly one of `sqsQueueName` (a queue of this stack) and `sqsQueueArn`. A queue
 * of this stack also gets the policy statement that lets `service` send to it from `sourceArn`
 * (the rule or topic): one AWS::SQS::QueuePolicy per queue, `<Queue>DeliveryFailurePolicy`, that
 * every event using the queue adds its statement to. A queue elsewhere must allow it itself.
 * Undefined when the event has no onDeliveryFailure.
 */
export function deliveryFailureQueueArn(ctx: ResourceCompileContext, eventPath: StackPath, service: 'events.amazonaws.com' | 'sns.amazonaws.com', sourceArn: unknown): unknown {
  const path: StackPath = [...eventPath, 'properties', 'onDeliveryFailure'];
  const failure = (ctx.properties.events as Array<{ properties: { onDeliveryFailure?: OnDeliveryFailure } }>)[Number(eventPath.at(-1))]?.properties.onDeliveryFailure;
  if (!failure) return undefined;
  if ((failure.sqsQueueName === undefined) === (failure.sqsQueueArn === undefined)) {
    throw new NxstackError('NXS_EVENT_TARGET_INVALID', `onDeliveryFailure of ${ctx.config.type} '${ctx.name}' must set exactly one of sqsQueueName and sqsQueueArn.`, {
      location: ctx.locate(path),
      hint: 'Use sqsQueueName for an sqs-queue of this stack, sqsQueueArn for one that lives elsewhere (which must allow the delivery itself).',
    });
  }
  if (failure.sqsQueueArn !== undefined) return ctx.resolve(failure.sqsQueueArn, [...path, 'sqsQueueArn']);
  const queue = failure.sqsQueueName!;
  const arn = stackTargetParam(ctx, queue, ['sqs-queue'], 'arn', [...path, 'sqsQueueName'], 'NXS_EVENT_TARGET_UNKNOWN');
  const statement = { Effect: 'Allow', Principal: { Service: service }, Action: 'sqs:SendMessage', Resource: arn, Condition: { ArnEquals: { 'aws:SourceArn': sourceArn } } };
  const policy = logicalId(queue, 'DeliveryFailurePolicy');
  if (ctx.builder.hasResource(policy)) {
    ctx.builder.patchResource(policy, (r) => {
      (((r.Properties as { PolicyDocument: { Statement: unknown[] } }).PolicyDocument).Statement).push(statement);
    }, ctx.origin);
  } else {
    ctx.builder.addResource(policy, {
      Type: 'AWS::SQS::QueuePolicy',
      Properties: { Queues: [{ Ref: queueId(queue) }], PolicyDocument: { Version: '2012-10-17', Statement: [statement] } },
    }, ctx.origin);
  }
  return arn;
}
