/**
 * Releasing to AWS stages through the real nx CLI on a packed install, against moto:
 * - `deploy --hotswap`: a code-only change updates the function with no CloudFormation write; a
 *   config change falls back to a full deploy and says why; a full deploy after a hotswap deploys
 *   (never "up to date") and puts the template's code back;
 * - `promote --from staging --to prod`: no package/publish task runs; both stacks hold the same S3
 *   keys, copied into the target stage's bucket (also across regions);
 * - `--require-approval`: deleting a bucket and a database or replacing a table (a new partition key) fails without
 *   a terminal unless `--approve`; replacing a user pool (its sign-in names) does so on any AWS deploy;
 * - the stage lock: a second deploy/promote/destroy of a stack while a first deploy holds the lock
 *   is refused with who holds it and since when; a killed run's lock is refused until --force-unlock;
 * - a stack stuck in *_IN_PROGRESS is refused before any change, with the recovering command;
 *   UPDATE_IN_PROGRESS (another actor's update), UPDATE_ROLLBACK_FAILED (deploy and promote) and
 *   DELETE_FAILED refuse before any upload, copy or change set, and the command
 *   each prints recovers the stack. moto reaches none of these three on this stack by itself: the
 *   test injects the status (tools/services/moto_stack_states.py) and nxstack reads it through
 *   DescribeStacks; the scripts e2e reaches DELETE_FAILED for real.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  CancelUpdateStackCommand,
  CloudFormationClient,
  ContinueUpdateRollbackCommand,
  CreateStackCommand,
  DescribeStacksCommand,
  GetTemplateCommand,
  ListChangeSetsCommand,
  ListStackResourcesCommand,
} from '@aws-sdk/client-cloudformation';
import { GetFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetObjectTaggingCommand, HeadObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { motoEnv } from '../tools/test-services/aws-env';
import { startFaultProxy, type FaultProxy } from '../tools/test-services/fault-proxy';
import { injectStackStatus } from '../tools/test-services/moto-stack-status';
import { createSampleWorkspace, runNx, startNx, summaries, taskResults, type NxRun } from './lib/sample-workspace';

const TEN_MINUTES = 600_000;
const REGION = 'us-east-1';
const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };
let ws: string;
let proxy: FaultProxy | undefined;

function expectSuccess(run: NxRun): void {
  if (run.status !== 0) throw new Error(`nx failed (exit ${run.status}):\n${run.output.slice(-6000)}`);
}

function expectFailure(run: NxRun, code: string): void {
  if (run.status === 0) throw new Error(`nx succeeded, expected ${code}:\n${run.output.slice(-6000)}`);
  expect(run.output).toContain(code);
}

const clients = () => {
  const endpoint = motoEnv(REGION).AWS_ENDPOINT_URL;
  return {
    cfn: new CloudFormationClient({ region: REGION, endpoint, credentials }),
    s3: new S3Client({ region: REGION, endpoint, credentials, forcePathStyle: true }),
    lambda: new LambdaClient({ region: REGION, endpoint, credentials }),
  };
};

/** The stage's deployment bucket (the bootstrap stack's output). */
async function stageBucket(stage: string): Promise<string> {
  const { Stacks = [] } = await clients().cfn.send(new DescribeStacksCommand({ StackName: `nxstack-bootstrap-${stage}` }));
  const bucket = Stacks[0]?.Outputs?.find((o) => o.OutputKey === 'DeploymentBucketName')?.OutputValue;
  expect(bucket).toBeTruthy();
  return bucket!;
}

async function lockExists(bucket: string, stackName: string): Promise<boolean> {
  try {
    await clients().s3.send(new HeadObjectCommand({ Bucket: bucket, Key: `.nxstack/locks/${stackName}.json` }));
    return true;
  } catch {
    return false;
  }
}

