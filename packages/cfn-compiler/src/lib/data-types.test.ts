import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { connectionsFor, outputKeyFor, type ConnectTarget } from '@nxstack/connect-to';
import { loadStack } from '@nxstack/core';
import { cfnLint } from '../../../../tools/test-services/cfn-lint';
import { compileStack } from './compile-stack';
import { artifact, manifest } from './__fixtures__/sample-stack';
import type { CfnTemplate } from './types';

const dir = join(__dirname, '__fixtures__', 'data-stack');

async function compileDataStack(): Promise<{ template: CfnTemplate; outputsByResource: Record<string, Record<string, string>> }> {
  const stack = await loadStack('stack.yml', { workspaceRoot: dir });
  const artifacts = { api: artifact('shop', manifest('api')), worker: artifact('shop', manifest('worker', { sha256: 'c'.repeat(64) })), seed: artifact('shop', manifest('seed', { sha256: 'd'.repeat(64) })) };
  return compileStack({ stack, projectName: 'shop', stage: 'dev', artifacts });
}

const policy = (t: CfnTemplate, role: string, name: string) =>
  ((t.Resources[role].Properties!.Policies as Array<{ PolicyName: string; PolicyDocument: { Statement: Array<Record<string, unknown>> } }>).find((p) => p.PolicyName === name))?.PolicyDocument.Statement;

