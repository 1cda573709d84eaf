/**
 * Deployment scripts, run-script, logs and invoke on a stage through the real nx CLI on a packed
 * install: after:deploy scripts run for real on the local deploy (a failing one fails it and keeps
 * the previous state), destroy runs the before:delete scripts of the last deploy, run-script--*
 * and logs--* work locally and against a stack deployed to moto.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { CloudFormationClient, DescribeStacksCommand, UpdateStackCommand } from '@aws-sdk/client-cloudformation';
import { CloudWatchLogsClient, CreateLogStreamCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { motoEnv } from '../tools/test-services/aws-env';
import { createSampleWorkspace, runNx, type NxRun } from './lib/sample-workspace';

const TEN_MINUTES = 600_000;
const STAGE = `scr-${Date.now().toString(36)}`;
let ws: string;

function expectSuccess(run: NxRun): void {
  if (run.status !== 0) throw new Error(`nx failed (exit ${run.status}):\n${run.output.slice(-6000)}`);
}

function expectFailure(run: NxRun): void {
  if (run.status === 0) throw new Error(`nx should have failed:\n${run.output.slice(-6000)}`);
}

// The seed script calls the HTTP API the stack deploys, at the URL its parameters name.
const SEED = [
  'export const handler = async (event: { bucket: string; note: string; tries: number; apiURL: string }) => {',
  '  console.log(`seeding ${event.bucket} (${event.note}, ${event.tries} tries)`);',
  // The AWS-stage case deploys without the HTTP API (moto's CloudFormation has no model of it).
  "  if (!event.apiURL) return { seeded: event.bucket };",
  '  const res = await fetch(`${event.apiURL}/hello/seed`);',
  '  const greeting = (await res.json()) as { hello: string };',
  '  console.log(`api answered ${res.status} ${greeting.hello}`);',
  '  return { seeded: event.bucket, greeting: greeting.hello };',
  '};',
  '',
].join('\n');
const HELLO = 'export const handler = async (event: { pathParameters: { name: string } }) => ({ statusCode: 200, body: JSON.stringify({ hello: event.pathParameters.name }) });\n';
const FAILING_SEED = 'export const handler = async () => {\n  console.log("checking seed data");\n  return check();\n};\n\nfunction check(): never {\n  throw new TypeError("seed data is invalid");\n}\n';

/** The HTTP API the seed script calls (moto's CloudFormation skips HTTP APIs, so the AWS-stage test goes without it). */
const HTTP_API = [
  '  helloApi:',
  '    type: http-api-gateway',
  '    properties:',
  "      payloadFormat: '2.0'",
  '  hello:',
  '    type: function',
  '    properties:',
  '      runtime: nodejs22.x',
  '      packaging:',
  '        type: stacktape-lambda-buildpack',
  '        properties:',
  '          entryfilePath: src/hello.ts',
  '      events:',
  '        - type: http-api-gateway',
  '          properties:',
  '            httpApiGatewayName: helloApi',
  "            path: '/hello/{name}'",
  "            method: 'GET'",
];

const scripts = (withApi: boolean) =>
  [
    ...(withApi ? HTTP_API : []),
    '  seed:',
    '    type: deployment-script',
    '    properties:',
    '      trigger: after:deploy',
    '      runtime: nodejs22.x',
    '      packaging:',
    '        type: stacktape-lambda-buildpack',
    '        properties:',
    '          entryfilePath: src/seed.ts',
    '      parameters:',
    "        bucket: $ResourceParam('uploads', 'name')",
    '        note: literal',
    '        tries: 3',
    ...(withApi ? ["        apiURL: $ResourceParam('helloApi', 'url')"] : []),
    '  cleanup:',
    '    type: deployment-script',
    '    properties:',
    '      trigger: before:delete',
    '      runtime: nodejs22.x',
    '      packaging:',
    '        type: stacktape-lambda-buildpack',
    '        properties:',
    '          entryfilePath: src/cleanup.ts',
    '      parameters:',
    "        bucketArn: $CfResourceParam('UploadsBucket', 'Arn')",
    '',
  ].join('\n');
const SCRIPTS = scripts(true);

const stateFile = () => path.join(ws, '.nxstack/local/api/state.json');
const state = () => JSON.parse(readFileSync(stateFile(), 'utf8')) as { outputs: Record<string, string>; deploymentScripts: Array<{ name: string; trigger: string; event: unknown }> };
const count = (text: string, needle: string) => text.split(needle).length - 1;

