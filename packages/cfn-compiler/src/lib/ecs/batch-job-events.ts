import { BATCH_TRIGGER_EVENT_TYPES, NxstackError } from '@nxstack/core';
import { checkedScheduleExpression, s3EventBucket } from '../lambda/function-events';
import { eventBusRuleProperties, type EventConfig } from '../lambda/stream-events';
import { logicalId } from '../logical-ids';
import { getAtt, ref, type ResourceCompileContext, type StackPath } from '../resource-types/resource-type';
import { compileBatchJobTrigger } from './batch-job-trigger';

/**
 * A batch job's `events`: EventBridge rules whose target is the job's state machine (an
 * execution submits the job and retries it per retryConfig), through a role allowed to start
 * it. Ids `<Job><Kind>Rule<n>` counted per kind, as a function's events are.
 * - schedule: a scheduled rule (its `input`, if any, becomes the execution input);
 * - event-bus: a rule on the bus with the event's pattern and input settings;
 * - s3: the bucket (of this stack) sends its events to EventBridge, a rule matches the event
 *   type, the bucket and the key filter.
 * The other types (BATCH_TRIGGER_EVENT_TYPES) go through the job's trigger function (batch-job-trigger.ts).
 */
export function compileBatchJobEvents(ctx: ResourceCompileContext, stateMachineId: string): void {
  compileBatchJobTrigger(ctx, stateMachineId);
  const events = (ctx.properties.events ?? []) as EventConfig[];
  if (!events.some((e) => !BATCH_TRIGGER_EVENT_TYPES.includes(e.type))) return;
  const role = logicalId(ctx.name, 'EventsRole');
  ctx.builder.addResource(role, {
    Type: 'AWS::IAM::Role',
    Properties: {
      AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
      Policies: [{ PolicyName: 'StartJobStateMachine', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'states:StartExecution', Resource: ref(stateMachineId) }] } }],
    },
  }, ctx.origin);
  const target = { Arn: ref(stateMachineId), Id: 'stateMachine', RoleArn: getAtt(role, 'Arn') };
  const counters: Record<string, number> = {};
  const next = (kind: string) => (counters[kind] = (counters[kind] ?? 0) + 1);
  events.forEach((e, i) => {
    const path: StackPath = [...ctx.path, 'properties', 'events', i];
    const p = e.properties;
    let rule: { id: string; properties: Record<string, unknown> };
    if (BATCH_TRIGGER_EVENT_TYPES.includes(e.type)) return;
    if (e.type === 'schedule') {
      const expression = checkedScheduleExpression(ctx, p.scheduleRate, path);
      rule = { id: `ScheduleRule${next('Schedule')}`, properties: { ScheduleExpression: expression, State: 'ENABLED', Targets: [{ ...target, ...(p.input !== undefined ? { Input: JSON.stringify(ctx.resolve(p.input, [...path, 'properties', 'input'])) } : {}) }] } };
    } else if (e.type === 'event-bus') {
      const id = `EventBusRule${next('EventBus')}`;
      rule = { id, properties: eventBusRuleProperties(ctx, e, i, logicalId(ctx.name, id), target) };
    } else if (e.type === 's3') {
      rule = { id: `S3Rule${next('S3')}`, properties: { EventPattern: s3EventPattern(ctx, e, path), State: 'ENABLED', Targets: [target] } };
    } else {
      // The loader refuses every other type (not supported yet); this guards a schema change.
      throw new NxstackError('NXS_EVENT_TYPE_UNSUPPORTED', `Event type '${e.type}' of batch-job '${ctx.name}' is not supported.`, { location: ctx.locate([...path, 'type']), hint: 'Use schedule, event-bus or s3.' });
    }
    ctx.builder.addResource(logicalId(ctx.name, rule.id), { Type: 'AWS::Events::Rule', Properties: rule.properties }, ctx.origin);
  });
}

/** S3 notification types as the EventBridge events S3 sends (detail-type, and the detail that tells the sub-kinds apart). */
const S3_EVENTBRIDGE: Record<string, { detailType: string[]; detail?: Record<string, string[]> }> = {
  's3:ObjectCreated:*': { detailType: ['Object Created'] },
  's3:ObjectCreated:Put': { detailType: ['Object Created'], detail: { reason: ['PutObject'] } },
  's3:ObjectCreated:Post': { detailType: ['Object Created'], detail: { reason: ['POST Object'] } },
  's3:ObjectCreated:Copy': { detailType: ['Object Created'], detail: { reason: ['CopyObject'] } },
  's3:ObjectCreated:CompleteMultipartUpload': { detailType: ['Object Created'], detail: { reason: ['CompleteMultipartUpload'] } },
  's3:ObjectRemoved:*': { detailType: ['Object Deleted'] },
  's3:ObjectRemoved:Delete': { detailType: ['Object Deleted'], detail: { 'deletion-type': ['Permanently Deleted'] } },
  's3:ObjectRemoved:DeleteMarkerCreated': { detailType: ['Object Deleted'], detail: { 'deletion-type': ['Delete Marker Created'] } },
  's3:ObjectRestore:*': { detailType: ['Object Restore Initiated', 'Object Restore Completed'] },
  's3:ObjectRestore:Post': { detailType: ['Object Restore Initiated'] },
  's3:ObjectRestore:Completed': { detailType: ['Object Restore Completed'] },
};

function s3EventPattern(ctx: ResourceCompileContext, e: EventConfig, path: StackPath): unknown {
  const bucket = s3EventBucket(ctx, e, path);
  const type = String(e.properties.s3EventType);
  const mapped = S3_EVENTBRIDGE[type];
  if (!mapped) {
    throw new NxstackError('NXS_EVENT_TYPE_UNSUPPORTED', `s3EventType '${type}' of batch-job '${ctx.name}' has no EventBridge event: S3 sends it only to functions, queues and topics.`, {
      location: ctx.locate([...path, 'properties', 's3EventType']),
      hint: `Use one of ${Object.keys(S3_EVENTBRIDGE).join(', ')}.`,
    });
  }
  // The bucket sends every event to EventBridge once one rule needs it.
  ctx.builder.patchResource(logicalId(bucket, 'Bucket'), (resource) => {
    const props = (resource.Properties ??= {});
    const notifications = (props.NotificationConfiguration ??= {}) as Record<string, unknown>;
    notifications.EventBridgeConfiguration = { EventBridgeEnabled: true };
  }, ctx.origin);
  const filter = e.properties.filterRule as { prefix?: string; suffix?: string } | undefined;
  const object: Record<string, unknown> = {};
  if (filter?.prefix && filter.suffix) object.key = [{ wildcard: `${escapeWildcard(filter.prefix)}*${escapeWildcard(filter.suffix)}` }];
  else if (filter?.prefix) object.key = [{ prefix: filter.prefix }];
  else if (filter?.suffix) object.key = [{ suffix: filter.suffix }];
  const bucketName = ctx.resolve({ $directive: 'ResourceParam', resource: bucket, param: 'name' }, [...path, 'properties', 'bucketArn']);
  return {
    source: ['aws.s3'],
    'detail-type': mapped.detailType,
    detail: { bucket: { name: [bucketName] }, ...(Object.keys(object).length ? { object } : {}), ...(mapped.detail ?? {}) },
  };
}

/** EventBridge wildcard patterns treat `*` and `\` specially. */
function escapeWildcard(text: string): string {
  return text.replace(/[\\*]/g, (c) => `\\${c}`);
}
