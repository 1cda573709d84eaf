/**
 * mongo-db-atlas-cluster through the real nx CLI on a packed install. Local stage: validate and
 * deploy succeed without Atlas keys (nothing of Atlas is created, nothing goes to the local AWS
 * server), the function connected to the cluster sees STP_ORDERS_DB_CONNECTION_STRING =
 * mongodb://localhost:27017 when invoked. AWS stage (moto): the deploy stops before the change set
 * with a located error naming the MongoDB::Atlas types that are not activated and how to activate them.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { beforeAll, describe, expect, it } from 'vitest';
import { motoEnv } from '../tools/test-services/aws-env';
import { expectFailure, expectSuccess, resultOf } from './lib/nx-run-checks';
import { createSampleWorkspace, runNx, taskResults } from './lib/sample-workspace';
import { removeWorkspaceAfterAll } from './lib/suite';

const TEN_MINUTES = 600_000;
let ws = '';

const STACK = `providerConfig:
  mongoDbAtlas:
    publicKey: abcdefgh
    privateKey: $Secret('atlas-private-key')
    organizationId: 5f1a2b3c4d5e6f7a8b9c0d1e
resources:
  ordersDb:
    type: mongo-db-atlas-cluster
    properties:
      clusterTier: M10
  reader:
    type: function
    properties:
      packaging:
        type: stacktape-lambda-buildpack
        properties:
          entryfilePath: src/reader.ts
      connectTo:
        - ordersDb
`;

describe('e2e: mongo-db-atlas-cluster', () => {
  beforeAll(() => {
    ws = createSampleWorkspace();
    writeFileSync(path.join(ws, 'api/stack.yml'), STACK);
    writeFileSync(path.join(ws, 'api/src/reader.ts'), 'export const handler = async () => ({ url: process.env.STP_ORDERS_DB_CONNECTION_STRING });\n');
    writeFileSync(path.join(ws, 'event.json'), '{}');
  }, TEN_MINUTES);
  removeWorkspaceAfterAll(() => ws);

  it('local stage: validate and deploy succeed; the connected function sees the local connection string', () => {
    const deploy = runNx(ws, ['run', 'api:deploy']);
    expectSuccess(deploy);
    // deploy depends on validate: the stack validated for the local stage.
    expect(taskResults(deploy.output)['api:validate']).toBeDefined();
    const state = JSON.parse(readFileSync(path.join(ws, '.nxstack/local/api/state.json'), 'utf8')) as { outputs: Record<string, string>; resources: Array<{ type: string }> };
    expect(state.outputs['OrdersDbConnectionString']).toBe('mongodb://localhost:27017');
    expect(state.resources.map((r) => r.type)).toContain('MongoDB::Atlas::Cluster');
    // The Atlas types are not AWS data resources: the local AWS server (moto) is not even started.
    expect(deploy.output).not.toContain('local AWS (moto)');
    expect(existsSync(path.join(ws, '.nxstack/local/.local-aws/stacks/api-local.json'))).toBe(false);

    const invoke = runNx(ws, ['run', 'api:invoke', '--resource', 'reader', '--event', 'event.json']);
    expectSuccess(invoke);
    expect(resultOf(invoke)).toEqual({ url: 'mongodb://localhost:27017' });
  }, TEN_MINUTES);

  it('AWS stage: the deploy fails before the change set, at the cluster in stack.yml, saying how to activate the Atlas types', async () => {
    const env = motoEnv('eu-west-1');
    const run = expectFailure(runNx(ws, ['run', 'api:deploy', '--stage', 'mongo-e2e', '--region', 'eu-west-1'], env));
    expect(run.output).toMatch(
      /NXS_CFN_TYPE_NOT_ACTIVATED api\/stack\.yml:8:11 CloudFormation resource types MongoDB::Atlas::Cluster, MongoDB::Atlas::DatabaseUser, MongoDB::Atlas::Project, MongoDB::Atlas::ProjectIpAccessList are not activated in region eu-west-1 of this account\./,
    );
    expect(run.output).toContain('aws cloudformation activate-type --region eu-west-1 --type RESOURCE --public-type-arn arn:aws:cloudformation:eu-west-1::type/resource/bb989456c78c398a858fef18f2ca1bfc1fbba082/MongoDB-Atlas-Cluster');
    const cfn = new CloudFormationClient({ region: 'eu-west-1', endpoint: env.AWS_ENDPOINT_URL, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
    await expect(cfn.send(new DescribeStacksCommand({ StackName: 'api-mongo-e2e' }))).rejects.toThrow(/does not exist/);
  }, TEN_MINUTES);
});