describe('data resource types', () => {
  it('compile into a template cfn-lint accepts', async () => {
    const { template } = await compileDataStack();
    expect(await cfnLint(template)).toBe('');
  }, 60_000);

  it('dynamo-db-table: keys, on-demand default, streams, indexes', async () => {
    const { template: t } = await compileDataStack();
    expect(t.Resources.OrdersTableTable.Properties).toMatchObject({
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'N' }, { AttributeName: 'status', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      GlobalSecondaryIndexes: [{ IndexName: 'byStatus', Projection: { ProjectionType: 'ALL' } }],
    });
    expect(t.Resources.PlainTableTable.Properties).toMatchObject({ BillingMode: 'PROVISIONED', ProvisionedThroughput: { ReadCapacityUnits: 2, WriteCapacityUnits: 2 } });
    expect(t.Outputs!.OrdersTableStreamArn.Value).toEqual({ 'Fn::GetAtt': ['OrdersTableTable', 'StreamArn'] });
    expect(t.Outputs!.PlainTableStreamArn).toBeUndefined();
  });

  it('sqs-queue: names, fifo suffix, redrive to the dead-letter queue', async () => {
    const { template: t } = await compileDataStack();
    expect(t.Resources.JobsQueue.Properties).toEqual({
      QueueName: 'shop-dev-jobs',
      VisibilityTimeout: 60,
      MessageRetentionPeriod: 86400,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['JobsDlqQueue', 'Arn'] }, maxReceiveCount: 5 },
    });
    expect(t.Resources.JobsFifoQueue.Properties).toEqual({ QueueName: 'shop-dev-jobsFifo.fifo', FifoQueue: true, ContentBasedDeduplication: true });
  });

  it('relational-database: password only as a dynamic reference, shared VPC, connection-string outputs without the secret', async () => {
    const { template: t } = await compileDataStack();
    const text = JSON.stringify(t);
    expect(t.Resources.MyDatabaseDbInstance.Properties).toMatchObject({
      Engine: 'postgres', DBInstanceClass: 'db.t4g.micro', MasterUsername: 'appadmin', DBName: 'app',
      MasterUserPassword: '{{resolve:secretsmanager:nxstack-test/db-password}}', PubliclyAccessible: false,
    });
    expect(t.Resources.SharedVpc.Type).toBe('AWS::EC2::VPC');
    expect(t.Resources.MyDatabaseSecurityGroup.Properties!.SecurityGroupIngress).toBeUndefined();
    expect(t.Resources.AuroraDbDbCluster.Properties).toMatchObject({ Engine: 'aurora-postgresql', MasterUsername: 'dbmaster', DatabaseName: 'defaultdb' });
    expect(t.Resources.AuroraDbDbInstance2.Properties).toMatchObject({ DBClusterIdentifier: { Ref: 'AuroraDbDbCluster' } });
    expect(t.Resources.ServerlessDbDbCluster.Properties).toMatchObject({ Engine: 'aurora-mysql', ServerlessV2ScalingConfiguration: { MinCapacity: 0.5, MaxCapacity: 2 } });
    expect(t.Resources.ServerlessDbDbInstance1.Properties).toMatchObject({ DBInstanceClass: 'db.serverless', PubliclyAccessible: true });
    expect(JSON.stringify(t.Outputs)).not.toContain('{{resolve:');
    expect(JSON.stringify(t.Outputs!.MyDatabaseConnectionString)).toContain('postgresql://appadmin:{{secret:nxstack-test/db-password}}@');
    expect(t.Outputs!.AuroraDbReaderHost).toBeDefined();
    expect(t.Outputs!.MyDatabaseReaderHost).toBeUndefined();
    expect(text).not.toMatch(/MasterUserPassword":"[^{]/);
  });

  it('redis-cluster: replication group with replicas and a secret auth token', async () => {
    const { template: t } = await compileDataStack();
    expect(t.Resources.CacheReplicationGroup.Properties).toMatchObject({
      Engine: 'redis', CacheNodeType: 'cache.t4g.micro', NumCacheClusters: 2, AutomaticFailoverEnabled: true,
      AuthToken: '{{resolve:secretsmanager:nxstack-test/redis-token}}', TransitEncryptionEnabled: true,
    });
  });

  it('sns-topic, event-bus, user-auth-pool', async () => {
    const { template: t } = await compileDataStack();
    expect(t.Resources.EventsTopic.Properties).toEqual({ TopicName: 'shop-dev-events' });
    expect(t.Resources.EventsSubscription1.Properties).toEqual({ TopicArn: { Ref: 'EventsTopic' }, Protocol: 'sqs', Endpoint: { 'Fn::GetAtt': ['JobsDlqQueue', 'Arn'] } });
    expect(t.Resources.EventsSubscription1QueuePolicy.Properties).toMatchObject({
      Queues: [{ Ref: 'JobsDlqQueue' }],
      PolicyDocument: { Statement: [{ Principal: { Service: 'sns.amazonaws.com' }, Action: 'sqs:SendMessage', Condition: { ArnEquals: { 'aws:SourceArn': { Ref: 'EventsTopic' } } } }] },
    });
    expect(t.Resources.BusEventBus.Properties).toEqual({ Name: 'shop-dev-bus' });
    expect(t.Resources.BusEventBusArchive.Properties).toEqual({ SourceArn: { 'Fn::GetAtt': ['BusEventBus', 'Arn'] }, RetentionDays: 7 });
    expect(t.Resources.UsersUserPool.Type).toBe('AWS::Cognito::UserPool');
    expect(t.Resources.UsersUserPoolClient.Properties).toMatchObject({ UserPoolId: { Ref: 'UsersUserPool' } });
    // No hosted UI asked for: no domain.
    expect(t.Resources.UsersUserPoolDomain).toBeUndefined();
    // Hosted UI: a prefix domain named after the stack and the resource (Stacktape's default), the
    // CSS attached once the domain exists, OAuth on the client with Stacktape's default flows.
    expect(t.Resources.ShopAuthUserPoolDomain.Properties).toEqual({ UserPoolId: { Ref: 'ShopAuthUserPool' }, Domain: 'shop-dev-shopauth' });
    expect(t.Resources.ShopAuthUserPoolUICustomization).toMatchObject({
      DependsOn: ['ShopAuthUserPoolDomain'],
      Properties: { UserPoolId: { Ref: 'ShopAuthUserPool' }, ClientId: { Ref: 'ShopAuthUserPoolClient' }, CSS: '.submitButton-customizable { background: #123456; }' },
    });
    expect(t.Resources.ShopAuthUserPoolClient.Properties).toMatchObject({
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['code', 'implicit'],
      AllowedOAuthScopes: ['openid', 'email'],
      CallbackURLs: ['https://shop.example.com/callback'],
      SupportedIdentityProviders: ['COGNITO'],
    });
    expect(Object.keys(t.Outputs!)).toEqual(expect.arrayContaining(['UsersId', 'UsersClientId', 'UsersArn', 'EventsArn', 'EventsName', 'BusArn', 'JobsUrl', 'JobsName', 'JobsArn', 'CacheHost', 'CacheReaderHost', 'CachePort']));
  });
});

