import { NxstackError } from '@nxstack/core';
import { logicalId } from '../logical-ids';
import { getAtt, ref, type ResourceCompileContext, type StackPath } from '../resource-types/resource-type';
import { stackTargetParam } from '../resource-types/stack-target';
import { deliveryFailureQueueArn } from './delivery-failure-queue';
import { eventFunctionId } from './lambda-resources';

// kinesis-stream, dynamo-db-stream and event-bus events of a function (Stacktape's names and defaults).

export type EventConfig = { type: string; properties: Record<string, unknown> };
type Next = (kind: string) => number;

const KINESIS_READ = ['kinesis:GetRecords', 'kinesis:GetShardIterator', 'kinesis:DescribeStream', 'kinesis:DescribeStreamSummary', 'kinesis:ListShards', 'kinesis:ListStreams', 'kinesis:SubscribeToShard', 'kinesis:DescribeStreamConsumer'];
const DYNAMO_STREAM_READ = ['dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:DescribeStream', 'dynamodb:ListStreams'];

const eventPath = (ctx: ResourceCompileContext, i: number): StackPath => [...ctx.path, 'properties', 'events', i, 'properties'];

/** The stream a kinesis-stream event reads: `kinesisStreamName` (this stack) or `streamArn`, exactly one. */
function kinesisStreamArn(ctx: ResourceCompileContext, e: EventConfig, i: number): unknown {
  const p = e.properties;
  if ((p.kinesisStreamName === undefined) === (p.streamArn === undefined)) {
    throw new NxstackError('NXS_EVENT_TARGET_INVALID', `Event ${i} (kinesis-stream) of ${ctx.config.type} '${ctx.name}' must set exactly one of kinesisStreamName and streamArn.`, {
      location: ctx.locate(eventPath(ctx, i)),
      hint: 'Use kinesisStreamName for a kinesis-stream of this stack, streamArn for one that lives elsewhere.',
    });
  }
  if (p.kinesisStreamName !== undefined) return stackTargetParam(ctx, String(p.kinesisStreamName), ['kinesis-stream'], 'arn', [...eventPath(ctx, i), 'kinesisStreamName'], 'NXS_EVENT_TARGET_UNKNOWN');
  return ctx.resolve(p.streamArn, [...eventPath(ctx, i), 'streamArn']);
}

function onFailureStatement(ctx: ResourceCompileContext, e: EventConfig, i: number): unknown[] {
  const f = e.properties.onFailure as { arn: unknown; type: 'sns' | 'sqs' } | undefined;
  if (!f) return [];
  const arn = ctx.resolve(f.arn, [...eventPath(ctx, i), 'onFailure', 'arn']);
  return [{ Effect: 'Allow', Action: f.type === 'sqs' ? ['sqs:SendMessage'] : ['sns:Publish'], Resource: arn }];
}

/** What the function's role needs for Lambda to poll its streams and send failed batches away. */
export function streamEventRoleStatements(ctx: ResourceCompileContext, events: readonly EventConfig[]): unknown[] {
  return events.flatMap((e, i) => {
    if (e.type === 'kinesis-stream') {
      const stream = kinesisStreamArn(ctx, e, i);
      return [{ Effect: 'Allow', Action: KINESIS_READ, Resource: [stream, { 'Fn::Join': ['', [stream, '/consumer/*']] }] }, ...onFailureStatement(ctx, e, i)];
    }
    if (e.type === 'dynamo-db-stream') {
      return [{ Effect: 'Allow', Action: DYNAMO_STREAM_READ, Resource: ctx.resolve(e.properties.streamArn, [...eventPath(ctx, i), 'streamArn']) }, ...onFailureStatement(ctx, e, i)];
    }
    return [];
  });
}

/** The event source mapping settings kinesis and DynamoDB streams share. */
function streamMapping(ctx: ResourceCompileContext, e: EventConfig, i: number, source: unknown, defaultBatch: number): Record<string, unknown> {
  const p = e.properties;
  const mapping: Record<string, unknown> = {
    EventSourceArn: source,
    FunctionName: ref(eventFunctionId(ctx)),
    BatchSize: p.batchSize ?? defaultBatch,
    StartingPosition: p.startingPosition ?? 'TRIM_HORIZON',
  };
  if (p.maxBatchWindowSeconds !== undefined) mapping.MaximumBatchingWindowInSeconds = p.maxBatchWindowSeconds;
  if (p.maximumRetryAttempts !== undefined) mapping.MaximumRetryAttempts = p.maximumRetryAttempts;
  if (p.parallelizationFactor !== undefined) mapping.ParallelizationFactor = p.parallelizationFactor;
  if (p.bisectBatchOnFunctionError !== undefined) mapping.BisectBatchOnFunctionError = p.bisectBatchOnFunctionError;
  const f = p.onFailure as { arn: unknown } | undefined;
  if (f) mapping.DestinationConfig = { OnFailure: { Destination: ctx.resolve(f.arn, [...eventPath(ctx, i), 'onFailure', 'arn']) } };
  return mapping;
}