async function waitFor(what: string, check: () => Promise<boolean>, ms = 180_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Changes the myLambda handler so the next deploy has a real change to make. */
function editHandler(marker: string): void {
  const handler = path.join(ws, 'api/src/my-lambda.ts');
  writeFileSync(handler, readFileSync(handler, 'utf8').replace(/ok: true(, marker: '[^']*')?/, `ok: true, marker: '${marker}'`));
}

/** myLambda in a stack: its template Code.S3Key and the code the function really runs (CodeSha256, base64). */
async function myLambdaState(stackName: string): Promise<{ templateKey: string; runningSha: string }> {
  const { cfn, lambda } = clients();
  const template = JSON.parse((await cfn.send(new GetTemplateCommand({ StackName: stackName }))).TemplateBody ?? '{}') as { Resources: Record<string, { Type: string; Properties?: { Code?: { S3Key?: string } } }> };
  const [logicalId, fn] = Object.entries(template.Resources).find(([, r]) => r.Type === 'AWS::Lambda::Function' && String(r.Properties?.Code?.S3Key).includes('/myLambda/'))!;
  const resources = (await cfn.send(new ListStackResourcesCommand({ StackName: stackName }))).StackResourceSummaries ?? [];
  const physicalId = resources.find((r) => r.LogicalResourceId === logicalId)!.PhysicalResourceId!;
  const running = await lambda.send(new GetFunctionCommand({ FunctionName: physicalId }));
  return { templateKey: fn.Properties!.Code!.S3Key!, runningSha: running.Configuration!.CodeSha256! };
}

/** Lambda logical id → Code.S3Key in the template a stack runs. */
async function functionKeys(stackName: string, region = REGION): Promise<Record<string, string>> {
  const cfn = new CloudFormationClient({ region, endpoint: motoEnv(region).AWS_ENDPOINT_URL, credentials });
  const template = JSON.parse((await cfn.send(new GetTemplateCommand({ StackName: stackName }))).TemplateBody ?? '{}') as { Resources: Record<string, { Type: string; Properties?: { Code?: { S3Key?: string } } }> };
  const keys: Record<string, string> = {};
  for (const [id, r] of Object.entries(template.Resources)) if (r.Type === 'AWS::Lambda::Function') keys[id] = String(r.Properties?.Code?.S3Key);
  return keys;
}

/** The packaged myLambda zip's sha256 in Lambda's spelling (base64). */
function packagedSha(): string {
  const manifest = JSON.parse(readFileSync(path.join(ws, 'dist/stack/api/myLambda/manifest.json'), 'utf8')) as { sha256: string };
  return Buffer.from(manifest.sha256, 'hex').toString('base64');
}

describe('e2e: hotswap, stage lock and stack states on AWS stages', () => {
  const deployDev = ['run', 'api:deploy', '--stage', 'reldev', '--region', REGION];

  beforeAll(() => {
    ws = createSampleWorkspace();
  }, TEN_MINUTES);

  afterAll(async () => {
    await proxy?.close();
    if (ws && !process.env['NXSTACK_KEEP_E2E']) rmSync(ws, { recursive: true, force: true });
  });

  it('hotswaps a code-only change without CloudFormation, falls back on a config change, and reconciles on the next full deploy', async () => {
    const moto = motoEnv(REGION);
    const deployHot = ['run', 'api:deploy', '--stage', 'relhot', '--region', REGION];
    expectSuccess(runNx(ws, deployHot, moto));
    const deployed = await myLambdaState('api-relhot');
    expect(deployed.runningSha).toBe(packagedSha());

    editHandler('hot-1');
    const hot = runNx(ws, [...deployHot, '--hotswap'], moto);
    expectSuccess(hot);
    expect(hot.output).toMatch(/updated function \S+: s3:\/\/\S+\/api\/myLambda\/[0-9a-f]{64}\.zip/);
    expect(hot.output).toContain('hotswapped 1 resource(s) without CloudFormation');
    const line = summaries(hot.output).find((l) => l.kind === 'deploy');
    expect(line?.fields).toMatchObject({ stack: 'api-relhot', mode: 'hotswap', cfnWrites: '0' });
    const swapped = await myLambdaState('api-relhot');
    expect(swapped.runningSha).toBe(packagedSha());
    expect(swapped.runningSha).not.toBe(deployed.runningSha);
    expect(swapped.templateKey).toBe(deployed.templateKey); // the stack was not touched

    // A configuration change cannot be hotswapped: deploy says why and goes through CloudFormation.
    const stackFile = path.join(ws, 'api/stack.yml');
    const good = readFileSync(stackFile, 'utf8');
    writeFileSync(stackFile, good.replace('memory: 2048', 'memory: 1024'));
    try {
      const full = runNx(ws, [...deployHot, '--hotswap'], moto);
      expectSuccess(full);
      expect(full.output).toMatch(/hotswap not possible: \S+ \(AWS::Lambda::Function\) changed beyond its code; deploying through CloudFormation/);
      expect(full.output).toContain('change(s) deployed');
      expect((await myLambdaState('api-relhot')).templateKey).not.toBe(deployed.templateKey);

      // Hotswap again, then go back to the code the stack's template holds: the full deploy must
      // not call that "up to date" — the function runs other code — and puts the template's code back.
      const inTemplate = await myLambdaState('api-relhot');
      const handler = path.join(ws, 'api/src/my-lambda.ts');
      const source = readFileSync(handler, 'utf8');
      editHandler('hot-2');
      expectSuccess(runNx(ws, [...deployHot, '--hotswap'], moto));
      expect((await myLambdaState('api-relhot')).runningSha).not.toBe(inTemplate.runningSha);
      writeFileSync(handler, source);
      const reconcile = runNx(ws, deployHot, moto);
      expectSuccess(reconcile);
      expect(reconcile.output).not.toContain('is up to date');
      expect(reconcile.output).toMatch(/stack api-relhot was hotswapped since \S+: this full deploy reconciles it/);
      expect(reconcile.output).toMatch(/reconciled \S+ with the deployed template/);
      expect(await myLambdaState('api-relhot')).toEqual(inTemplate);
      // Reconciled: the drift record is gone. (moto keeps a stack's tags from its create, so its
      // hash tag cannot show "up to date" after an update; the running code above is the proof.)
      await expect(clients().s3.send(new HeadObjectCommand({ Bucket: await stageBucket('relhot'), Key: '.nxstack/hotswap/api-relhot.json' }))).rejects.toMatchObject({ name: 'NotFound' });
    } finally {
      writeFileSync(stackFile, good);
    }
  }, TEN_MINUTES);

  it('promotes what staging runs to prod with no package task: same S3 keys in both stacks, also across regions', async () => {
    const moto = motoEnv(REGION);
    expectSuccess(runNx(ws, ['run', 'api:deploy', '--stage', 'relstaging', '--region', REGION], moto));
    const staging = await functionKeys('api-relstaging');
    expect(Object.keys(staging)).toHaveLength(2);
    // A source edit after staging was deployed must not reach prod: promote ships staging's build.
    editHandler('not-in-staging');

    const promote = runNx(ws, ['run', 'api:promote', '--from', 'relstaging', '--to', 'relprod', '--region', REGION], moto);
    expectSuccess(promote);
    expect(Object.keys(taskResults(promote.output))).toEqual(['api:promote']);
    expect(promote.output).toMatch(/myLambda: copied s3:\/\/\S+-relstaging\/api\/myLambda\/[0-9a-f]{64}\.zip → s3:\/\/\S+-relprod\/api\/myLambda\//);
    expect(await functionKeys('api-relprod')).toEqual(staging);
    const prodBucket = await stageBucket('relprod');
    for (const key of Object.values(staging)) await clients().s3.send(new HeadObjectCommand({ Bucket: prodBucket, Key: key }));

    // To another region: the keys are copied into that region's prod bucket.
    const west = runNx(ws, ['run', 'api:promote', '--from', 'relstaging', '--to', 'relprod', '--region', 'eu-west-1', '--from-region', REGION], motoEnv('eu-west-1'));
    expectSuccess(west);
    expect(await functionKeys('api-relprod', 'eu-west-1')).toEqual(staging);

    // Nothing deployed on the source stage: refused with the deploy that fixes it.
    const missing = runNx(ws, ['run', 'api:promote', '--from', 'relqa', '--to', 'relprod', '--region', REGION], moto);
    expectFailure(missing, 'NXS_PROMOTE_SOURCE_MISSING');
    expect(missing.output).toContain('nx run api:deploy --stage relqa --region us-east-1');
  }, TEN_MINUTES);

  it('--require-approval refuses to delete a bucket and a database or replace a table without a terminal, and --approve lets it through; a user pool replacement always asks', async () => {
    const moto = motoEnv(REGION);
    const deployAppr = ['run', 'api:deploy', '--stage', 'relappr', '--region', REGION];
    const stackFile = path.join(ws, 'api/stack.yml');
    const good = readFileSync(stackFile, 'utf8');
    // A table whose partition key changes below: CloudFormation replaces it (a new, empty table).
    const table = (key: string) => `${good.trimEnd()}\n  orders:\n    type: dynamo-db-table\n    properties:\n      primaryKey:\n        partitionKey: { name: ${key}, type: string }\n`;
    // A postgres instance in the shared VPC, deleted below with the bucket; moto stores the password's dynamic
    // reference as is, and deletes the VPC's route table through tools/services/moto_route_tables.py.
    const database = `  ordersDb:\n    type: relational-database\n    properties:\n      credentials:\n        masterUserPassword: $Secret('relappr-db-password')\n      engine:\n        type: postgres\n        properties:\n          primaryInstance: { instanceSize: db.t3.micro }\n`;
    writeFileSync(stackFile, table('id') + database);
    expectSuccess(runNx(ws, deployAppr, moto));
    const countOf = async (type: string) =>
      ((await clients().cfn.send(new ListStackResourcesCommand({ StackName: 'api-relappr' }))).StackResourceSummaries ?? []).filter((r) => r.ResourceType === type).length;
    const bucketsOf = () => countOf('AWS::S3::Bucket');
    expect(await bucketsOf()).toBe(1);
    expect(await countOf('AWS::RDS::DBInstance')).toBe(1);
    // Without the uploads bucket (and the variable that pointed at it) and without the database.
    writeFileSync(stackFile, table('id').replace(/\n        - name: BUCKET\n          value: \$ResourceParam\('uploads', 'name'\)/, '').replace(/\n  uploads:\n    type: bucket\n?/, '\n'));
    try {
      const refused = runNx(ws, [...deployAppr, '--require-approval'], moto);
      expectFailure(refused, 'NXS_APPROVAL_REQUIRED');
      expect(refused.output).toMatch(/needs approval: delete \S+ \(AWS::S3::Bucket\)/);
      expect(refused.output).toMatch(/needs approval: delete \S+ \(AWS::RDS::DBInstance\)/);
      expect(refused.output).toContain('(no terminal to ask on)');
      expect(refused.output).toContain('--require-approval --approve');
      expect(await bucketsOf()).toBe(1);
      expect(await countOf('AWS::RDS::DBInstance')).toBe(1);

      const approved = runNx(ws, [...deployAppr, '--require-approval', '--approve'], moto);
      expectSuccess(approved);
      expect(approved.output).toMatch(/needs approval: delete \S+ \(AWS::RDS::DBInstance\)/);
      expect(approved.output).toContain('approved by --approve');
      expect(await bucketsOf()).toBe(0);
      expect(await countOf('AWS::RDS::DBInstance')).toBe(0);

      // A new partition key replaces the table (moto reports Replacement as CloudFormation does: tools/services/moto_replacement.py).
      writeFileSync(stackFile, readFileSync(stackFile, 'utf8').replace('partitionKey: { name: id,', 'partitionKey: { name: orderId,'));
      const template = async () => (await clients().cfn.send(new GetTemplateCommand({ StackName: 'api-relappr' }))).TemplateBody;
      const tableId = async () => ((await clients().cfn.send(new ListStackResourcesCommand({ StackName: 'api-relappr' }))).StackResourceSummaries ?? []).find((r) => r.ResourceType === 'AWS::DynamoDB::Table')?.PhysicalResourceId;
      const before = await template();
      const tableBefore = await tableId();
      expect(tableBefore).toBeTruthy();
      const replaceRefused = runNx(ws, [...deployAppr, '--require-approval'], moto);
      expectFailure(replaceRefused, 'NXS_APPROVAL_REQUIRED');
      expect(replaceRefused.output).toMatch(/needs approval: replace \S+ \(AWS::DynamoDB::Table\)/);
      expect(replaceRefused.output).toMatch(/Modify\s+\S+\s+AWS::DynamoDB::Table\s+True/);
      expect(await template()).toBe(before);
      expect(await tableId()).toBe(tableBefore);
      const replaced = runNx(ws, [...deployAppr, '--require-approval', '--approve'], moto);
      expectSuccess(replaced);
      expect(replaced.output).toMatch(/needs approval: replace \S+ \(AWS::DynamoDB::Table\)/);
      expect(replaced.output).toContain('approved by --approve');
      expect(await template()).toContain('orderId');
      expect(await tableId()).not.toBe(tableBefore); // a new table

      // Replacing a user pool loses its users: on an AWS stage it needs approval even without --require-approval.
      const pool = (phone: boolean) => `${readFileSync(stackFile, 'utf8').replace(/\n  members:[\s\S]*$/, '').trimEnd()}\n  members:\n    type: user-auth-pool\n    properties:\n      allowPhoneNumberAsUserName: ${phone}\n`;
      writeFileSync(stackFile, pool(true));
      expectSuccess(runNx(ws, deployAppr, moto));
      writeFileSync(stackFile, pool(false));
      const poolRefused = runNx(ws, deployAppr, moto);
      expectFailure(poolRefused, 'NXS_APPROVAL_REQUIRED');
      expect(poolRefused.output).toMatch(/needs approval: replace \S+ \(AWS::Cognito::UserPool\)/);
      const poolReplaced = runNx(ws, [...deployAppr, '--approve'], moto);
      expectSuccess(poolReplaced);
      expect(poolReplaced.output).toContain('approved by --approve');
    } finally {
      writeFileSync(stackFile, good);
    }
  }, TEN_MINUTES);

  it('refuses a second deploy, a promote and a destroy while a deploy holds the lock, then releases it', async () => {
    const moto = motoEnv(REGION);
    expectSuccess(runNx(ws, deployDev, moto));
    const bucket = await stageBucket('reldev');
    expect(await lockExists(bucket, 'api-reldev')).toBe(false);

    // The first deploy talks to CloudFormation through a proxy in this process: while the second
    // nx run below blocks this process, the first cannot finish, so it holds the lock throughout.
    proxy = await startFaultProxy(moto.AWS_ENDPOINT_URL, [{ method: 'POST', path: /^\//, fault: { kind: 'delay', ms: 1500 }, times: 4 }]);
    editHandler('first');
    const first = startNx(ws, deployDev, { ...moto, AWS_ENDPOINT_URL_CLOUDFORMATION: proxy.url });
    await waitFor('the first deploy to take the lock', () => lockExists(bucket, 'api-reldev'));

    const second = runNx(ws, deployDev, moto);
    expectFailure(second, 'NXS_STAGE_LOCKED');
    expect(second.output).toMatch(/Stack api-reldev on stage reldev \(us-east-1\) is locked by deploy api run by \S+@\S+ \(pid \d+\) since \d{4}-\d\d-\d\dT[\d:.]+Z/);
    expect(second.output).toContain('--force-unlock');
    const destroy = runNx(ws, ['run', 'api:destroy', '--stage', 'reldev', '--region', REGION], moto);
    expectFailure(destroy, 'NXS_STAGE_LOCKED');
    // promote to the locked stage (staging was deployed by the promote test above) is refused before copying anything.
    const promote = runNx(ws, ['run', 'api:promote', '--from', 'relstaging', '--to', 'reldev', '--region', REGION], moto);
    expectFailure(promote, 'NXS_STAGE_LOCKED');
    expect(promote.output).toMatch(/Stack api-reldev on stage reldev \(us-east-1\) is locked by deploy api/);
    expect(promote.output).not.toContain('copied s3://');

    expectSuccess(await first.done);
    expect(first.output()).toContain('change(s) deployed');
    expect(await lockExists(bucket, 'api-reldev')).toBe(false);
    await proxy.close();
    proxy = undefined;
  }, TEN_MINUTES);

  it('keeps the lock of a killed deploy until --force-unlock breaks it', async () => {
    const moto = motoEnv(REGION);
    const bucket = await stageBucket('reldev');
    proxy = await startFaultProxy(moto.AWS_ENDPOINT_URL, [{ method: 'POST', path: /^\//, fault: { kind: 'delay', ms: 60_000 }, times: 100 }]);
    editHandler('killed');
    const killed = startNx(ws, deployDev, { ...moto, AWS_ENDPOINT_URL_CLOUDFORMATION: proxy.url });
    await waitFor('the deploy to take the lock', () => lockExists(bucket, 'api-reldev'));
    killed.kill();
    await killed.done;
    await proxy.close();
    proxy = undefined;

    const before = Object.values(await functionKeys('api-reldev'));
    const refused = runNx(ws, deployDev, moto);
    expectFailure(refused, 'NXS_STAGE_LOCKED');
    expect(refused.output).toContain('nx run api:deploy --stage reldev --region us-east-1 --force-unlock');

    const forced = runNx(ws, [...deployDev, '--force-unlock'], moto);
    expectSuccess(forced);
    expect(forced.output).toMatch(/--force-unlock: breaking the lock of deploy api run by \S+ \(pid \d+\)/);
    expect(forced.output).toContain('change(s) deployed');
    expect(await lockExists(bucket, 'api-reldev')).toBe(false);
    // Only the artifacts and templates live next to the lock: nothing else left under .nxstack/locks/.
    const { Contents = [] } = await clients().s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: '.nxstack/locks/' }));
    expect(Contents).toEqual([]);

    // The zip this deploy replaced is tagged for the bucket's lifecycle rule, never deleted; the live ones are not.
    const after = Object.values(await functionKeys('api-reldev'));
    const replaced = before.filter((k) => !after.includes(k));
    expect(replaced).toHaveLength(1);
    const tagsOf = async (key: string) => (await clients().s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: key }))).TagSet ?? [];
    expect(await tagsOf(replaced[0])).toEqual([{ Key: 'nxstack:retired', Value: 'true' }]);
    expect(forced.output).toContain(`retired s3://${bucket}/${replaced[0]}`);
    for (const key of after) expect(await tagsOf(key)).toEqual([]);
  }, TEN_MINUTES);

  it('refuses a stack stuck in CREATE_IN_PROGRESS before changing it, and prints how to recover', async () => {
    const moto = motoEnv(REGION);
    // moto leaves a stack whose create failed in CREATE_IN_PROGRESS (real CloudFormation would roll it back later).
    const broken = { Resources: { Fn: { Type: 'AWS::Lambda::Function', Properties: { Role: 'arn:aws:iam::123456789012:role/none', Runtime: 'nodejs22.x', Handler: 'index.handler', Code: { S3Bucket: 'no-such-bucket', S3Key: 'none.zip' } } } } };
    await clients().cfn.send(new CreateStackCommand({ StackName: 'api-relstuck', TemplateBody: JSON.stringify(broken) })).catch(() => undefined);
    const { Stacks = [] } = await clients().cfn.send(new DescribeStacksCommand({ StackName: 'api-relstuck' }));
    expect(Stacks[0]?.StackStatus).toBe('CREATE_IN_PROGRESS');

    const deploy = runNx(ws, ['run', 'api:deploy', '--stage', 'relstuck', '--region', REGION], moto);
    expectFailure(deploy, 'NXS_STACK_BUSY');
    expect(deploy.output).toContain('Stack api-relstuck is CREATE_IN_PROGRESS');
    expect(deploy.output).toContain('aws cloudformation describe-stacks --stack-name api-relstuck --region us-east-1');
    const destroy = runNx(ws, ['run', 'api:destroy', '--stage', 'relstuck', '--region', REGION], moto);
    expectFailure(destroy, 'NXS_STACK_BUSY');
    const after = await clients().cfn.send(new DescribeStacksCommand({ StackName: 'api-relstuck' }));
    expect(after.Stacks?.[0]?.StackStatus).toBe('CREATE_IN_PROGRESS');
  }, TEN_MINUTES);

  it('refuses UPDATE_IN_PROGRESS, UPDATE_ROLLBACK_FAILED and DELETE_FAILED stacks before any upload or change set; the printed command recovers each', async () => {
    const moto = motoEnv(REGION);
    const stage = 'relstate';
    const stack = `api-${stage}`;
    const deploy = () => runNx(ws, ['run', 'api:deploy', '--stage', stage, '--region', REGION], moto);
    expectSuccess(deploy());
    const bucket = await stageBucket(stage);
    const { cfn, s3 } = clients();
    const status = async () => (await cfn.send(new DescribeStacksCommand({ StackName: stack }))).Stacks?.[0]?.StackStatus;
    const snapshot = async () => ({
      template: (await cfn.send(new GetTemplateCommand({ StackName: stack }))).TemplateBody,
      changeSets: ((await cfn.send(new ListChangeSetsCommand({ StackName: stack }))).Summaries ?? []).length,
      objects: ((await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'api/' }))).Contents ?? []).map((o) => o.Key).sort(),
    });
    // A real change waits to be deployed: a refused deploy must not upload its zip.
    editHandler('state-1');
    const refusedBeforeAnyChange = async (run: NxRun, code: string, expectedStatus: string) => {
      expectFailure(run, code);
      expect(run.output).not.toMatch(/uploaded|copied s3:\/\/|already there|deploying stack/);
      expect(summaries(run.output).find((l) => l.kind === 'deploy')).toBeUndefined();
      expect(await status()).toBe(expectedStatus);
    };
    const promote = () => runNx(ws, ['run', 'api:promote', '--from', 'relstaging', '--to', stage, '--region', REGION], moto);

    // Another actor's update in progress: deploy waits (destroy and promote share the check: the
    // CREATE_IN_PROGRESS case above refuses destroy); cancel-update-stack stops it.
    const before = await snapshot();
    await injectStackStatus(REGION, stack, 'UPDATE_IN_PROGRESS');
    const busy = deploy();
    await refusedBeforeAnyChange(busy, 'NXS_STACK_BUSY', 'UPDATE_IN_PROGRESS');
    expect(busy.output).toContain(`Stack ${stack} is UPDATE_IN_PROGRESS: a CloudFormation operation outside this run is still going on`);
    expect(busy.output).toContain(`aws cloudformation cancel-update-stack --stack-name ${stack} --region ${REGION}`);
    expect(await snapshot()).toEqual(before);
    await cfn.send(new CancelUpdateStackCommand({ StackName: stack }));
    expect(await status()).toBe('UPDATE_ROLLBACK_COMPLETE');

    // A rollback that failed: no deploy or promote until continue-update-rollback finishes it.
    await injectStackStatus(REGION, stack, 'UPDATE_ROLLBACK_FAILED');
    const failedRollback = deploy();
    await refusedBeforeAnyChange(failedRollback, 'NXS_STACK_NOT_DEPLOYABLE', 'UPDATE_ROLLBACK_FAILED');
    expect(failedRollback.output).toContain(`Stack ${stack} is UPDATE_ROLLBACK_FAILED: a failed update could not be rolled back`);
    expect(failedRollback.output).toContain(`aws cloudformation continue-update-rollback --stack-name ${stack} --region ${REGION}`);
    const promoteRefused = promote();
    await refusedBeforeAnyChange(promoteRefused, 'NXS_STACK_NOT_DEPLOYABLE', 'UPDATE_ROLLBACK_FAILED');
    expect(promoteRefused.output).toContain('then promote again');
    expect(await snapshot()).toEqual(before);
    await cfn.send(new ContinueUpdateRollbackCommand({ StackName: stack }));
    expect(await status()).toBe('UPDATE_ROLLBACK_COMPLETE');
    const recovered = deploy();
    expectSuccess(recovered);
    expect(recovered.output).toContain('change(s) deployed');

    // A delete that stopped half-way: deploy is refused, the destroy it prints finishes the delete.
    await injectStackStatus(REGION, stack, 'DELETE_FAILED');
    const halfDeleted = deploy();
    await refusedBeforeAnyChange(halfDeleted, 'NXS_STACK_NOT_DEPLOYABLE', 'DELETE_FAILED');
    expect(halfDeleted.output).toContain(`Stack ${stack} is DELETE_FAILED: a destroy stopped half-way`);
    expect(halfDeleted.output).toContain(`nx run api:destroy --stage ${stage} --region ${REGION}`);
    expectSuccess(runNx(ws, ['run', 'api:destroy', '--stage', stage, '--region', REGION], moto));
    await expect(cfn.send(new DescribeStacksCommand({ StackName: stack }))).rejects.toThrow(/does not exist/);
  }, TEN_MINUTES);
});
