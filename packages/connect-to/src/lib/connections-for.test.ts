import { describe, expect, it } from 'vitest';
import { isNxstackError } from '@nxstack/core';
import { connectionsFor, ingressResource } from './connections-for';
import { stpVariableName, upperSnake } from './names';
import type { ConnectionTarget } from './types';

const rp = (resource: string, param: string) => ({ $directive: 'ResourceParam', resource, param });
const join = (resource: string, param: string, suffix: string) => ({ $directive: 'Join', parts: [rp(resource, param), suffix] });

interface Row {
  target: ConnectionTarget;
  actions: string[];
  resources: unknown[];
  ingressPort?: number;
  env: Record<string, unknown>;
}

// The connectTo table, row by row (source: function 'api').
const rows: Array<[string, Row]> = [
  ['bucket', {
    target: { name: 'uploads', type: 'bucket' },
    actions: ['s3:ListBucket', 's3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:GetObjectTagging', 's3:PutObjectTagging', 's3:DeleteObjectTagging'],
    resources: [rp('uploads', 'arn'), join('uploads', 'arn', '/*')],
    env: { STP_UPLOADS_NAME: rp('uploads', 'name'), STP_UPLOADS_ARN: rp('uploads', 'arn') },
  }],
  ['dynamo-db-table', {
    target: { name: 'ordersTable', type: 'dynamo-db-table', properties: { streamType: 'NEW_IMAGE' } },
    actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:Scan', 'dynamodb:Query', 'dynamodb:DescribeStream'],
    resources: [rp('ordersTable', 'arn'), join('ordersTable', 'arn', '/index/*'), join('ordersTable', 'arn', '/stream/*')],
    env: { STP_ORDERS_TABLE_NAME: rp('ordersTable', 'name'), STP_ORDERS_TABLE_ARN: rp('ordersTable', 'arn'), STP_ORDERS_TABLE_STREAM_ARN: rp('ordersTable', 'streamArn') },
  }],
  ['relational-database (scoping-workloads-in-vpc)', {
    target: { name: 'myDatabase', type: 'relational-database', properties: { engine: { type: 'postgres' }, accessibility: { accessibilityMode: 'scoping-workloads-in-vpc' } } },
    actions: [], resources: [], ingressPort: 5432,
    env: {
      STP_MY_DATABASE_CONNECTION_STRING: rp('myDatabase', 'connectionString'),
      STP_MY_DATABASE_JDBC_CONNECTION_STRING: rp('myDatabase', 'jdbcConnectionString'),
      STP_MY_DATABASE_HOST: rp('myDatabase', 'host'),
      STP_MY_DATABASE_PORT: rp('myDatabase', 'port'),
    },
  }],
  ['relational-database (aurora, 2 instances, vpc)', {
    target: { name: 'auroraDb', type: 'relational-database', properties: { engine: { type: 'aurora-mysql', properties: { instances: [{ instanceSize: 'db.r6g.large' }, { instanceSize: 'db.r6g.large' }] } } } },
    actions: [], resources: [],
    env: {
      STP_AURORA_DB_CONNECTION_STRING: rp('auroraDb', 'connectionString'),
      STP_AURORA_DB_JDBC_CONNECTION_STRING: rp('auroraDb', 'jdbcConnectionString'),
      STP_AURORA_DB_HOST: rp('auroraDb', 'host'),
      STP_AURORA_DB_PORT: rp('auroraDb', 'port'),
      STP_AURORA_DB_READER_CONNECTION_STRING: rp('auroraDb', 'readerConnectionString'),
      STP_AURORA_DB_READER_JDBC_CONNECTION_STRING: rp('auroraDb', 'readerJdbcConnectionString'),
      STP_AURORA_DB_READER_HOST: rp('auroraDb', 'readerHost'),
    },
  }],
  ['redis-cluster', {
    target: { name: 'cache', type: 'redis-cluster', properties: { instanceSize: 'cache.t4g.micro' } },
    actions: [], resources: [], ingressPort: 6379,
    env: { STP_CACHE_HOST: rp('cache', 'host'), STP_CACHE_READER_HOST: rp('cache', 'readerHost'), STP_CACHE_PORT: rp('cache', 'port') },
  }],
  ['event-bus', {
    target: { name: 'bus', type: 'event-bus' },
    actions: ['events:PutEvents'], resources: [rp('bus', 'arn')],
    env: { STP_BUS_ARN: rp('bus', 'arn') },
  }],
  ['function', {
    target: { name: 'worker', type: 'function' },
    actions: ['lambda:InvokeFunction', 'lambda:InvokeFunctionUrl'], resources: [rp('worker', 'arn')],
    env: { STP_WORKER_ARN: rp('worker', 'arn') },
  }],
  ['batch-job', {
    target: { name: 'nightly', type: 'batch-job' },
    actions: ['batch:SubmitJob', 'batch:ListJobs', 'batch:DescribeJobs', 'batch:TerminateJob', 'states:StartExecution', 'states:StopExecution', 'states:ListExecutions'],
    resources: [
      rp('nightly', 'jobDefinitionArn'), { Ref: 'SharedBatchJobQueue' }, rp('nightly', 'stateMachineArn'),
      { 'Fn::Sub': 'arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:execution:${NightlyStateMachine.Name}:*' },
    ],
    env: { STP_NIGHTLY_JOB_DEFINITION_ARN: rp('nightly', 'jobDefinitionArn'), STP_NIGHTLY_STATE_MACHINE_ARN: rp('nightly', 'stateMachineArn') },
  }],
  ['user-auth-pool', {
    target: { name: 'users', type: 'user-auth-pool' },
    actions: ['cognito-idp:*'], resources: [rp('users', 'arn')],
    env: { STP_USERS_ID: rp('users', 'id'), STP_USERS_CLIENT_ID: rp('users', 'clientId'), STP_USERS_ARN: rp('users', 'arn') },
  }],
  ['sns-topic', {
    target: { name: 'events', type: 'sns-topic' },
    actions: ['sns:Publish', 'sns:Subscribe', 'sns:Unsubscribe', 'sns:ListSubscriptionsByTopic', 'sns:ConfirmSubscription'],
    resources: [rp('events', 'arn'), join('events', 'arn', ':*')],
    env: { STP_EVENTS_ARN: rp('events', 'arn'), STP_EVENTS_NAME: rp('events', 'name') },
  }],
  ['sqs-queue', {
    target: { name: 'jobs', type: 'sqs-queue' },
    actions: ['sqs:SendMessage', 'sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:PurgeQueue'],
    resources: [rp('jobs', 'arn')],
    env: { STP_JOBS_ARN: rp('jobs', 'arn'), STP_JOBS_NAME: rp('jobs', 'name'), STP_JOBS_URL: rp('jobs', 'url') },
  }],
  ['private-service', {
    target: { name: 'internalApi', type: 'private-service', properties: { port: 8080 } },
    actions: [], resources: [], ingressPort: 8080,
    env: { STP_INTERNAL_API_ADDRESS: rp('internalApi', 'address') },
  }],
];

