/**
 * Issue 9 points 8 and 10 through the real nx CLI on a packed install, in one npm-workspaces
 * sample (e2e/precision-workspace): apps/app has fnA (imports the linked lib @acme/shared, is
 * notified by the `uploads` bucket it also lists in connectTo) and fnB (imports nothing);
 * apps/pyproj is an unrelated Python project inside the same npm workspace pattern.
 * - Cache precision: editing the Python file runs no package task; editing libs/shared re-packages
 *   exactly fnA. The plugin's createNodes cache: an unchanged workspace runs no esbuild scan at
 *   graph time, and a new import changes the inputs of exactly the importing function.
 * - Nx batch mode (NX_BATCH_MODE=true): both package tasks in one process give the same zips as
 *   one task at a time, each task is cached on its own, and a broken function fails only its task.
 * - The s3-event + connectTo pattern deploys to the local stage and to moto, and fnA's role may
 *   PUT into the bucket.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { CloudFormationClient, DescribeStacksCommand, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { GetRolePolicyCommand, IAMClient, ListRolePoliciesCommand } from '@aws-sdk/client-iam';
import { GetFunctionConfigurationCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { readZip, sha256File } from '@nxstack/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { motoEnv } from '../tools/test-services/aws-env';
import { createWorkspaceFromTemplate, REPO_ROOT, runNx, taskResults, type NxRun } from './lib/sample-workspace';
import { removeWorkspaceAfterAll } from './lib/suite';

const FIFTEEN_MINUTES = 900_000;
/** Each package task on its own (the aggregate `package` target is one task packaging all). */
const PACKAGE = ['run-many', '--targets=package--fnA,package--fnB', '--projects=app'];
const STACK = 'app-dev';

let ws: string;

function expectSuccess(run: NxRun): void {
  if (run.status !== 0) throw new Error(`nx failed (exit ${run.status}):\n${run.output.slice(-8000)}`);
}

/** How each package task of app ran ('cache' or 'run'). */
function packageTasks(run: NxRun): Record<string, string | undefined> {
  expectSuccess(run);
  const tasks = taskResults(run.output);
  return { fnA: tasks['app:package--fnA'], fnB: tasks['app:package--fnB'] };
}

/** What the plugin's last createNodes computation did (written beside Nx's own graph cache). */
function graphCacheStats(): { stackMisses: number; esbuildScans: number } {
  return JSON.parse(readFileSync(path.join(ws, '.nx/workspace-data/nxstack-graph-stats.json'), 'utf8'));
}

function edit(rel: string, change: (text: string) => string): void {
  const file = path.join(ws, rel);
  writeFileSync(file, change(readFileSync(file, 'utf8')));
}

