import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { stageEnvironment } from '@nxstack/connect-to';
import { localEndpointPort, localEndpointUrl, webServiceEndpointLogicalId } from '@nxstack/core';
import { destroyLocalDatabases, stopLocalAwsServer } from '@nxstack/local-runtime';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeWorkspace, packageFunction } from './__fixtures__/workspace';
import { deployStack } from './deploy';
import { publishResource } from './publish';
import { localResourceValues } from './local-resource-values';

const STACK = `resources:
  api:
    type: function
    properties:
      packaging:
        type: stacktape-lambda-buildpack
        properties:
          entryfilePath: src/api.ts
      joinDefaultVpc: true
      connectTo: [uploads, orders, jobs, events, bus, users, cache, db]
  uploads:
    type: bucket
  orders:
    type: dynamo-db-table
    properties:
      primaryKey:
        partitionKey: { name: pk, type: string }
      streamType: NEW_AND_OLD_IMAGES
  jobs:
    type: sqs-queue
  events:
    type: sns-topic
  bus:
    type: event-bus
  users:
    type: user-auth-pool
  cache:
    type: redis-cluster
    properties:
      instanceSize: cache.t4g.micro
      defaultUserPassword: $Secret('local/redis-token')
  db:
    type: relational-database
    properties:
      engine:
        type: postgres
        properties:
          primaryInstance: { instanceSize: db.t4g.micro }
          dbName: app
      credentials:
        masterUserName: appadmin
        masterUserPassword: $Secret('local/db-password')
  gateway:
    type: http-api-gateway
  tasks:
    type: deployment-script
    properties:
      trigger: after:deploy
      packaging:
        type: stacktape-lambda-buildpack
        properties:
          entryfilePath: src/tasks.ts
`;

beforeEach(() => {
  for (const key of Object.keys(process.env)) if (key.startsWith('AWS_')) vi.stubEnv(key, undefined);
});
afterEach(() => {
  vi.unstubAllEnvs();
});