describe('connectionsFor implements the connectTo table', () => {
  it.each(rows)('%s', (_label, row) => {
    const c = connectionsFor({ name: 'api', type: 'function' }, [row.target]);
    expect(c.iamStatements.flatMap((s) => s.Action)).toEqual(row.actions);
    expect(c.iamStatements.flatMap((s) => s.Resource)).toEqual(row.resources);
    for (const s of c.iamStatements) {
      expect(s.Effect).toBe('Allow');
      expect(JSON.stringify(s.Resource)).not.toBe('"*"');
      expect(s.Sid).toMatch(/^ConnectTo[A-Za-z0-9]+$/);
    }
    expect(c.environment).toEqual(row.env);
    if (row.ingressPort === undefined) expect(c.securityGroupIngress).toEqual([]);
    else {
      expect(c.securityGroupIngress).toHaveLength(1);
      const rule = c.securityGroupIngress[0];
      expect(rule.port).toBe(row.ingressPort);
      expect(rule.sourceSecurityGroupId).toBe('ApiSecurityGroup');
      expect(ingressResource(rule)).toMatchObject({
        Type: 'AWS::EC2::SecurityGroupIngress',
        Properties: { IpProtocol: 'tcp', FromPort: row.ingressPort, ToPort: row.ingressPort, SourceSecurityGroupId: { 'Fn::GetAtt': ['ApiSecurityGroup', 'GroupId'] } },
      });
    }
  });

  it('aws:ses grants ses:* on "*" and injects nothing', () => {
    const c = connectionsFor({ name: 'api', type: 'function' }, ['aws:ses']);
    expect(c.iamStatements).toEqual([{ Sid: 'ConnectToAwsSes', Effect: 'Allow', Action: ['ses:*'], Resource: '*' }]);
    expect(c.environment).toEqual({});
    expect(c.securityGroupIngress).toEqual([]);
  });

  it('opens no port for a database reachable from the whole VPC or the internet', () => {
    for (const accessibilityMode of ['vpc', 'internet']) {
      const c = connectionsFor({ name: 'api', type: 'function' }, [{ name: 'db', type: 'relational-database', properties: { engine: { type: 'mysql' }, accessibility: { accessibilityMode } } }]);
      expect(c.securityGroupIngress).toEqual([]);
    }
  });

  it('leaves STREAM_ARN out for a table without streams', () => {
    const c = connectionsFor({ name: 'api', type: 'function' }, [{ name: 'table', type: 'dynamo-db-table', properties: {} }]);
    expect(Object.keys(c.environment)).toEqual(['STP_TABLE_NAME', 'STP_TABLE_ARN']);
  });

  it('refuses a target type that takes no connections', () => {
    try {
      connectionsFor({ name: 'api', type: 'function' }, [{ name: 'seed', type: 'deployment-script' }]);
      throw new Error('expected failure');
    } catch (e) {
      expect(isNxstackError(e) && e.code).toBe('NXS_CONNECT_TO_UNSUPPORTED_TARGET');
    }
  });
});

describe('variable names', () => {
  it.each([
    ['myDatabase', 'MY_DATABASE'],
    ['uploads', 'UPLOADS'],
    ['myAPIGateway', 'MY_API_GATEWAY'],
    ['db2Main', 'DB2_MAIN'],
  ])('%s → %s', (name, expected) => expect(upperSnake(name)).toBe(expected));

  it('STP_<RESOURCE>_<VAR>', () => expect(stpVariableName('myDatabase', 'connectionString')).toBe('STP_MY_DATABASE_CONNECTION_STRING'));
});