/** A role policy document as IAM returns it (URL-encoded JSON); moto returns Python's repr for stack-created roles. */
function policyJson(doc: string): { Statement: Array<{ Effect: string; Action: string | string[]; Resource: string | string[] }> } {
  const text = decodeURIComponent(doc);
  try {
    return JSON.parse(text);
  } catch {
    return JSON.parse(text.replace(/'/g, '"'));
  }
}

describe('e2e: cache precision in an npm workspace, and the s3-event + connectTo pattern', () => {
  beforeAll(() => {
    ws = createWorkspaceFromTemplate(path.join(REPO_ROOT, 'e2e', 'precision-workspace'), 'nxs-e2e-precision-');
  }, FIFTEEN_MINUTES);

  removeWorkspaceAfterAll(() => ws);

  it('an unrelated Python edit runs no package task; a linked-lib edit re-packages exactly the function importing it', async () => {
    expect(packageTasks(runNx(ws, PACKAGE))).toEqual({ fnA: 'run', fnB: 'run' });
    expect(packageTasks(runNx(ws, PACKAGE))).toEqual({ fnA: 'cache', fnB: 'cache' });
    // The second graph came from the plugin's createNodes cache: no stack.yml computed, no esbuild scan.
    expect(graphCacheStats()).toMatchObject({ stackMisses: 0, esbuildScans: 0 });

    edit('apps/pyproj/main.py', (t) => t.replace('"unrelated"', '"unrelated, edited"'));
    expect(packageTasks(runNx(ws, PACKAGE))).toEqual({ fnA: 'cache', fnB: 'cache' });

    edit('libs/shared/src/index.ts', (t) => t.replace('processed/', 'done/'));
    expect(packageTasks(runNx(ws, PACKAGE))).toEqual({ fnA: 'run', fnB: 'cache' });
    // The new lib code is what fnA's bundle now holds.
    const manifest = JSON.parse(readFileSync(path.join(ws, 'dist/stack/apps/app/fnA/manifest.json'), 'utf8')) as { artifact: string };
    const bundle = (await readZip(path.join(ws, 'dist/stack/apps/app/fnA', manifest.artifact))).find((e) => e.path === 'index.js');
    expect(bundle?.content.toString('utf8')).toContain('done/');
  }, FIFTEEN_MINUTES);

  it('through the createNodes cache, a new import changes the inputs of exactly the importing function', () => {
    const inputs = () => {
      const run = runNx(ws, ['show', 'project', 'app', '--json']);
      expectSuccess(run);
      const targets = (JSON.parse(run.output.slice(run.output.indexOf('{'))) as { targets: Record<string, { inputs?: unknown[] }> }).targets;
      return { fnA: targets['package--fnA'].inputs, fnB: targets['package--fnB'].inputs };
    };
    const before = inputs();
    expect(graphCacheStats()).toMatchObject({ stackMisses: 0, esbuildScans: 0 });
    writeFileSync(path.join(ws, 'apps/app/src/keys.ts'), "export const suffix = '.done';\n");
    edit('apps/app/src/fn-a.ts', (t) => `import { suffix } from './keys';\n${t.replace('processedKey(r.s3.object.key)', 'processedKey(r.s3.object.key) + suffix')}`);
    const after = inputs();
    expect(after.fnA).toEqual(expect.arrayContaining(['{workspaceRoot}/apps/app/src/keys.ts']));
    expect(before.fnA).not.toEqual(expect.arrayContaining(['{workspaceRoot}/apps/app/src/keys.ts']));
    expect(after.fnB).toEqual(before.fnB);
    expect(graphCacheStats().esbuildScans).toBeGreaterThan(0);
    expect(packageTasks(runNx(ws, PACKAGE))).toEqual({ fnA: 'run', fnB: 'cache' });
    expect(graphCacheStats()).toMatchObject({ stackMisses: 0, esbuildScans: 0 });
  }, FIFTEEN_MINUTES);

  it('batch mode: one process, the same zips as one task at a time, a cache entry per task, a broken function fails only its task', async () => {
    const zips = async () => ({ fnA: await sha256File(path.join(ws, 'dist/stack/apps/app/fnA/fnA.zip')), fnB: await sha256File(path.join(ws, 'dist/stack/apps/app/fnB/fnB.zip')) });
    // What the test above packaged task by task.
    const alone = await zips();
    const BATCH = { NX_BATCH_MODE: 'true' };
    // static: successful tasks' output is shown too (the batch summary line).
    const batch = runNx(ws, [...PACKAGE, '--skip-nx-cache', '--output-style=static'], BATCH);
    expect(packageTasks(batch)).toEqual({ fnA: 'run', fnB: 'run' });
    expect(batch.output).toContain('Running 2 tasks with @nxstack/packager-node:package');
    expect(batch.output).toContain('batch: 2 tasks, 2 functions, 1 esbuild build');
    expect(await zips()).toEqual(alone);

    const fnB = readFileSync(path.join(ws, 'apps/app/src/fn-b.ts'), 'utf8');
    // Used, or TypeScript's import elision drops it before esbuild resolves it.
    edit('apps/app/src/fn-b.ts', (t) => `import { nope } from './missing';\nexport const broken = nope;\n${t}`);
    const broken = runNx(ws, [...PACKAGE, '--skip-nx-cache'], BATCH);
    expect(broken.status, broken.output).not.toBe(0);
    expect(broken.output).toMatch(/✔\s+nx run app:package--fnA/);
    expect(broken.output).toContain('NXS_NODE_BUILD_FAILED apps/app/src/fn-b.ts:1:22');
    expect(broken.output).toMatch(/Failed tasks:\s+- app:package--fnB\s+(?!- )/);
    expect((await zips()).fnA).toBe(alone.fnA);

    edit('apps/app/src/fn-b.ts', () => `${fnB}// edited\n`);
    expect(packageTasks(runNx(ws, PACKAGE, BATCH))).toEqual({ fnA: 'cache', fnB: 'run' });
    expect(packageTasks(runNx(ws, PACKAGE, BATCH))).toEqual({ fnA: 'cache', fnB: 'cache' });
    writeFileSync(path.join(ws, 'apps/app/src/fn-b.ts'), fnB);
  }, FIFTEEN_MINUTES);

  it('deploys the pattern to the local stage: one bucket name for the bucket and the STP_ variables', () => {
    expectSuccess(runNx(ws, ['run', 'app:deploy']));
    const state = JSON.parse(readFileSync(path.join(ws, '.nxstack/local/app/state.json'), 'utf8')) as {
      outputs: Record<string, string>;
      resources: Array<{ logicalId: string; physicalId: string }>;
    };
    const bucket = state.resources.find((r) => r.logicalId === 'UploadsBucket');
    expect(bucket?.physicalId).toBe('app-local-uploads-000000000000-local');
    expect(state.outputs.UploadsName).toBe(bucket?.physicalId);
    const template = JSON.parse(readFileSync(path.join(ws, '.nxstack/local/app/template.json'), 'utf8')) as { Resources: Record<string, { Properties?: Record<string, unknown> }> };
    expect((template.Resources.FnAFunction.Properties?.Environment as { Variables: Record<string, unknown> }).Variables.STP_UPLOADS_NAME).toEqual(
      template.Resources.UploadsBucket.Properties?.BucketName,
    );
  }, FIFTEEN_MINUTES);

  it('deploys the pattern to moto: the bucket has its known name, fnA reads it and may PUT into it', async () => {
    const env = motoEnv('us-east-1');
    expectSuccess(runNx(ws, ['run', 'app:deploy', '--stage', 'dev', '--region', 'us-east-1'], env));
    const config = { region: env.AWS_REGION, endpoint: env.AWS_ENDPOINT_URL, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } };
    const cfn = new CloudFormationClient(config);
    expect((await cfn.send(new DescribeStacksCommand({ StackName: STACK }))).Stacks?.[0]?.StackStatus).toBe('CREATE_COMPLETE');
    const physical = Object.fromEntries(((await cfn.send(new ListStackResourcesCommand({ StackName: STACK }))).StackResourceSummaries ?? []).map((r) => [r.LogicalResourceId, r.PhysicalResourceId]));

    const bucketName = `app-dev-uploads-123456789012-us-east-1`;
    expect(physical.UploadsBucket).toBe(bucketName);
    await new S3Client({ ...config, forcePathStyle: true }).send(new HeadBucketCommand({ Bucket: bucketName }));

    const fn = await new LambdaClient(config).send(new GetFunctionConfigurationCommand({ FunctionName: physical.FnAFunction }));
    expect(fn.Environment?.Variables).toMatchObject({ STP_UPLOADS_NAME: bucketName, STP_UPLOADS_ARN: `arn:aws:s3:::${bucketName}` });

    const iam = new IAMClient(config);
    const roleName = physical.FnARole!;
    const { PolicyNames = [] } = await iam.send(new ListRolePoliciesCommand({ RoleName: roleName }));
    const statements = [];
    for (const PolicyName of PolicyNames) {
      statements.push(...policyJson((await iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName }))).PolicyDocument ?? '{}').Statement);
    }
    const allowsPut = statements.some((s) => s.Effect === 'Allow' && [s.Action].flat().includes('s3:PutObject') && [s.Resource].flat().includes(`arn:aws:s3:::${bucketName}/*`));
    expect(allowsPut, JSON.stringify(statements)).toBe(true);
  }, FIFTEEN_MINUTES);
});
