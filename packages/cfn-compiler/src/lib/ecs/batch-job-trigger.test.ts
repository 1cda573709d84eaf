import { describe, expect, it } from 'vitest';
import { cfnLint } from '../../../../../tools/test-services/cfn-lint';
import { compileStack } from '../compile-stack';
import { parsedFixtureStack } from '../__fixtures__/sample-stack';
import { volumesBatchArtifacts, volumesBatchConfig } from '../__fixtures__/volumes-batch-stack';
import { BATCH_TRIGGER_SOURCE } from './batch-job-trigger';

const rp = (resource: string, param: string) => ({ $directive: 'ResourceParam', resource, param });

/** The volumes/batch fixture with every trigger event type on `render`, and dead-letter queues on event-bus / sns events. */
function triggerConfig() {
  const c = volumesBatchConfig();
  Object.assign(c.resources, {
    jobs: { type: 'sqs-queue' },
    failed: { type: 'sqs-queue' },
    alerts: { type: 'sns-topic' },
    clicks: { type: 'kinesis-stream' },
    api: { type: 'http-api-gateway' },
    lb: { type: 'application-load-balancer' },
    table: { type: 'dynamo-db-table', properties: { primaryKey: { partitionKey: { name: 'id', type: 'string' } }, streamType: 'NEW_IMAGE' } },
  });
  c.resources.render.properties!.events = [
    { type: 'schedule', properties: { scheduleRate: 'rate(1 hour)' } },
    { type: 'sqs', properties: { sqsQueueName: 'jobs', batchSize: 5, maxBatchWindowSeconds: 20 } },
    { type: 'sns', properties: { snsTopicName: 'alerts', filterPolicy: { kind: ['render'] }, onDeliveryFailure: { sqsQueueName: 'failed' } } },
    { type: 'kinesis-stream', properties: { kinesisStreamName: 'clicks', startingPosition: 'LATEST' } },
    { type: 'dynamo-db-stream', properties: { streamArn: rp('table', 'streamArn') } },
    { type: 'http-api-gateway', properties: { httpApiGatewayName: 'api', path: '/render/{id}', method: 'POST' } },
    { type: 'cloudwatch-log', properties: { logGroupArn: rp('files', 'logGroupArn'), filter: 'ERROR' } },
    { type: 'cloudwatch-log', properties: { logGroupArn: 'arn:aws:logs:eu-west-1:123456789012:log-group:/other/app' } },
    { type: 'application-load-balancer', properties: { loadBalancerName: 'lb', priority: 3, paths: ['/render'] } },
  ];
  c.resources.train.properties!.events[1].properties.onDeliveryFailure = { sqsQueueName: 'failed' };
  return c;
}

