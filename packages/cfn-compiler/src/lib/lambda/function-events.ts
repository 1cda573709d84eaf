import { NxstackError, scheduleExpressionProblem } from '@nxstack/core';
import { logicalId } from '../logical-ids';
import { getAtt, ref, type ResourceCompileContext, type StackPath } from '../resource-types/resource-type';
import { stackTargetParam } from '../resource-types/stack-target';
import { compileLambdaAlbEvent } from '../load-balancers/lambda-target';
import type { AlbIntegration } from '../load-balancers/listener-rules';
import { deliveryFailureQueueArn } from './delivery-failure-queue';
import { compileHttpApiRoute } from './http-api-route';
import { eventFunctionId } from './lambda-resources';
import { compileDynamoStreamEvent, compileEventBusEvent, compileKinesisEvent, streamEventRoleStatements } from './stream-events';

type EventConfig = { type: string; properties: Record<string, unknown> };

function events(ctx: ResourceCompileContext): EventConfig[] {
  return (ctx.properties.events ?? []) as EventConfig[];
}

/** `sqsQueueName` (a queue of this stack) or `sqsQueueArn`, exactly one; same for SNS. */
function targetArn(ctx: ResourceCompileContext, e: EventConfig, i: number, nameKey: string, arnKey: string, type: string): unknown {
  const path: StackPath = [...ctx.path, 'properties', 'events', i, 'properties'];
  const name = e.properties[nameKey] as string | undefined;
  const arn = e.properties[arnKey];
  if ((name === undefined) === (arn === undefined)) {
    throw new NxstackError('NXS_EVENT_TARGET_INVALID', `Event ${i} (${e.type}) of ${ctx.config.type} '${ctx.name}' must set exactly one of ${nameKey} and ${arnKey}.`, {
      location: ctx.locate(path),
      hint: `Use ${nameKey} for a ${type} of this stack, ${arnKey} for one that lives elsewhere.`,
    });
  }
  if (name !== undefined) return stackTargetParam(ctx, name, [type], 'arn', [...path, nameKey], 'NXS_EVENT_TARGET_UNKNOWN');
  return ctx.resolve(arn, [...path, arnKey]);
}