describe('connectTo in the compiled template', () => {
  it('injects every STP_* variable resolved to CloudFormation', async () => {
    const { template: t } = await compileDataStack();
    const vars = (t.Resources.ApiFunction.Properties!.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(vars).toMatchObject({
      DB_PASSWORD: '{{resolve:secretsmanager:nxstack-test/db-password}}',
      STP_UPLOADS_NAME: { 'Fn::Sub': 'shop-dev-uploads-${AWS::AccountId}-${AWS::Region}' },
      STP_UPLOADS_ARN: { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::shop-dev-uploads-${AWS::AccountId}-${AWS::Region}' },
      STP_ORDERS_TABLE_NAME: { Ref: 'OrdersTableTable' },
      STP_ORDERS_TABLE_STREAM_ARN: { 'Fn::GetAtt': ['OrdersTableTable', 'StreamArn'] },
      STP_JOBS_URL: { Ref: 'JobsQueue' },
      STP_JOBS_NAME: { 'Fn::GetAtt': ['JobsQueue', 'QueueName'] },
      STP_EVENTS_ARN: { Ref: 'EventsTopic' },
      STP_BUS_ARN: { 'Fn::GetAtt': ['BusEventBus', 'Arn'] },
      STP_USERS_ID: { Ref: 'UsersUserPool' },
      STP_USERS_CLIENT_ID: { Ref: 'UsersUserPoolClient' },
      STP_WORKER_ARN: { 'Fn::GetAtt': ['WorkerFunction', 'Arn'] },
      STP_MY_DATABASE_HOST: { 'Fn::GetAtt': ['MyDatabaseDbInstance', 'Endpoint.Address'] },
      STP_AURORA_DB_READER_HOST: { 'Fn::GetAtt': ['AuroraDbDbCluster', 'ReadEndpoint.Address'] },
      STP_CACHE_READER_HOST: { 'Fn::GetAtt': ['CacheReplicationGroup', 'ReaderEndPoint.Address'] },
      STP_NIGHTLY_JOB_DEFINITION_ARN: { Ref: 'NightlyJobDefinition' },
      STP_NIGHTLY_STATE_MACHINE_ARN: { Ref: 'NightlyStateMachine' },
      STP_INTERNAL_API_ADDRESS: expect.anything(),
    });
    expect(JSON.stringify(vars.STP_MY_DATABASE_CONNECTION_STRING)).toContain('{{resolve:secretsmanager:nxstack-test/db-password}}');
    expect(Object.keys(vars).filter((k) => k.startsWith('STP_MY_DATABASE_')).sort()).toEqual(['STP_MY_DATABASE_CONNECTION_STRING', 'STP_MY_DATABASE_HOST', 'STP_MY_DATABASE_JDBC_CONNECTION_STRING', 'STP_MY_DATABASE_PORT']);
    const workerVars = (t.Resources.WorkerFunction.Properties!.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(Object.keys(workerVars).sort()).toEqual(['STP_JOBS_FIFO_ARN', 'STP_JOBS_FIFO_NAME', 'STP_JOBS_FIFO_URL', 'STP_PLAIN_TABLE_ARN', 'STP_PLAIN_TABLE_NAME']);
  });

  it('puts scoped statements in a ConnectTo policy; only aws:ses uses "*"', async () => {
    const { template: t } = await compileDataStack();
    const statements = policy(t, 'ApiRole', 'ConnectTo')!;
    expect(statements.map((s) => s.Sid)).toEqual([
      'ConnectToUploads1', 'ConnectToUploads2', 'ConnectToOrdersTable', 'ConnectToJobs', 'ConnectToEvents', 'ConnectToBus', 'ConnectToUsers', 'ConnectToWorker', 'ConnectToNightly1', 'ConnectToNightly2', 'ConnectToAwsSes',
    ]);
    for (const s of statements) if (s.Sid !== 'ConnectToAwsSes') expect(JSON.stringify(s.Resource)).not.toContain('"*"');
    expect(statements.find((s) => s.Sid === 'ConnectToUploads2')!.Resource).toEqual([{ 'Fn::Join': ['', [{ 'Fn::Sub': 'arn:${AWS::Partition}:s3:::shop-dev-uploads-${AWS::AccountId}-${AWS::Region}' }, '/*']] }]);
    expect(statements.find((s) => s.Sid === 'ConnectToNightly1')!.Resource).toEqual([{ Ref: 'NightlyJobDefinition' }, { Ref: 'SharedBatchJobQueue' }]);
    expect(statements.find((s) => s.Sid === 'ConnectToAwsSes')).toEqual({ Sid: 'ConnectToAwsSes', Effect: 'Allow', Action: ['ses:*'], Resource: '*' });
  });

  it('works for deployment scripts too ($Secret allowed in their environment)', async () => {
    const { template: t } = await compileDataStack();
    const vars = (t.Resources.SeedFunction.Properties!.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(vars).toEqual({
      ADMIN_PASSWORD: '{{resolve:secretsmanager:nxstack-test/admin}}',
      STP_ORDERS_TABLE_NAME: { Ref: 'OrdersTableTable' },
      STP_ORDERS_TABLE_ARN: { 'Fn::GetAtt': ['OrdersTableTable', 'Arn'] },
      STP_ORDERS_TABLE_STREAM_ARN: { 'Fn::GetAtt': ['OrdersTableTable', 'StreamArn'] },
    });
    expect(policy(t, 'SeedRole', 'ConnectTo')!.map((s) => s.Sid)).toEqual(['ConnectToOrdersTable']);
  });

  it('opens the scoped database and redis to the function security group only', async () => {
    const { template: t } = await compileDataStack();
    expect(t.Resources.MyDatabaseIngressFromApi.Properties).toMatchObject({
      GroupId: { 'Fn::GetAtt': ['MyDatabaseSecurityGroup', 'GroupId'] },
      SourceSecurityGroupId: { 'Fn::GetAtt': ['ApiSecurityGroup', 'GroupId'] },
      FromPort: 5432, ToPort: 5432,
    });
    expect(t.Resources.CacheIngressFromApi.Properties).toMatchObject({ FromPort: 6379, ToPort: 6379 });
    expect(t.Resources.InternalApiIngressFromApi.Properties).toMatchObject({ GroupId: { 'Fn::GetAtt': ['InternalApiSecurityGroup', 'GroupId'] }, FromPort: 8080, ToPort: 8080 });
    expect(t.Resources.AuroraDbIngressFromApi).toBeUndefined();
  });

  it('every STP_* param is a stack Output under <Name><Param>, so the env executor can resolve it', async () => {
    const stack = await loadStack('stack.yml', { workspaceRoot: dir });
    const { template: t } = await compileDataStack();
    for (const source of ['api', 'worker']) {
      const names = (stack.config.resources[source].properties as { connectTo: string[] }).connectTo;
      const targets: ConnectTarget[] = names.map((n) => (n === 'aws:ses' ? 'aws:ses' : { name: n, type: stack.config.resources[n].type, properties: stack.config.resources[n].properties as Record<string, unknown> }));
      const env = connectionsFor({ name: source, type: 'function' }, targets).environment;
      for (const d of Object.values(env) as Array<{ resource: string; param: string }>) {
        expect(t.Outputs, `${d.resource}.${d.param}`).toHaveProperty(outputKeyFor(d.resource, d.param));
      }
    }
  });
});