describe('e2e: deployment scripts, run-script, logs and invoke on a stage', () => {
  let sampleStack: string;
  beforeAll(() => {
    ws = createSampleWorkspace();
    writeFileSync(path.join(ws, 'api/src/seed.ts'), SEED);
    writeFileSync(path.join(ws, 'api/src/hello.ts'), HELLO);
    writeFileSync(path.join(ws, 'api/src/cleanup.ts'), 'export const handler = async (event: { bucketArn: string }) => {\n  console.log(`cleanup ${event.bucketArn}`);\n  throw new Error("cleanup refused");\n};\n');
    sampleStack = readFileSync(path.join(ws, 'api/stack.yml'), 'utf8');
    writeFileSync(path.join(ws, 'api/stack.yml'), sampleStack + SCRIPTS);
  }, TEN_MINUTES);

  afterAll(() => {
    if (ws && !process.env['NXSTACK_KEEP_E2E']) rmSync(ws, { recursive: true, force: true });
  });

  it('the local deploy runs after:deploy scripts with local parameter values, prints their logs and result, then the outputs', () => {
    const run = runNx(ws, ['run', 'api:deploy']);
    expectSuccess(run);
    const bucket = state().outputs['UploadsName'];
    expect(bucket).toMatch(/^api-local-uploads/);
    expect(run.output).toContain('after:deploy script seed: running');
    expect(run.output).toContain(`INFO\tseeding ${bucket} (literal, 3 tries)`);
    // The script called the stack's HTTP API, served on its local URL while the scripts ran.
    const apiURL = state().outputs['HelloApiUrl'];
    expect(apiURL).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(run.output).toContain('INFO\tapi answered 200 seed');
    expect(run.output).toContain(`{"seeded":"${bucket}","greeting":"seed"}`);
    expect(run.output).toMatch(/REPORT RequestId: [0-9a-f-]{36}\tDuration: /);
    expect(run.output).toContain('after:deploy script seed: done');
    expect(run.output).not.toContain('not run yet');
    expect(run.output).not.toContain('cleanup arn');
    // Scripts first, then the stack's outputs.
    expect(run.output.indexOf('after:deploy script seed: done')).toBeLessThan(run.output.indexOf('outputs:'));
    expect(run.output).toMatch(/UploadsName\s+api-local-uploads/);
    expect(state().deploymentScripts).toEqual([
      { name: 'seed', trigger: 'after:deploy', functionLogicalId: 'SeedFunction', event: { bucket, note: 'literal', tries: 3, apiURL } },
      { name: 'cleanup', trigger: 'before:delete', functionLogicalId: 'CleanupFunction', event: { bucketArn: `arn:aws:s3:::${bucket}` } },
    ]);
  }, TEN_MINUTES);

  it('run-script--seed runs the packaged script locally; logs--seed shows every local invocation, filtered by --since', () => {
    const bucket = state().outputs['UploadsName'];
    const run = runNx(ws, ['run', 'api:run-script--seed']);
    expectSuccess(run);
    expect(run.output).toContain(`{"seeded":"${bucket}","greeting":"seed"}`);
    expect(run.output).toMatch(/REPORT RequestId: [0-9a-f-]{36}\tDuration: [\d.]+ ms\tBilled Duration: \d+ ms\tMemory Size: 1024 MB\tMax Memory Used: \d+ MB/);

    const logs = runNx(ws, ['run', 'api:logs--seed']);
    expectSuccess(logs);
    // The deploy's run and this one, each START … END + REPORT, with ISO timestamps.
    expect(count(logs.output, `seeding ${bucket}`)).toBe(2);
    expect(logs.output).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z START RequestId: /m);
    expect(count(logs.output, 'REPORT RequestId:')).toBe(2);
    expect(runNx(ws, ['run', 'api:logs--seed', '--since', '10m']).output).toContain(`seeding ${bucket}`);

    const future = runNx(ws, ['run', 'api:logs--seed', '--since', '2099-01-01T00:00:00Z']);
    expectSuccess(future);
    expect(future.output).not.toContain('seeding');
    expect(future.output).toContain("no log lines for 'seed' on stage local since 2099-01-01T00:00:00Z");

    const bad = runNx(ws, ['run', 'api:logs--seed', '--since', 'yesterday']);
    expectFailure(bad);
    expect(bad.output).toContain("NXS_LOGS_SINCE_INVALID --since 'yesterday' is neither a duration nor a date.");

    const notAScript = runNx(ws, ['run', 'api:run-script--seed', '--script', 'myLambda']);
    expectFailure(notAScript);
    expect(notAScript.output).toMatch(/NXS_RUN_SCRIPT_NOT_A_SCRIPT api\/stack\.yml:\d+:\d+ 'myLambda' is a function, not a deployment-script\./);
  }, TEN_MINUTES);

  it('logs--seed --follow prints new invocations as they happen', async () => {
    const child = spawn(process.execPath, [path.join(ws, 'node_modules/nx/dist/bin/nx.js'), 'run', 'api:logs--seed', '--follow'], {
      cwd: ws,
      env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (output += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (output += d));
    const waitFor = async (ok: () => boolean, what: string) => {
      for (let i = 0; i < 600 && !ok(); i++) await new Promise((r) => setTimeout(r, 100));
      if (!ok()) throw new Error(`timed out waiting for ${what}:\n${output}`);
    };
    try {
      await waitFor(() => count(output, 'REPORT RequestId:') === 2, 'the recorded invocations');
      expectSuccess(runNx(ws, ['run', 'api:run-script--seed']));
      await waitFor(() => count(output, 'REPORT RequestId:') === 3, 'the new invocation');
      expect(count(output, 'seeding api-local-uploads')).toBe(3);
    } finally {
      process.kill(-child.pid!, 'SIGTERM');
    }
  }, TEN_MINUTES);

  it('a change of a script\'s parameters alone deploys again and re-runs it (the local template has no custom resource holding them)', () => {
    const file = path.join(ws, 'api/stack.yml');
    writeFileSync(file, sampleStack + SCRIPTS.replace('        tries: 3\n', '        tries: 4\n'));
    try {
      const run = runNx(ws, ['run', 'api:deploy']);
      expectSuccess(run);
      expect(run.output).not.toContain('is up to date');
      expect(run.output).toContain(`INFO\tseeding ${state().outputs['UploadsName']} (literal, 4 tries)`);
    } finally {
      writeFileSync(file, sampleStack + SCRIPTS);
    }
  }, TEN_MINUTES);

  it('a failing after:deploy script fails the deploy with its error and stack trace and keeps the previous local state', () => {
    const before = { state: readFileSync(stateFile(), 'utf8'), template: readFileSync(path.join(ws, '.nxstack/local/api/template.json'), 'utf8') };
    writeFileSync(path.join(ws, 'api/src/seed.ts'), FAILING_SEED);
    const run = runNx(ws, ['run', 'api:deploy']);
    expectFailure(run);
    expect(run.output).toContain('INFO\tchecking seed data');
    expect(run.output).toContain("NXS_DEPLOYMENT_SCRIPT_FAILED after:deploy script 'seed' failed (error): TypeError: seed data is invalid");
    // The script's own (source-mapped) stack trace.
    expect(run.output).toMatch(/at check \(.*api[/\\]src[/\\]seed\.ts:7:\d+\)/);
    expect(run.output).toContain('after:deploy failed; the previous local state is kept');
    expect(readFileSync(stateFile(), 'utf8')).toBe(before.state);
    expect(readFileSync(path.join(ws, '.nxstack/local/api/template.json'), 'utf8')).toBe(before.template);
    writeFileSync(path.join(ws, 'api/src/seed.ts'), SEED);
  }, TEN_MINUTES);

  it('on an AWS stage (moto) invoke and run-script call the deployed function and report its answer; logs read its CloudWatch log group', async () => {
    const env = motoEnv('us-east-1');
    writeFileSync(path.join(ws, 'api/stack.yml'), sampleStack + scripts(false));
    expectSuccess(runNx(ws, ['run', 'api:deploy', '--stage', STAGE, '--region', 'us-east-1'], env));
    // moto 5.2 leaves a stack created through a change set without Outputs (it builds them before
    // the resources exist); a plain UpdateStack with the same template makes it compute them.
    const cfn = new CloudFormationClient({ region: env.AWS_REGION, endpoint: env.AWS_ENDPOINT_URL, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
    await cfn.send(new UpdateStackCommand({ StackName: `api-${STAGE}`, UsePreviousTemplate: true, Capabilities: ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM'] }));
    const { Stacks } = await cfn.send(new DescribeStacksCommand({ StackName: `api-${STAGE}` }));
    const bucket = Stacks?.[0]?.Outputs?.find((o) => o.OutputKey === 'UploadsName')?.OutputValue;
    expect(bucket).toBe(`api-${STAGE}-uploads-123456789012-us-east-1`);

    // The test moto runs Lambda code in the test dockerd (tools/services/lambda-images.sh): invoke
    // and run-script get the deployed functions' real answers, and moto writes their output to
    // their log groups.
    const invoke = runNx(ws, ['run', 'api:invoke', '--resource', 'myLambda', '--stage', STAGE, '--region', 'us-east-1'], env);
    expectSuccess(invoke);
    expect(invoke.output).toContain(`{"ok":true,"table":"orders","bucket":"api-${STAGE}-uploads-123456789012-us-east-1","delayMs":60000}`);

    const script = runNx(ws, ['run', 'api:run-script--seed', '--stage', STAGE, '--region', 'us-east-1'], env);
    expectSuccess(script);
    expect(script.output).toContain(`"seeded":"api-${STAGE}-uploads-123456789012-us-east-1"`);

    // $CfResourceParam has no value outside CloudFormation: refused before any invocation.
    const cleanup = runNx(ws, ['run', 'api:run-script--cleanup', '--stage', STAGE, '--region', 'us-east-1'], env);
    expectFailure(cleanup);
    expect(cleanup.output).toMatch(/NXS_SCRIPT_PARAMETER_UNRESOLVED api\/stack\.yml:\d+:\d+ \$CfResourceParam\('UploadsBucket', 'Arn'\) in the parameters of 'cleanup' has no value on this stage\./);

    const logs = new CloudWatchLogsClient({ region: env.AWS_REGION, endpoint: env.AWS_ENDPOINT_URL, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
    const logGroupName = `/aws/lambda/api-${STAGE}-seed`;
    await logs.send(new CreateLogStreamCommand({ logGroupName, logStreamName: 'e2e' }));
    const now = Date.now();
    await logs.send(new PutLogEventsCommand({ logGroupName, logStreamName: 'e2e', logEvents: [{ timestamp: now - 2 * 3_600_000, message: 'two hours ago' }, { timestamp: now, message: 'seeded from the cloud' }] }));
    const read = runNx(ws, ['run', 'api:logs--seed', '--stage', STAGE, '--region', 'us-east-1', '--since', '30m'], env);
    expectSuccess(read);
    expect(read.output).toContain(`${new Date(now).toISOString()} seeded from the cloud`);
    expect(read.output).toContain(`seeding api-${STAGE}-uploads-123456789012-us-east-1 (literal, 3 tries)`); // what the run-script invocation above logged
    expect(read.output).not.toContain('two hours ago');
    expect(runNx(ws, ['run', 'api:logs--seed', '--stage', STAGE, '--region', 'us-east-1', '--since', '3h'], env).output).toContain('two hours ago');
  }, TEN_MINUTES);

  it("destroy runs the before:delete scripts of the last deploy (not of today's stack.yml), reports their failure and deletes the stack", () => {
    // cleanup leaves stack.yml but stays in the deployed state: destroy still runs it.
    writeFileSync(path.join(ws, 'api/stack.yml'), sampleStack + SCRIPTS.slice(0, SCRIPTS.indexOf('  cleanup:')));
    const bucket = state().outputs['UploadsName'];
    const run = runNx(ws, ['run', 'api:destroy']);
    expectSuccess(run);
    expect(run.output).toContain('before:delete script cleanup: running');
    expect(run.output).toContain(`INFO\tcleanup arn:aws:s3:::${bucket}`);
    expect(run.output).toContain("warning: NXS_DEPLOYMENT_SCRIPT_FAILED before:delete script 'cleanup' failed (error): Error: cleanup refused");
    expect(run.output).not.toContain('seeding');
    expect(run.output).toContain('stack api-local deleted');
    expect(existsSync(stateFile())).toBe(false);
    // Its logs outlive the stack (logs--cleanup is inferred again once stack.yml has it).
    writeFileSync(path.join(ws, 'api/stack.yml'), sampleStack + SCRIPTS);
    expect(runNx(ws, ['run', 'api:logs--cleanup']).output).toContain(`cleanup arn:aws:s3:::${bucket}`);
  }, TEN_MINUTES);
});
