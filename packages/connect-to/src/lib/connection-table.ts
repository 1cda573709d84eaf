import type { ResourceParamDirective } from '@nxstack/core';
import {
  accessibilityMode,
  databasePort,
  dynamoHasStream,
  hasReaderEndpoint,
  privateServicePort,
  redisPort,
} from './target-shapes';
import type { ConnectionIds, ConnectionTarget, TemplateValue } from './types';

export const param = (resource: string, name: string): ResourceParamDirective => ({ $directive: 'ResourceParam', resource, param: name });
/** `<param value><suffix>` as a Join directive (e.g. the bucket ARN + `/*`). */
const withSuffix = (resource: string, name: string, suffix: string): TemplateValue => ({ $directive: 'Join', parts: [param(resource, name), suffix] });

/** What one connectTo target type grants: IAM actions + resources, SG ingress port, env params. */
export interface ConnectionRow {
  readonly statements?: (t: ConnectionTarget, ids: ConnectionIds) => Array<{ actions: string[]; resources: TemplateValue[] }>;
  /** Port to open from the source's SG into the target's; undefined = no network rule. */
  readonly ingressPort?: (t: ConnectionTarget) => number | undefined;
  /** Params whose values become STP_<RESOURCE>_<UPPER_SNAKE(param)>. */
  readonly envParams: (t: ConnectionTarget) => string[];
}

/** The connectTo table of issue 6 / STACK-REFERENCE.md, one row per target type. */
export const CONNECTION_TABLE: Readonly<Record<string, ConnectionRow>> = {
  bucket: {
    statements: (t) => [
      { actions: ['s3:ListBucket'], resources: [param(t.name, 'arn')] },
      {
        actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:GetObjectTagging', 's3:PutObjectTagging', 's3:DeleteObjectTagging'],
        resources: [withSuffix(t.name, 'arn', '/*')],
      },
    ],
    envParams: () => ['name', 'arn'],
  },
  'dynamo-db-table': {
    statements: (t) => [
      {
        actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:Scan', 'dynamodb:Query', 'dynamodb:DescribeStream'],
        resources: [param(t.name, 'arn'), withSuffix(t.name, 'arn', '/index/*'), withSuffix(t.name, 'arn', '/stream/*')],
      },
    ],
    envParams: (t) => (dynamoHasStream(t.properties) ? ['name', 'arn', 'streamArn'] : ['name', 'arn']),
  },
  'relational-database': {
    ingressPort: (t) => (accessibilityMode(t.properties) === 'scoping-workloads-in-vpc' ? databasePort(t.properties) : undefined),
    envParams: (t) => [
      'connectionString',
      'jdbcConnectionString',
      'host',
      'port',
      ...(hasReaderEndpoint(t.properties) ? ['readerConnectionString', 'readerJdbcConnectionString', 'readerHost'] : []),
    ],
  },
  // Atlas authenticates the workload's IAM role (a MongoDB::Atlas::DatabaseUser the cluster's
  // compiler adds per connecting workload); no AWS statement or security-group rule is involved.
  'mongo-db-atlas-cluster': {
    envParams: () => ['connectionString'],
  },
  'redis-cluster': {
    ingressPort: (t) => redisPort(t.properties),
    envParams: () => ['host', 'readerHost', 'port'],
  },
  'event-bus': {
    statements: (t) => [{ actions: ['events:PutEvents'], resources: [param(t.name, 'arn')] }],
    envParams: () => ['arn'],
  },
  function: {
    statements: (t) => [{ actions: ['lambda:InvokeFunction', 'lambda:InvokeFunctionUrl'], resources: [param(t.name, 'arn')] }],
    envParams: () => ['arn'],
  },
  'batch-job': {
    statements: (t, ids) => [
      {
        actions: ['batch:SubmitJob', 'batch:ListJobs', 'batch:DescribeJobs', 'batch:TerminateJob'],
        // Ref of an AWS::Batch::JobQueue is its ARN; SubmitJob is authorised on queue + definition.
        resources: [param(t.name, 'jobDefinitionArn'), { Ref: ids.jobQueue(t.name) }],
      },
      {
        actions: ['states:StartExecution', 'states:StopExecution', 'states:ListExecutions'],
        resources: [
          param(t.name, 'stateMachineArn'),
          {
            'Fn::Sub': `arn:\${AWS::Partition}:states:\${AWS::Region}:\${AWS::AccountId}:execution:\${${ids.logicalId(t.name, 'StateMachine')}.Name}:*`,
          },
        ],
      },
    ],
    envParams: () => ['jobDefinitionArn', 'stateMachineArn'],
  },
  'user-auth-pool': {
    statements: (t) => [{ actions: ['cognito-idp:*'], resources: [param(t.name, 'arn')] }],
    envParams: () => ['id', 'clientId', 'arn'],
  },
  'sns-topic': {
    statements: (t) => [
      {
        actions: ['sns:Publish', 'sns:Subscribe', 'sns:Unsubscribe', 'sns:ListSubscriptionsByTopic', 'sns:ConfirmSubscription'],
        // Subscription ARNs are `<topic arn>:<id>` (Unsubscribe acts on them).
        resources: [param(t.name, 'arn'), withSuffix(t.name, 'arn', ':*')],
      },
    ],
    envParams: () => ['arn', 'name'],
  },
  'sqs-queue': {
    statements: (t) => [
      {
        actions: ['sqs:SendMessage', 'sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:PurgeQueue'],
        resources: [param(t.name, 'arn')],
      },
    ],
    envParams: () => ['arn', 'name', 'url'],
  },
  'kinesis-stream': {
    statements: (t) => [
      {
        actions: ['kinesis:PutRecord', 'kinesis:PutRecords', 'kinesis:GetRecords', 'kinesis:GetShardIterator', 'kinesis:DescribeStream', 'kinesis:DescribeStreamSummary', 'kinesis:ListShards', 'kinesis:ListStreams'],
        resources: [param(t.name, 'arn')],
      },
    ],
    envParams: () => ['arn', 'name'],
  },
  'state-machine': {
    statements: (t, ids) => [
      {
        actions: ['states:StartExecution', 'states:StartSyncExecution', 'states:StopExecution', 'states:DescribeExecution', 'states:ListExecutions', 'states:GetExecutionHistory'],
        resources: [
          param(t.name, 'arn'),
          { 'Fn::Sub': `arn:\${AWS::Partition}:states:\${AWS::Region}:\${AWS::AccountId}:execution:\${${ids.logicalId(t.name, 'StateMachine')}.Name}:*` },
        ],
      },
    ],
    envParams: () => ['arn', 'name'],
  },
  'private-service': {
    ingressPort: (t) => privateServicePort(t.properties),
    envParams: () => ['address'],
  },
};

export const CONNECTABLE_TYPES: readonly string[] = Object.keys(CONNECTION_TABLE);
