import { mkdtempSync, mkdirSync, cpSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CloudFormationClient, CreateStackCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { ExecutorContext } from '@nx/devkit';
import { isNxstackError } from '@nxstack/core';
import { motoEnv } from '../../../../../tools/test-services/aws-env';
import envExecutor from '../../executors/env/executor';
import { stageEnvironment } from './stage-environment';

const SECRET_VALUE = 'p@ss w0rd!';
const DB_URL = 'postgresql://dbmaster:{{secret:nxstack-env-test/db}}@db.internal:5432/defaultdb';

/** A workspace holding the fixture project `shop` (apps/shop/stack.yml). */
function workspace(): string {
  const root = mkdtempSync(join(tmpdir(), 'nxstack-env-'));
  mkdirSync(join(root, 'apps'), { recursive: true });
  cpSync(join(__dirname, '__fixtures__', 'shop'), join(root, 'apps', 'shop'), { recursive: true });
  return root;
}

const clientConfig = () => {
  const env = motoEnv();
  return { region: env.AWS_REGION, endpoint: env.AWS_ENDPOINT_URL, credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY } };
};

/** A real stack on moto with the Outputs nxstack's compiler writes for these resources. */
async function deployOutputsStack(stage: string): Promise<void> {
  const template = {
    AWSTemplateFormatVersion: '2010-09-09',
    Resources: { JobsQueue: { Type: 'AWS::SQS::Queue', Properties: { QueueName: `shop-${stage}-jobs` } }, UploadsBucket: { Type: 'AWS::S3::Bucket' } },
    Outputs: {
      JobsArn: { Value: { 'Fn::GetAtt': ['JobsQueue', 'Arn'] } },
      JobsName: { Value: { 'Fn::GetAtt': ['JobsQueue', 'QueueName'] } },
      JobsUrl: { Value: { Ref: 'JobsQueue' } },
      UploadsName: { Value: { Ref: 'UploadsBucket' } },
      UploadsArn: { Value: { 'Fn::GetAtt': ['UploadsBucket', 'Arn'] } },
      MyDatabaseHost: { Value: 'db.internal' },
      MyDatabasePort: { Value: '5432' },
      MyDatabaseConnectionString: { Value: DB_URL },
      MyDatabaseJdbcConnectionString: { Value: 'jdbc:postgresql://db.internal:5432/defaultdb?user=dbmaster&password={{secret:nxstack-env-test/db}}' },
    },
  };
  const cfn = new CloudFormationClient(clientConfig());
  await cfn.send(new CreateStackCommand({ StackName: `shop-${stage}`, TemplateBody: JSON.stringify(template) }));
  for (let i = 0; i < 60; i++) {
    const { Stacks } = await cfn.send(new DescribeStacksCommand({ StackName: `shop-${stage}` }));
    if (!Stacks?.[0]?.StackStatus?.endsWith('_IN_PROGRESS')) return;
    await new Promise((r) => setTimeout(r, 300));
  }
}