export function compileKinesisEvent(ctx: ResourceCompileContext, e: EventConfig, i: number, next: Next): void {
  const n = next('Kinesis');
  const stream = kinesisStreamArn(ctx, e, i);
  let source = e.properties.consumerArn !== undefined ? ctx.resolve(e.properties.consumerArn, [...eventPath(ctx, i), 'consumerArn']) : stream;
  if (e.properties.autoCreateConsumer === true && e.properties.consumerArn === undefined) {
    const consumer = logicalId(ctx.name, `KinesisConsumer${n}`);
    ctx.builder.addResource(consumer, { Type: 'AWS::Kinesis::StreamConsumer', Properties: { ConsumerName: `${ctx.name}-${n}`, StreamARN: stream } }, ctx.origin);
    source = getAtt(consumer, 'ConsumerARN');
  }
  ctx.builder.addResource(logicalId(ctx.name, `KinesisEventSourceMapping${n}`), { Type: 'AWS::Lambda::EventSourceMapping', Properties: streamMapping(ctx, e, i, source, 10) }, ctx.origin);
}

export function compileDynamoStreamEvent(ctx: ResourceCompileContext, e: EventConfig, i: number, next: Next): void {
  const n = next('DynamoStream');
  const source = ctx.resolve(e.properties.streamArn, [...eventPath(ctx, i), 'streamArn']);
  ctx.builder.addResource(logicalId(ctx.name, `DynamoStreamEventSourceMapping${n}`), { Type: 'AWS::Lambda::EventSourceMapping', Properties: streamMapping(ctx, e, i, source, 100) }, ctx.origin);
}

/** An EventBridge rule on the bus (this stack's `eventBusName`, `eventBusArn`, or the default bus) targeting the function. */
export function compileEventBusEvent(ctx: ResourceCompileContext, e: EventConfig, i: number, next: Next): void {
  const n = next('EventBus');
  const fn = eventFunctionId(ctx);
  const rule = logicalId(ctx.name, `EventBusRule${n}`);
  ctx.builder.addResource(rule, { Type: 'AWS::Events::Rule', Properties: eventBusRuleProperties(ctx, e, i, rule, { Arn: getAtt(fn, 'Arn'), Id: 'function' }) }, ctx.origin);
  ctx.builder.addResource(logicalId(ctx.name, `EventBusPermission${n}`), {
    Type: 'AWS::Lambda::Permission',
    Properties: { Action: 'lambda:InvokeFunction', FunctionName: ref(fn), Principal: 'events.amazonaws.com', SourceArn: getAtt(rule, 'Arn') },
  }, ctx.origin);
}

/**
 * The properties of the EventBridge rule `ruleId` of event `i` (`type: event-bus`) of any resource,
 * with `target` (Arn, Id, RoleArn …) completed by the event's input, inputPath or
 * inputTransformer, and its `onDeliveryFailure` queue as the target's dead-letter queue.
 */
export function eventBusRuleProperties(ctx: ResourceCompileContext, e: EventConfig, i: number, ruleId: string, target: Record<string, unknown>): Record<string, unknown> {
  const p = e.properties;
  const path = eventPath(ctx, i);
  const given = ['eventBusArn', 'eventBusName', 'useDefaultBus'].filter((k) => p[k] !== undefined && p[k] !== false);
  if (given.length !== 1) {
    throw new NxstackError('NXS_EVENT_TARGET_INVALID', `Event ${i} (event-bus) of ${ctx.config.type} '${ctx.name}' must set exactly one of eventBusArn, eventBusName and useDefaultBus.`, {
      location: ctx.locate(path),
      hint: 'eventBusName for an event-bus of this stack, eventBusArn for one elsewhere, useDefaultBus: true for the account\'s default bus.',
    });
  }
  target = { ...target };
  if (p.input !== undefined) target.Input = JSON.stringify(ctx.resolve(p.input, [...path, 'input']));
  if (p.inputPath !== undefined) target.InputPath = p.inputPath;
  const transformer = p.inputTransformer as { inputPathsMap?: Record<string, string>; inputTemplate: unknown } | undefined;
  if (transformer) {
    target.InputTransformer = {
      ...(transformer.inputPathsMap ? { InputPathsMap: transformer.inputPathsMap } : {}),
      InputTemplate: typeof transformer.inputTemplate === 'string' ? transformer.inputTemplate : JSON.stringify(transformer.inputTemplate),
    };
  }
  const deadLetterQueue = deliveryFailureQueueArn(ctx, path.slice(0, -1), 'events.amazonaws.com', getAtt(ruleId, 'Arn'));
  if (deadLetterQueue !== undefined) target.DeadLetterConfig = { Arn: deadLetterQueue };
  const properties: Record<string, unknown> = { EventPattern: ctx.resolve(p.eventPattern, [...path, 'eventPattern']), State: 'ENABLED', Targets: [target] };
  if (p.eventBusName !== undefined) properties.EventBusName = stackTargetParam(ctx, String(p.eventBusName), ['event-bus'], 'arn', [...path, 'eventBusName'], 'NXS_EVENT_TARGET_UNKNOWN');
  else if (p.eventBusArn !== undefined) properties.EventBusName = ctx.resolve(p.eventBusArn, [...path, 'eventBusArn']);
  return properties;
}