describe('batch-job events through its trigger function', () => {
  const { template } = compileStack({ stack: parsedFixtureStack(triggerConfig()), projectName: 'api', stage: 'dev', artifacts: volumesBatchArtifacts() });
  const r = template.Resources;
  const props = (id: string) => r[id].Properties as Record<string, any>;

  it('passes cfn-lint with no errors', async () => {
    expect(await cfnLint(template)).toBe('');
  });

  it('one trigger function per job: inline Node code starting the state machine, a role allowed to start it and to poll its sources', () => {
    expect(props('RenderTriggerFunction')).toMatchObject({
      FunctionName: 'api-dev-render-trigger',
      Runtime: 'nodejs24.x',
      Handler: 'index.handler',
      Code: { ZipFile: BATCH_TRIGGER_SOURCE },
      Environment: { Variables: { STATE_MACHINE_ARN: { Ref: 'RenderStateMachine' } } },
      LoggingConfig: { LogGroup: { Ref: 'RenderTriggerLogGroup' }, LogFormat: 'Text' },
    });
    expect(BATCH_TRIGGER_SOURCE.length).toBeLessThan(4096);
    const statements = props('RenderTriggerRole').Policies[0].PolicyDocument.Statement as Array<{ Action: unknown; Resource: unknown }>;
    expect(statements).toEqual(expect.arrayContaining([
      expect.objectContaining({ Action: 'states:StartExecution', Resource: { Ref: 'RenderStateMachine' } }),
      expect.objectContaining({ Action: expect.arrayContaining(['sqs:ReceiveMessage']), Resource: { 'Fn::GetAtt': ['JobsQueue', 'Arn'] } }),
      expect.objectContaining({ Action: expect.arrayContaining(['kinesis:GetRecords']) }),
      expect.objectContaining({ Action: expect.arrayContaining(['dynamodb:GetRecords']) }),
    ]));
    // schedule stays an EventBridge rule on the state machine; jobs without trigger events get no function.
    expect(props('RenderScheduleRule1').Targets[0].Arn).toEqual({ Ref: 'RenderStateMachine' });
    expect(r.TrainTriggerFunction).toBeUndefined();
  });

  it('the events compile as a function\'s, targeting the trigger', () => {
    const fn = { Ref: 'RenderTriggerFunction' };
    const fnArn = { 'Fn::GetAtt': ['RenderTriggerFunction', 'Arn'] };
    expect(props('RenderSqsEventSourceMapping1')).toEqual({ EventSourceArn: { 'Fn::GetAtt': ['JobsQueue', 'Arn'] }, FunctionName: fn, BatchSize: 5, MaximumBatchingWindowInSeconds: 20 });
    expect(props('RenderSnsSubscription1')).toMatchObject({ Protocol: 'lambda', Endpoint: fnArn, FilterPolicy: { kind: ['render'] }, RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['FailedQueue', 'Arn'] } } });
    expect(props('RenderKinesisEventSourceMapping1')).toMatchObject({ FunctionName: fn, BatchSize: 10, StartingPosition: 'LATEST' });
    expect(props('RenderDynamoStreamEventSourceMapping1')).toMatchObject({ FunctionName: fn, BatchSize: 100, StartingPosition: 'TRIM_HORIZON' });
    expect(props('RenderHttpApiRoute1')).toMatchObject({ RouteKey: 'POST /render/{id}' });
    expect(r.RenderAlbTargetGroup1.Type).toBe('AWS::ElasticLoadBalancingV2::TargetGroup');
    expect(props('RenderLogSubscription1')).toEqual({
      LogGroupName: { 'Fn::Select': [6, { 'Fn::Split': [':', { 'Fn::GetAtt': ['FilesLogGroup', 'Arn'] }] }] },
      FilterPattern: 'ERROR',
      DestinationArn: fnArn,
    });
    expect(r.RenderLogSubscription1.DependsOn).toEqual(['RenderLogSubscriptionPermission1']);
    expect(props('RenderLogSubscriptionPermission2')).toMatchObject({ Principal: 'logs.amazonaws.com', SourceArn: 'arn:aws:logs:eu-west-1:123456789012:log-group:/other/app:*' });
    expect(props('RenderLogSubscription2')).toMatchObject({ FilterPattern: '' });
  });

  it('onDeliveryFailure: the dead-letter queue of the rule target and of the subscription, one queue policy allowing both', () => {
    expect(props('TrainEventBusRule1').Targets[0].DeadLetterConfig).toEqual({ Arn: { 'Fn::GetAtt': ['FailedQueue', 'Arn'] } });
    expect(props('FailedDeliveryFailurePolicy')).toEqual({
      Queues: [{ Ref: 'FailedQueue' }],
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sqs:SendMessage', Resource: { 'Fn::GetAtt': ['FailedQueue', 'Arn'] }, Condition: { ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': ['TrainEventBusRule1', 'Arn'] } } } },
          { Effect: 'Allow', Principal: { Service: 'sns.amazonaws.com' }, Action: 'sqs:SendMessage', Resource: { 'Fn::GetAtt': ['FailedQueue', 'Arn'] }, Condition: { ArnEquals: { 'aws:SourceArn': { Ref: 'AlertsTopic' } } } },
        ],
      },
    });
  });
});

describe('batch-job trigger events refused, located', () => {
  const problems = (patch: (c: ReturnType<typeof triggerConfig>) => void) => {
    const c = triggerConfig();
    patch(c);
    try {
      compileStack({ stack: parsedFixtureStack(c), projectName: 'api', stage: 'dev', artifacts: volumesBatchArtifacts() });
    } catch (e) {
      const all = ((e as { problems?: unknown[] }).problems ?? [e]) as Array<{ code: string; message: string; location?: { line?: number } }>;
      for (const p of all) expect(p.location?.line).toEqual(expect.any(Number));
      return all.map((p) => ({ code: p.code, message: p.message }));
    }
    throw new Error('expected the stack to be refused');
  };

  it('a queue that is not in the stack, both or neither dead-letter queue, a log group ARN that is not one', () => {
    expect(problems((c) => (c.resources.render.properties!.events[1].properties.sqsQueueName = 'nope'))).toEqual([
      { code: 'NXS_EVENT_TARGET_UNKNOWN', message: "Resource 'render' integrates with 'nope', which is not a resource of this stack." },
    ]);
    expect(problems((c) => (c.resources.render.properties!.events[2].properties.onDeliveryFailure = { sqsQueueName: 'failed', sqsQueueArn: 'arn:aws:sqs:eu-west-1:1:q' }))).toEqual([
      { code: 'NXS_EVENT_TARGET_INVALID', message: "onDeliveryFailure of batch-job 'render' must set exactly one of sqsQueueName and sqsQueueArn." },
    ]);
    expect(problems((c) => (c.resources.train.properties!.events[1].properties.onDeliveryFailure = {}))).toEqual([
      { code: 'NXS_EVENT_TARGET_INVALID', message: "onDeliveryFailure of batch-job 'train' must set exactly one of sqsQueueName and sqsQueueArn." },
    ]);
    expect(problems((c) => (c.resources.render.properties!.events[7].properties.logGroupArn = 'arn:aws:s3:::bucket'))).toEqual([
      { code: 'NXS_INVALID_VALUE', message: "logGroupArn 'arn:aws:s3:::bucket' of batch-job 'render' is not a log group ARN." },
    ]);
  });
});