describe('env: a compute resource environment on a deployed stage', () => {
  const stage = `e${Date.now().toString(36)}`;
  beforeAll(async () => {
    for (const [k, v] of Object.entries(motoEnv())) vi.stubEnv(k, v);
    await new SecretsManagerClient(clientConfig()).send(new CreateSecretCommand({ Name: 'nxstack-env-test/db', SecretString: SECRET_VALUE })).catch((e: Error) => {
      if (!/already exists/i.test(e.message)) throw e;
    });
    await deployOutputsStack(stage);
  }, 60_000);
  afterEach(() => vi.restoreAllMocks());

  const base = (root: string) => ({ workspaceRoot: root, projectName: 'shop', stackFile: 'apps/shop/stack.yml', resource: 'api', stage, format: 'dotenv' as const, revealSecrets: false });

  it('resolves environment + STP_* from CloudFormation outputs, secrets as placeholders', async () => {
    const r = await stageEnvironment(base(workspace()));
    expect(r.variables).toEqual({
      MODE: 'test',
      RETRIES: '3',
      DB_PASSWORD: '<secret:nxstack-env-test/db>',
      QUEUE_LINK: expect.stringMatching(new RegExp(`^queue=http.*/shop-${stage}-jobs$`)),
      STP_JOBS_ARN: expect.stringMatching(new RegExp(`:shop-${stage}-jobs$`)),
      STP_JOBS_NAME: `shop-${stage}-jobs`,
      STP_JOBS_URL: expect.stringMatching(new RegExp(`/shop-${stage}-jobs$`)),
      STP_UPLOADS_NAME: expect.any(String),
      STP_UPLOADS_ARN: expect.stringMatching(/^arn:aws:s3:::/),
      STP_MY_DATABASE_CONNECTION_STRING: 'postgresql://dbmaster:<secret:nxstack-env-test/db>@db.internal:5432/defaultdb',
      STP_MY_DATABASE_JDBC_CONNECTION_STRING: 'jdbc:postgresql://db.internal:5432/defaultdb?user=dbmaster&password=<secret:nxstack-env-test/db>',
      STP_MY_DATABASE_HOST: 'db.internal',
      STP_MY_DATABASE_PORT: '5432',
    });
    expect(r.hiddenSecrets).toEqual(['DB_PASSWORD', 'STP_MY_DATABASE_CONNECTION_STRING', 'STP_MY_DATABASE_JDBC_CONNECTION_STRING']);
    expect(r.text).not.toContain(SECRET_VALUE);
    expect(r.text).toContain('DB_PASSWORD="<secret:nxstack-env-test/db>"\n');
    expect(r.text).toContain(`STP_JOBS_NAME=shop-${stage}-jobs\n`);
  });

  it('reveals secrets from Secrets Manager only when asked, as JSON into a 0600 file', async () => {
    const root = workspace();
    const r = await stageEnvironment({ ...base(root), revealSecrets: true, format: 'json', output: 'shop.env.json' });
    const written = JSON.parse(readFileSync(join(root, 'shop.env.json'), 'utf8'));
    expect(written.DB_PASSWORD).toBe(SECRET_VALUE);
    expect(written.STP_MY_DATABASE_CONNECTION_STRING).toBe(`postgresql://dbmaster:${SECRET_VALUE}@db.internal:5432/defaultdb`);
    expect(statSync(join(root, 'shop.env.json')).mode & 0o777).toBe(0o600);
    expect(r.hiddenSecrets).toEqual([]);
  });

  it('the executor prints dotenv to stdout and never writes a secret to the log', async () => {
    const root = workspace();
    const out: string[] = [];
    const err: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (out.push(String(chunk)), true));
    vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
    const context = { root, projectName: 'shop', projectsConfigurations: { version: 2, projects: { shop: { root: 'apps/shop' } } } } as unknown as ExecutorContext;
    expect(await envExecutor({ resource: 'api', stage, revealSecrets: true }, context)).toEqual({ success: true });
    expect(out.join('')).toContain(`DB_PASSWORD="${SECRET_VALUE}"`);
    expect(err.join('\n')).not.toContain(SECRET_VALUE);

    err.length = 0;
    expect(await envExecutor({ resource: 'api', stage }, context)).toEqual({ success: true });
    expect(err.join('\n')).toContain('DB_PASSWORD, STP_MY_DATABASE_CONNECTION_STRING, STP_MY_DATABASE_JDBC_CONNECTION_STRING hold secret placeholders');
  });

  it('reads the local stage from .nxstack/local/<project>/state.json', async () => {
    const root = workspace();
    mkdirSync(join(root, '.nxstack', 'local', 'shop'), { recursive: true });
    writeFileSync(join(root, '.nxstack', 'local', 'shop', 'state.json'), JSON.stringify({ outputs: { JobsArn: 'arn:aws:local:local:000000000000:JobsQueue/shop-local-JobsQueue', JobsName: 'shop-local-jobs', JobsUrl: 'local://jobs', UploadsName: 'shop-local-uploadsbucket', UploadsArn: 'arn:aws:s3:::shop-local-uploadsbucket', MyDatabaseHost: 'localhost', MyDatabasePort: '5432', MyDatabaseConnectionString: DB_URL, MyDatabaseJdbcConnectionString: 'jdbc' } }));
    const r = await stageEnvironment({ ...base(root), stage: 'local', format: 'json' });
    expect(JSON.parse(r.text)).toMatchObject({ STP_JOBS_NAME: 'shop-local-jobs', STP_UPLOADS_NAME: 'shop-local-uploadsbucket', QUEUE_LINK: 'queue=local://jobs', DB_PASSWORD: '<secret:nxstack-env-test/db>' });
  });

  it.each([
    [{ stage: 'nope' }, 'NXS_STAGE_NOT_DEPLOYED'],
    [{ stage: 'local' }, 'NXS_STAGE_NOT_DEPLOYED'],
    [{ resource: 'jobs' }, 'NXS_ENV_NOT_COMPUTE'],
    [{ resource: 'ghost' }, 'NXS_ENV_UNKNOWN_RESOURCE'],
  ])('fails clearly: %o → %s', async (patch, code) => {
    const error = await stageEnvironment({ ...base(workspace()), ...patch }).catch((e: unknown) => e);
    expect(isNxstackError(error) && error.code).toBe(code);
    expect((error as { hint?: string }).hint).toBeTruthy();
  });
});
