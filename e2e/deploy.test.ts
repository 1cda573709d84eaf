/**
 * The whole pipeline through the real nx CLI on a packed install: the plugin infers targets,
 * `nx run api:deploy` deploys to the local stage and to moto, a repeat deploy is all cache
 * hits with nothing uploaded and no CloudFormation writes, and a source edit re-packages and
 * re-uploads exactly one function; a deleted deployment bucket is noticed despite the recorded bootstrap.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CloudFormationClient, DeleteStackCommand, DescribeStacksCommand, GetTemplateCommand, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { DeleteBucketCommand, DeleteObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { GetFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { motoEnv } from '../tools/test-services/aws-env';
import { createSampleWorkspace, runNx, summaries, taskResults, type NxRun } from './lib/sample-workspace';
import { projectTargets, removeWorkspaceAfterAll } from './lib/suite';

const TEN_MINUTES = 600_000;
let ws: string;

function expectSuccess(run: NxRun): void {
  if (run.status !== 0) throw new Error(`nx failed (exit ${run.status}):\n${run.output.slice(-6000)}`);
}

/** Sums of the deployer's summary lines: artifact uploads (publish), uploads and CloudFormation writes of deploy. */
function totals(run: NxRun): { uploads: number; deployUploads: number; cfnWrites: number; publishLines: number; deployLines: number } {
  const lines = summaries(run.output);
  const publish = lines.filter((l) => l.kind === 'publish');
  const deploy = lines.filter((l) => l.kind === 'deploy');
  const n = (v: string | undefined) => {
    expect(v, `summary field missing in:\n${lines.map((l) => JSON.stringify(l)).join('\n')}`).toMatch(/^\d+$/);
    return Number(v);
  };
  return {
    uploads: publish.reduce((sum, l) => sum + n(l.fields['uploads']), 0),
    deployUploads: deploy.reduce((sum, l) => sum + n(l.fields['uploads']), 0),
    cfnWrites: deploy.reduce((sum, l) => sum + n(l.fields['cfnWrites']), 0),
    publishLines: publish.length,
    deployLines: deploy.length,
  };
}