/** Role statements the function needs to poll its SQS queues (Lambda's event source mapping uses the function's role). */
export function eventRoleStatements(ctx: ResourceCompileContext): unknown[] {
  const sqs = events(ctx).flatMap((e, i) => (e.type === 'sqs'
    ? [{ Effect: 'Allow', Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ChangeMessageVisibility'], Resource: targetArn(ctx, e, i, 'sqsQueueName', 'sqsQueueArn', 'sqs-queue') }]
    : []));
  return [...sqs, ...streamEventRoleStatements(ctx, events(ctx))];
}

/**
 * One set of resources per event, ids `<Function><Kind><n>` counted per kind from 1
 * (`MyLambdaScheduleRule1`, `MyLambdaSqsEventSourceMapping1`), so adding an event of another
 * kind never renames existing ones. `types`: compile only the events of these types (a batch
 * job's trigger function takes some of the job's events).
 */
export function compileFunctionEvents(ctx: ResourceCompileContext, types?: readonly string[]): void {
  const fn = eventFunctionId(ctx);
  const counters: Record<string, number> = {};
  const next = (kind: string) => (counters[kind] = (counters[kind] ?? 0) + 1);
  events(ctx).forEach((e, i) => {
    if (types && !types.includes(e.type)) return;
    const path: StackPath = [...ctx.path, 'properties', 'events', i];
    const p = e.properties;
    switch (e.type) {
      case 'http-api-gateway':
        compileHttpApiRoute(ctx, e.properties, path, next('HttpApiRoute'));
        break;
      case 'sqs': {
        const mapping: Record<string, unknown> = {
          EventSourceArn: targetArn(ctx, e, i, 'sqsQueueName', 'sqsQueueArn', 'sqs-queue'),
          FunctionName: ref(fn),
          BatchSize: p.batchSize ?? 10,
        };
        if (p.maxBatchWindowSeconds !== undefined) mapping.MaximumBatchingWindowInSeconds = p.maxBatchWindowSeconds;
        ctx.builder.addResource(logicalId(ctx.name, `SqsEventSourceMapping${next('Sqs')}`), { Type: 'AWS::Lambda::EventSourceMapping', Properties: mapping }, ctx.origin);
        break;
      }
      case 'sns': {
        const n = next('Sns');
        const topic = targetArn(ctx, e, i, 'snsTopicName', 'snsTopicArn', 'sns-topic');
        const subscription: Record<string, unknown> = { Protocol: 'lambda', Endpoint: getAtt(fn, 'Arn'), TopicArn: topic };
        if (p.filterPolicy) subscription.FilterPolicy = ctx.resolve(p.filterPolicy, [...path, 'properties', 'filterPolicy']);
        const deadLetterQueue = deliveryFailureQueueArn(ctx, path, 'sns.amazonaws.com', topic);
        if (deadLetterQueue !== undefined) subscription.RedrivePolicy = { deadLetterTargetArn: deadLetterQueue };
        ctx.builder.addResource(logicalId(ctx.name, `SnsSubscription${n}`), { Type: 'AWS::SNS::Subscription', Properties: subscription }, ctx.origin);
        ctx.builder.addResource(logicalId(ctx.name, `SnsPermission${n}`), {
          Type: 'AWS::Lambda::Permission',
          Properties: { Action: 'lambda:InvokeFunction', FunctionName: ref(fn), Principal: 'sns.amazonaws.com', SourceArn: topic },
        }, ctx.origin);
        break;
      }
      case 'schedule': {
        const n = next('Schedule');
        const expression = checkedScheduleExpression(ctx, p.scheduleRate, path);
        const rule = logicalId(ctx.name, `ScheduleRule${n}`);
        const target: Record<string, unknown> = { Arn: getAtt(fn, 'Arn'), Id: 'function' };
        if (p.input !== undefined) target.Input = JSON.stringify(p.input);
        ctx.builder.addResource(rule, { Type: 'AWS::Events::Rule', Properties: { ScheduleExpression: expression, State: 'ENABLED', Targets: [target] } }, ctx.origin);
        ctx.builder.addResource(logicalId(ctx.name, `SchedulePermission${n}`), {
          Type: 'AWS::Lambda::Permission',
          Properties: { Action: 'lambda:InvokeFunction', FunctionName: ref(fn), Principal: 'events.amazonaws.com', SourceArn: getAtt(rule, 'Arn') },
        }, ctx.origin);
        break;
      }
      case 's3':
        compileS3Event(ctx, e, path, next('S3'));
        break;
      case 'kinesis-stream':
        compileKinesisEvent(ctx, e, i, next);
        break;
      case 'dynamo-db-stream':
        compileDynamoStreamEvent(ctx, e, i, next);
        break;
      case 'event-bus':
        compileEventBusEvent(ctx, e, i, next);
        break;
      case 'application-load-balancer':
        compileLambdaAlbEvent(ctx, p as unknown as AlbIntegration, path, next('Alb'));
        break;
      case 'cloudwatch-log':
        compileLogSubscription(ctx, p, path, next('LogSubscription'));
        break;
      default:
        throw new NxstackError('NXS_EVENT_TYPE_UNSUPPORTED', `Event type '${e.type}' of function '${ctx.name}' is not supported.`, {
          location: ctx.locate([...path, 'type']),
          hint: 'Use http-api-gateway, sqs, sns, schedule, s3, kinesis-stream, dynamo-db-stream, event-bus or application-load-balancer.',
        });
    }
  });
}

/**
 * A subscription filter on the log group (`logGroupArn`, `filter` as its pattern, default every
 * event) delivering to the function, which CloudWatch Logs may invoke for that group. The group's
 * name is the ARN's 7th field (`arn:aws:logs:<region>:<account>:log-group:<name>[:*]`).
 */
function compileLogSubscription(ctx: ResourceCompileContext, p: Record<string, unknown>, path: StackPath, n: number): void {
  const fn = eventFunctionId(ctx);
  let arn = ctx.resolve(p.logGroupArn, [...path, 'properties', 'logGroupArn']);
  if (typeof arn === 'string') {
    const fields = arn.split(':');
    if (fields.length < 7 || fields[0] !== 'arn' || fields[2] !== 'logs' || fields[5] !== 'log-group' || !fields[6]) {
      throw new NxstackError('NXS_INVALID_VALUE', `logGroupArn '${arn}' of ${ctx.config.type} '${ctx.name}' is not a log group ARN.`, {
        location: ctx.locate([...path, 'properties', 'logGroupArn']),
        hint: "Write arn:aws:logs:<region>:<account>:log-group:<name>, or $ResourceParam('<function>', 'logGroupArn').",
      });
    }
    // Logs invokes with the group's ARN ending in ':*', which the permission must match.
    if (fields.length === 7) arn = `${arn}:*`;
  }
  const permission = logicalId(ctx.name, `LogSubscriptionPermission${n}`);
  ctx.builder.addResource(permission, {
    Type: 'AWS::Lambda::Permission',
    Properties: { Action: 'lambda:InvokeFunction', FunctionName: ref(fn), Principal: 'logs.amazonaws.com', SourceArn: arn },
  }, ctx.origin);
  ctx.builder.addResource(logicalId(ctx.name, `LogSubscription${n}`), {
    Type: 'AWS::Logs::SubscriptionFilter',
    // Logs checks the permission when the filter is created.
    DependsOn: [permission],
    Properties: { LogGroupName: { 'Fn::Select': [6, { 'Fn::Split': [':', arn] }] }, FilterPattern: (p.filter as string | undefined) ?? '', DestinationArn: getAtt(fn, 'Arn') },
  }, ctx.origin);
}

/** A schedule event's `scheduleRate`, checked (NXS_SCHEDULE_EXPRESSION_INVALID at it) before any AWS call. */
export function checkedScheduleExpression(ctx: ResourceCompileContext, scheduleRate: unknown, eventPath: StackPath): string {
  const expression = String(scheduleRate);
  const problem = scheduleExpressionProblem(expression);
  if (problem) {
    throw new NxstackError('NXS_SCHEDULE_EXPRESSION_INVALID', `Schedule of ${ctx.config.type} '${ctx.name}': ${problem}.`, {
      location: ctx.locate([...eventPath, 'properties', 'scheduleRate']),
      hint: "Write 'rate(5 minutes)' / 'rate(1 hour)' or an AWS cron with 6 fields, one of day-of-month/day-of-week '?': 'cron(0 12 * * ? *)'.",
    });
  }
  return expression;
}

/** The bucket of this stack an s3 event names (`bucketArn: $ResourceParam('<bucket>', 'arn')`); S3 configures notifications only on a bucket it manages. */
export function s3EventBucket(ctx: ResourceCompileContext, e: EventConfig, eventPath: StackPath): string {
  const arn = e.properties.bucketArn as { $directive?: string; resource?: string; param?: string } | string;
  const bucket = typeof arn === 'object' && arn.$directive === 'ResourceParam' && arn.param === 'arn' ? arn.resource! : undefined;
  if (!bucket || ctx.resourceConfig(bucket)?.type !== 'bucket') {
    throw new NxstackError('NXS_S3_EVENT_BUCKET_NOT_IN_STACK', `The s3 event of ${ctx.config.type} '${ctx.name}' must name a bucket of this stack.`, {
      location: ctx.locate([...eventPath, 'properties', 'bucketArn']),
      hint: "Write bucketArn: $ResourceParam('<bucket resource>', 'arn'); CloudFormation can only configure notifications on a bucket it manages.",
    });
  }
  return bucket;
}

/**
 * S3 notifications live on the bucket itself, so the bucket must be in this stack
 * (`bucketArn: $ResourceParam('<bucket>', 'arn')`); the notification is patched onto it when the
 * template is built. The bucket depends on the function (its notification) and on the
 * permission (S3 checks it when the notification is set); the permission's SourceArn and the
 * function's own references to the bucket (connectTo, environment) are built from the bucket's
 * name, known before deploy, so none of them depends back on the bucket.
 */
function compileS3Event(ctx: ResourceCompileContext, e: EventConfig, path: StackPath, n: number): void {
  const fn = eventFunctionId(ctx);
  const arn = e.properties.bucketArn;
  const bucket = s3EventBucket(ctx, e, path);
  const permission = logicalId(ctx.name, `S3Permission${n}`);
  ctx.builder.addResource(permission, {
    Type: 'AWS::Lambda::Permission',
    Properties: {
      Action: 'lambda:InvokeFunction',
      FunctionName: ref(fn),
      Principal: 's3.amazonaws.com',
      SourceAccount: ref('AWS::AccountId'),
      SourceArn: ctx.resolve(arn, [...path, 'properties', 'bucketArn']),
    },
  }, ctx.origin);
  const filter = e.properties.filterRule as { prefix?: string; suffix?: string } | undefined;
  const rules = [
    ...(filter?.prefix ? [{ Name: 'prefix', Value: filter.prefix }] : []),
    ...(filter?.suffix ? [{ Name: 'suffix', Value: filter.suffix }] : []),
  ];
  const configuration: Record<string, unknown> = { Event: e.properties.s3EventType, Function: getAtt(fn, 'Arn') };
  if (rules.length) configuration.Filter = { S3Key: { Rules: rules } };
  ctx.builder.patchResource(logicalId(bucket, 'Bucket'), (resource) => {
    const props = (resource.Properties ??= {});
    const notifications = (props.NotificationConfiguration ??= {}) as { LambdaConfigurations?: unknown[] };
    (notifications.LambdaConfigurations ??= []).push(configuration);
    const dependsOn = resource.DependsOn === undefined ? [] : ([] as string[]).concat(resource.DependsOn);
    resource.DependsOn = [...dependsOn, permission];
  }, ctx.origin);
}