describe('local stage outputs', () => {
  it('resolves every Output of every resource type to a local value, and connect-to env prints them', async () => {
    const ws = await makeWorkspace(STACK, 'shop');
    const opts = ws.options('local');
    for (const fn of ['api', 'tasks']) {
      await packageFunction(ws, fn, 'exports.handler = async () => 1;\n');
      await publishResource({ ...opts, resource: fn });
    }
    // The database and redis run as the host's servers, with the secrets' local values.
    await fs.mkdir(path.join(ws.root, '.nxstack'), { recursive: true });
    await fs.writeFile(path.join(ws.root, '.nxstack/secrets.json'), JSON.stringify({ 'local/db-password': 'pw', 'local/redis-token': 'token' }));
    const hostEnv = { ...opts.env, NXSTACK_LOCAL_DATABASES: 'host' };
    await deployStack({ ...opts, env: hostEnv }).finally(() => destroyLocalDatabases({ workspaceRoot: ws.root, stackName: 'shop-local', env: hostEnv, log: () => undefined }));
    // The data resources are now in the workspace's local AWS server (moto): it stops with the test.
    await stopLocalAwsServer(ws.root);
    const state = JSON.parse(await fs.readFile(path.join(ws.root, '.nxstack/local/shop/state.json'), 'utf8'));
    const outputs: Record<string, string> = state.outputs;
    // A bucket's name is known before deploy; locally its id is that same name.
    const bucket = (state.resources as Array<{ logicalId: string; physicalId: string }>).find((r) => r.logicalId === 'UploadsBucket');
    expect(outputs.UploadsName).toBe('shop-local-uploads-000000000000-local');
    expect(bucket?.physicalId).toBe(outputs.UploadsName);
    expect(Object.keys(outputs).length).toBe(Object.keys(state.template.Outputs).length);
    for (const [key, value] of Object.entries(outputs)) {
      expect(value, key).not.toMatch(/<unresolved|^\{|\[object/);
    }
    expect(outputs).toMatchObject({
      ApiArn: 'arn:aws:lambda:local:000000000000:function:shop-local-api',
      UploadsArn: expect.stringMatching(/^arn:aws:s3:::[a-z0-9-]+$/),
      OrdersArn: expect.stringMatching(/^arn:aws:dynamodb:local:000000000000:table\/[\w.-]+$/),
      // A queue's URL is the local AWS server's (the rest are names the local stage computes).
      JobsUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/000000000000\/[\w.-]+$/),
      JobsArn: expect.stringMatching(/^arn:aws:sqs:local:000000000000:[\w.-]+$/),
      EventsArn: expect.stringMatching(/^arn:aws:sns:local:000000000000:[\w.-]+$/),
      BusArn: expect.stringMatching(/^arn:aws:events:local:000000000000:event-bus\/[\w.-]+$/),
      // Where the local servers listened (core's derived ports).
      CacheHost: '127.0.0.1',
      CachePort: String(localEndpointPort('shop-local', 'CacheReplicationGroup')),
    });
    expect(outputs.JobsName).toBe(outputs.JobsUrl.split('/').at(-1));
    // The table's stream (not an Output yet, but a resolvable attribute) follows the task's shape.
    const orders = state.resources.find((r: { type: string }) => r.type === 'AWS::DynamoDB::Table');
    expect(orders.attributes.StreamArn).toBe(`arn:aws:dynamodb:local:000000000000:table/${orders.physicalId}/stream/local`);
    const pool = state.resources.find((r: { type: string }) => r.type === 'AWS::Cognito::UserPool');
    expect(pool.physicalId).toMatch(/^local_[0-9a-f]+$/);
    expect(outputs.UsersId).toBe(pool.physicalId);

    const env = await stageEnvironment({ workspaceRoot: ws.root, projectName: 'shop', stackFile: path.relative(ws.root, ws.stackFile), resource: 'api', stage: 'local', format: 'json', revealSecrets: false });
    const vars = env.variables as Record<string, string>;
    expect(vars.STP_JOBS_URL).toBe(outputs.JobsUrl);
    expect(vars.STP_ORDERS_ARN).toBe(outputs.OrdersArn);
    expect(vars.STP_CACHE_HOST).toBe('127.0.0.1');
    expect(vars.STP_ORDERS_STREAM_ARN).toBe(orders.attributes.StreamArn);
    expect(vars.STP_USERS_ARN).toBe(`arn:aws:cognito-idp:local:000000000000:userpool/${pool.physicalId}`);
    const dbPort = localEndpointPort('shop-local', 'DbDbInstance');
    expect(vars.STP_DB_CONNECTION_STRING).toBe(`postgresql://appadmin:<secret:local/db-password>@127.0.0.1:${dbPort}/app`);
    expect(vars.STP_DB_PORT).toBe(String(dbPort));
    // Every connectTo variable of every target type has a local value.
    expect(Object.keys(vars).length).toBeGreaterThanOrEqual(20);
    expect(Object.entries(vars).filter(([, v]) => /<unresolved|^\{/.test(String(v)))).toEqual([]);
  });

  it('compute types: web/private services, batch job, HTTP API and function URL get local values', async () => {
    const prebuilt = (image: string) => `      packaging:\n        type: prebuilt-image\n        properties:\n          image: ${image}\n`;
    const stack = `resources:
  gateway:
    type: http-api-gateway
  hello:
    type: function
    properties:
      packaging:
        type: stacktape-lambda-buildpack
        properties:
          entryfilePath: src/hello.ts
      url: { enabled: true }
      joinDefaultVpc: true
      connectTo: [nightly, internalApi]
  web:
    type: web-service
    properties:
${prebuilt('public.ecr.aws/nginx/nginx:1.27')}      resources: { cpu: 0.25, memory: 512 }
      port: 8080
      loadBalancing: { type: application-load-balancer }
  internalApi:
    type: private-service
    properties:
${prebuilt('public.ecr.aws/nginx/nginx:1.27')}      resources: { cpu: 256, memory: 512 }
      port: 8080
  nightly:
    type: batch-job
    properties:
      container:
${prebuilt('public.ecr.aws/docker/library/busybox:1.36').replace(/^/gm, '  ').trimEnd()}
      resources: { cpu: 1, memory: 2048 }
`;
    const ws = await makeWorkspace(stack, 'svc');
    const opts = ws.options('local');
    await packageFunction(ws, 'hello', 'exports.handler = async () => 1;\n');
    await publishResource({ ...opts, resource: 'hello' });
    const result = await deployStack(opts);
    const outputs = result.state.outputs;
    expect(Object.keys(outputs).length).toBeGreaterThanOrEqual(6);
    for (const [key, value] of Object.entries(outputs)) expect(value, key).not.toMatch(/<unresolved|^\{|\[object/);
    // Where `serve` listens: one rule in core for both.
    expect(outputs.GatewayUrl).toBe(localEndpointUrl('svc-local', 'GatewayHttpApi'));
    expect(outputs.GatewayUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d{5}$/);
    expect(localResourceValues('HelloFunctionUrl', 'AWS::Lambda::Url', {}, 'svc-local').attribute('FunctionUrl')).toBe(`${localEndpointUrl('svc-local', 'HelloFunctionUrl')}/`);
    expect(outputs.NightlyJobDefinitionArn).toMatch(/^arn:aws:batch:local:000000000000:job-definition\/[\w.-]+:1$/);
    expect(outputs.NightlyStateMachineArn).toMatch(/^arn:aws:states:local:000000000000:stateMachine:[\w.-]+$/);
    expect(outputs.InternalApiAddress).toMatch(/:8080$/);
    // A web-service's URL (here its load balancer's) is where serve runs the service.
    expect(outputs.WebUrl).toBe(localEndpointUrl('svc-local', webServiceEndpointLogicalId('web', 'application-load-balancer')));
    const groups = (JSON.parse(await fs.readFile(path.join(ws.root, '.nxstack/local/svc/state.json'), 'utf8')).resources as Array<{ type: string; physicalId: string; attributes: Record<string, string> }>).filter((r) => r.type === 'AWS::EC2::SecurityGroup');
    expect(groups.length).toBeGreaterThan(0);
    for (const g of groups) expect(g.attributes.GroupId).toBe(g.physicalId);
    for (const g of groups) expect(g.physicalId).toMatch(/^sg-[0-9a-f]+$/);

    const env = await stageEnvironment({ workspaceRoot: ws.root, projectName: 'svc', stackFile: path.relative(ws.root, ws.stackFile), resource: 'hello', stage: 'local', format: 'dotenv', revealSecrets: false });
    expect(env.variables.STP_NIGHTLY_JOB_DEFINITION_ARN).toBe(outputs.NightlyJobDefinitionArn);
    expect(Object.entries(env.variables).filter(([, v]) => /<unresolved/.test(String(v)))).toEqual([]);
  });
});