/** Lambda logical id → Code.S3Key in the template the dev stack runs. */
async function functionKeys(env: Record<string, string>): Promise<Record<string, string>> {
  const cfn = new CloudFormationClient({ region: env.AWS_REGION, endpoint: env.AWS_ENDPOINT_URL, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
  const body = (await cfn.send(new GetTemplateCommand({ StackName: 'api-dev' }))).TemplateBody ?? '{}';
  const template = JSON.parse(body) as { Resources: Record<string, { Type: string; Properties?: { Code?: { S3Key?: string } } }> };
  const keys: Record<string, string> = {};
  for (const [id, r] of Object.entries(template.Resources)) if (r.Type === 'AWS::Lambda::Function') keys[id] = String(r.Properties?.Code?.S3Key);
  return keys;
}

describe('e2e: nx run api:deploy on a packed sample workspace', () => {
  beforeAll(() => {
    ws = createSampleWorkspace();
  }, TEN_MINUTES);

  removeWorkspaceAfterAll(() => ws);

  it('infers the targets of the issue sample', () => {
    const project = { targets: projectTargets(ws, 'api') };
    expect(Object.keys(project.targets).sort()).toEqual(
      ['deploy', 'destroy', 'diff', 'env--legacy', 'env--myLambda', 'logs--legacy', 'logs--myLambda', 'package', 'package--legacy', 'package--myLambda', 'promote', 'publish--legacy', 'publish--myLambda', 'invoke', 'validate'].sort(),
    );
    expect(project.targets['package--myLambda'].executor).toBe('@nxstack/packager-node:package');
    // validate + the two package tasks: deploy uploads the zips itself (no publish task process)
    // (validate reads the stage from the command line: not forwarded, so deploy's other flags stay out of its hash)
    expect(project.targets['deploy'].dependsOn).toEqual(['validate', 'package--legacy', 'package--myLambda']);
  }, TEN_MINUTES);

  it('deploys to the local stage with no AWS', () => {
    const run = runNx(ws, ['run', 'api:deploy']);
    expectSuccess(run);
    const template = JSON.parse(readFileSync(path.join(ws, '.nxstack/local/api/template.json'), 'utf8')) as { Resources: Record<string, { Type: string }> };
    expect(Object.values(template.Resources).filter((r) => r.Type === 'AWS::Lambda::Function')).toHaveLength(2);
    expect(Object.values(template.Resources).some((r) => r.Type === 'AWS::S3::Bucket')).toBe(true);
    for (const resource of ['myLambda', 'legacy']) {
      const manifest = JSON.parse(readFileSync(path.join(ws, 'dist/stack/api', resource, 'manifest.json'), 'utf8')) as { sha256: string; artifact: string };
      expect(existsSync(path.join(ws, 'dist/stack/api', resource, manifest.artifact))).toBe(true);
      expect(existsSync(path.join(ws, '.nxstack/local/artifacts/api', resource, `${manifest.sha256}.zip`))).toBe(true);
    }
  }, TEN_MINUTES);

  it('deploys to moto, then a repeat deploy is all cache hits with no uploads and no CloudFormation writes; a deleted artifact is put back', async () => {
    const env = motoEnv('us-east-1');
    const first = runNx(ws, ['run', 'api:deploy', '--stage', 'dev', '--region', 'us-east-1'], env);
    expectSuccess(first);

    const cfn = new CloudFormationClient({ region: env.AWS_REGION, endpoint: env.AWS_ENDPOINT_URL, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
    const stack = (await cfn.send(new DescribeStacksCommand({ StackName: 'api-dev' }))).Stacks?.[0];
    expect(stack?.StackStatus).toMatch(/_COMPLETE$/);
    const resources = (await cfn.send(new ListStackResourcesCommand({ StackName: 'api-dev' }))).StackResourceSummaries ?? [];
    const functions = resources.filter((r) => r.ResourceType === 'AWS::Lambda::Function');
    expect(functions).toHaveLength(2);
    const lambda = new LambdaClient({ region: env.AWS_REGION, endpoint: env.AWS_ENDPOINT_URL, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
    for (const f of functions) {
      const fn = await lambda.send(new GetFunctionCommand({ FunctionName: f.PhysicalResourceId }));
      expect(fn.Configuration?.FunctionName).toBe(f.PhysicalResourceId);
    }

    const second = runNx(ws, ['run', 'api:deploy', '--stage', 'dev', '--region', 'us-east-1'], env);
    expectSuccess(second);
    const tasks = taskResults(second.output);
    expect(tasks['api:package--myLambda']).toBe('cache');
    expect(tasks['api:package--legacy']).toBe('cache');

    // The deployer's summary lines: `nxstack: publish resource=<r> uploads=<n> ...` per artifact
    // (the deploy publishes them), `nxstack: deploy stack=<name> uploads=<n> cfnWrites=<n> ...` per deploy.
    expect(totals(first).uploads).toBe(2);
    const t = totals(second);
    expect(t.publishLines).toBe(2);
    expect(t.deployLines).toBe(1);
    expect(t.uploads).toBe(0);
    expect(t.deployUploads).toBe(0);
    expect(t.cfnWrites).toBe(0);
    // No change set: the stack's hash tag matches. The publish checks ran in the deploy's own
    // process (no publish task), against the bootstrap bucket recorded by the first deploy.
    expect(second.output).toContain('stack api-dev is up to date');
    expect(Object.keys(tasks).filter((task) => task.includes(':publish--'))).toEqual([]);
    expect(tasks['api:deploy']).toBe('run');
    expect(JSON.parse(readFileSync(path.join(ws, '.nxstack/dev/bootstrap-us-east-1.json'), 'utf8'))).toMatchObject({ bucket: 'nxstack-123456789012-us-east-1-dev' });

    // An artifact deleted from the bucket behind nxstack's back is put back by the next deploy,
    // though the stack is up to date (promote and a rollback read it).
    const bucket = 'nxstack-123456789012-us-east-1-dev';
    const s3 = new S3Client({ region: 'us-east-1', endpoint: env.AWS_ENDPOINT_URL, forcePathStyle: true, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
    const legacyKey = (await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'api/legacy/' }))).Contents?.[0]?.Key;
    expect(legacyKey).toMatch(/^api\/legacy\/[0-9a-f]{64}\.zip$/);
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: legacyKey }));
    const restored = runNx(ws, ['run', 'api:deploy', '--stage', 'dev', '--region', 'us-east-1'], env);
    expectSuccess(restored);
    expect(restored.output).toContain('stack api-dev is up to date');
    expect(totals(restored)).toMatchObject({ uploads: 1, deployUploads: 1, cfnWrites: 0 });
    expect(summaries(restored.output).find((l) => l.kind === 'publish' && l.fields['uploads'] === '1')?.fields['resource']).toBe('legacy');
    expect((await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'api/legacy/' }))).Contents?.map((o) => o.Key)).toEqual([legacyKey]);

    // A hand-written project.json target with publish's schema options still publishes; an option
    // its schema no longer lists (deploy's hotswap, once forwarded to it) is accepted and not read.
    const projectFile = path.join(ws, 'api/project.json');
    const project = readFileSync(projectFile, 'utf8');
    const publishTarget = { executor: '@nxstack/deployer:publish', options: { resource: 'legacy', stage: 'dev', region: 'us-east-1', stackFile: 'api/stack.yml', hotswap: false } };
    writeFileSync(projectFile, JSON.stringify({ ...JSON.parse(project), targets: { 'publish-legacy': publishTarget } }, null, 2));
    try {
      await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: legacyKey }));
      const published = runNx(ws, ['run', 'api:publish-legacy'], env);
      expectSuccess(published);
      expect(summaries(published.output).find((l) => l.kind === 'publish')?.fields).toMatchObject({ resource: 'legacy', uploads: '1' });
      expect((await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'api/legacy/' }))).Contents?.map((o) => o.Key)).toEqual([legacyKey]);
    } finally {
      writeFileSync(projectFile, project);
    }
  }, TEN_MINUTES);

  it('re-packages and re-uploads only the edited function', async () => {
    const env = motoEnv('us-east-1');
    const before = await functionKeys(env);
    const handler = path.join(ws, 'api/src/my-lambda.ts');
    writeFileSync(handler, readFileSync(handler, 'utf8').replace("ok: true", "ok: true, version: 2"));

    const run = runNx(ws, ['run', 'api:deploy', '--stage', 'dev', '--region', 'us-east-1'], env);
    expectSuccess(run);
    const tasks = taskResults(run.output);
    expect(tasks['api:package--myLambda']).toBe('run');
    expect(tasks['api:package--legacy']).toBe('cache');

    const after = await functionKeys(env);
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
    const changed = Object.keys(after).filter((id) => after[id] !== before[id]);
    expect(changed).toHaveLength(1);
    expect(after[changed[0]]).toContain('myLambda');
    expect(totals(run).uploads).toBe(1);
  }, TEN_MINUTES);

  it('notices a deleted deployment bucket despite the recorded bootstrap: refuses while its stack remains, bootstraps anew once it is gone', async () => {
    // Its own stage: deleting dev's bootstrap would pull the bucket from under other files' deploys.
    const env = motoEnv('us-east-1');
    const stage = ['--stage', 'e2e-boot', '--region', 'us-east-1'];
    const bucket = 'nxstack-123456789012-us-east-1-e2e-boot';
    const record = path.join(ws, '.nxstack/e2e-boot/bootstrap-us-east-1.json');
    const publish = () => runNx(ws, ['run', 'api:publish--legacy', ...stage], env);
    const first = publish();
    expectSuccess(first);
    expect(totals(first).uploads).toBe(1);
    expect(existsSync(record)).toBe(true);

    const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };
    const s3 = new S3Client({ region: 'us-east-1', endpoint: env.AWS_ENDPOINT_URL, forcePathStyle: true, credentials });
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
    for (const o of listed.Contents ?? []) await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: o.Key }));
    await s3.send(new DeleteBucketCommand({ Bucket: bucket }));
    const refused = publish();
    expect(refused.status, refused.output).not.toBe(0);
    expect(refused.output).toContain('NXS_BOOTSTRAP_FAILED');
    expect(refused.output).toContain(`The deployment bucket ${bucket} of stage e2e-boot (us-east-1) no longer exists`);
    expect(existsSync(record)).toBe(false);

    const cfn = new CloudFormationClient({ region: 'us-east-1', endpoint: env.AWS_ENDPOINT_URL, credentials });
    await cfn.send(new DeleteStackCommand({ StackName: 'nxstack-bootstrap-e2e-boot' }));
    const again = publish();
    expectSuccess(again);
    expect(again.output).toContain('bootstrapping stage e2e-boot');
    expect(totals(again).uploads).toBe(1);
    expect((await s3.send(new ListObjectsV2Command({ Bucket: bucket }))).KeyCount).toBe(1);
  }, TEN_MINUTES);

  it("deploys to the --profile's region when neither --region nor AWS_REGION is set, and refuses an AWS stage with no region at all", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nxs-e2e-aws-'));
    writeFileSync(path.join(dir, 'config'), '[profile e2e]\nregion = eu-west-1\n');
    writeFileSync(path.join(dir, 'credentials'), '[e2e]\naws_access_key_id = testing\naws_secret_access_key = testing\n');
    const files = { AWS_CONFIG_FILE: path.join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'credentials') };
    const noRegion = { ...motoEnv(), AWS_REGION: '', AWS_DEFAULT_REGION: '', AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_PROFILE: '', ...files };

    const missing = runNx(ws, ['run', 'api:deploy', '--stage', 'dev'], noRegion);
    expect(missing.status).not.toBe(0);
    expect(missing.output).toContain('NXS_REGION_MISSING');

    expectSuccess(runNx(ws, ['run', 'api:deploy', '--stage', 'dev', '--profile', 'e2e'], noRegion));
    const cfn = new CloudFormationClient({ region: 'eu-west-1', endpoint: motoEnv().AWS_ENDPOINT_URL, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
    const { Stacks = [] } = await cfn.send(new DescribeStacksCommand({ StackName: 'api-dev' }));
    expect(Stacks[0]?.StackStatus).toMatch(/_COMPLETE$/);
  }, TEN_MINUTES);

  it('shows a broken stack.yml as code, file:line and hint instead of a stack trace', () => {
    const stackFile = path.join(ws, 'api/stack.yml');
    const good = readFileSync(stackFile, 'utf8');
    try {
      // A resource type nxstack does not know: no targets can be inferred, the graph fails.
      writeFileSync(stackFile, good.replace('type: bucket', 'type: buckett'));
      const graph = runNx(ws, ['show', 'project', 'api']);
      expect(graph.status).not.toBe(0);
      expect(graph.output).toContain('An error occurred while processing files for the @nxstack/plugin plugin');
      expect(graph.output).toMatch(/NXS_UNKNOWN_RESOURCE_TYPE api\/stack\.yml:\d+:\d+ .*buckett/);
      expect(graph.output).toContain('hint: ');

      // A bad value: the project keeps its targets, its validate target reports it.
      writeFileSync(stackFile, good.replace('memory: 2048', 'memory: lots'));
      const validate = runNx(ws, ['run', 'api:validate']);
      expect(validate.status).not.toBe(0);
      expect(validate.output).toMatch(/NXS_INVALID_TYPE api\/stack\.yml:\d+:\d+ .*memory/);
      expect(validate.output).toContain('hint: ');
      expect(validate.output).not.toMatch(/\n\s+at /);
    } finally {
      writeFileSync(stackFile, good);
    }
  }, TEN_MINUTES);

  it('registers the plugin through its init generator (what `nx add @nxstack/plugin` runs)', () => {
    const nxJsonFile = path.join(ws, 'nx.json');
    writeFileSync(nxJsonFile, JSON.stringify({ useDaemonProcess: false }));
    writeFileSync(path.join(ws, '.gitignore'), 'node_modules/\n');
    expectSuccess(runNx(ws, ['g', '@nxstack/plugin:init']));
    expect(JSON.parse(readFileSync(nxJsonFile, 'utf8')).plugins).toEqual(['@nxstack/plugin']);
    expect(readFileSync(path.join(ws, '.gitignore'), 'utf8').split('\n')).toEqual(expect.arrayContaining(['.nxstack/', 'dist/stack/']));
    const run = runNx(ws, ['show', 'project', 'api', '--json']);
    expectSuccess(run);
    expect(run.output).toContain('"publish--myLambda"');
  }, TEN_MINUTES);
});
