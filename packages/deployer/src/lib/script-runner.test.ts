// The runner behind every deployment script on an AWS stage (RUNNER_SOURCE, inlined into the
// template) answering a real HTTP server that stands in for CloudFormation's pre-signed response
// URL. The script functions run in the local Lambda runtime (real processes, real timeouts); the
// last tests run the runner itself as a Lambda there, with the real AWS SDK against moto.
import { CloudFormationClient, CreateStackCommand } from '@aws-sdk/client-cloudformation';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { RUNNER_LINES, RUNNER_SOURCE } from '@nxstack/cfn-compiler';
import { writeZip } from '@nxstack/core';
import { openLocalFunction, type OpenedFunction } from '@nxstack/local-runtime';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { motoEnv } from '../../../../tools/test-services/aws-env';

const SCRIPTS = join(__dirname, '__fixtures__', 'deployment-scripts');
// Inside the repository so the runner's require('@aws-sdk/…') finds the SDK, as on Lambda's Node runtimes.
const tmpRoot = join(__dirname, '..', '..', '..', '..', '.tmp');
mkdirSync(tmpRoot, { recursive: true });
const work = mkdtempSync(join(tmpRoot, 'runner-test-'));
const runnerDir = join(work, 'runner');
mkdirSync(runnerDir);
writeFileSync(join(runnerDir, 'index.js'), RUNNER_SOURCE);
// eslint-disable-next-line @typescript-eslint/no-require-imports
const runner = require(join(runnerDir, 'index.js')) as { answer: (event: unknown, context: unknown, aws: unknown) => Promise<void> };

interface Answer {
  readonly method: string;
  readonly contentType: string | undefined;
  readonly bytes: number;
  readonly body: Record<string, any>;
}

/** The pre-signed response URL: records each PUT it receives. */
let server: Server;
let responseUrl: string;
const answers: Answer[] = [];
const opened: OpenedFunction[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      answers.push({ method: req.method ?? '', contentType: req.headers['content-type'], bytes: Buffer.byteLength(text), body: JSON.parse(text) });
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  responseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/cfn-response?X-Amz-Signature=abc`;
});

afterAll(async () => {
  await Promise.all(opened.map((o) => o.close()));
  await new Promise((r) => server.close(r));
  rmSync(work, { recursive: true, force: true });
});

async function scriptFunction(handler: string, timeout = 30, environment: Record<string, string> = {}): Promise<OpenedFunction> {
  const o = await openLocalFunction({ artifactDir: SCRIPTS, runtime: 'nodejs22.x', handler: `index.${handler}`, architecture: 'x86_64', environment, timeout, memory: 256, functionName: `script-${handler}`, region: 'eu-west-1' });
  opened.push(o);
  return o;
}

/** Invocations of the script function the way Lambda's Invoke answers them (FunctionError + payload). */
function viaLocalLambda(fn: OpenedFunction, stackStatus = 'CREATE_IN_PROGRESS') {
  const invoked: unknown[] = [];
  return {
    invoked,
    aws: {
      async invoke(name: string, payload: string) {
        invoked.push({ name, event: JSON.parse(payload) });
        const res = await fn.fn.invoke(JSON.parse(payload));
        return { FunctionError: res.outcome === 'success' ? undefined : 'Unhandled', Payload: res.payload };
      },
      stackStatus: async () => stackStatus,
    },
  };
}

const context = (remainingMs = 60_000) => {
  const end = Date.now() + remainingMs;
  return { getRemainingTimeInMillis: () => end - Date.now() };
};

function event(requestType: string, trigger: string, extra: Record<string, unknown> = {}) {
  return {
    RequestType: requestType,
    ResponseURL: responseUrl,
    StackId: 'arn:aws:cloudformation:eu-west-1:123456789012:stack/api-dev/0c3f',
    RequestId: `req-${answers.length}`,
    LogicalResourceId: 'SeedRun',
    ResourceType: 'Custom::DeploymentScript',
    ResourceProperties: { ServiceToken: 'arn:runner', ScriptName: 'seed', Trigger: trigger, ScriptFunction: 'api-dev-seed', ...extra },
    ...(requestType === 'Create' ? {} : { PhysicalResourceId: 'SeedRun' }),
  };
}

async function answerOf(e: ReturnType<typeof event>, aws: unknown, ctx = context()): Promise<Answer> {
  const before = answers.length;
  await runner.answer(e, ctx, aws);
  expect(answers.length).toBe(before + 1);
  return answers[answers.length - 1];
}

describe('deployment-script runner', () => {
  it('after:deploy: calls the script with the parameters (types kept, resolved values put in) and answers SUCCESS', async () => {
    const record = join(work, 'event.json');
    const { aws, invoked } = viaLocalLambda(await scriptFunction('record', 30, { RECORD_FILE: record }));
    const e = event('Create', 'after:deploy', {
      ParametersJson: JSON.stringify({ apiURL: { $nxs: 0 }, rows: 10, dryRun: false, tags: ['a', { bucket: { $nxs: 1 } }] }),
      ParameterValues: ['https://abc.execute-api.eu-west-1.amazonaws.com', 'api-dev-files'],
      Token: 'f'.repeat(64),
    });
    const a = await answerOf(e, aws);
    const expected = { apiURL: 'https://abc.execute-api.eu-west-1.amazonaws.com', rows: 10, dryRun: false, tags: ['a', { bucket: 'api-dev-files' }] };
    expect(JSON.parse(readFileSync(record, 'utf8'))).toEqual(expected);
    expect(invoked).toEqual([{ name: 'api-dev-seed', event: expected }]);
    expect(a.method).toBe('PUT');
    expect(a.contentType).toBe('');
    expect(a.body).toEqual({ Status: 'SUCCESS', PhysicalResourceId: 'SeedRun', StackId: e.StackId, RequestId: e.RequestId, LogicalResourceId: 'SeedRun', Data: {} });
  });

  it('after:deploy: a thrown error answers FAILED with the script message as Reason; Update keeps the physical id', async () => {
    const { aws } = viaLocalLambda(await scriptFunction('fail'));
    const a = await answerOf(event('Update', 'after:deploy'), aws);
    expect(a.body).toMatchObject({ Status: 'FAILED', Reason: 'migration failed: column "email" already exists', PhysicalResourceId: 'SeedRun' });
  });

  it("after:deploy: the script's own timeout answers FAILED with Lambda's timeout message", async () => {
    const { aws } = viaLocalLambda(await scriptFunction('sleep', 1));
    const a = await answerOf(event('Create', 'after:deploy'), aws);
    expect(a.body.Status).toBe('FAILED');
    expect(a.body.Reason).toMatch(/Task timed out after 1\.00 seconds/);
  });

  it('answers FAILED before the runner itself times out while the script still runs', async () => {
    const { aws } = viaLocalLambda(await scriptFunction('sleep', 30));
    const started = Date.now();
    const a = await answerOf(event('Create', 'after:deploy'), aws, context(2_000));
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(a.body).toMatchObject({ Status: 'FAILED', Reason: 'seed did not finish within 1 s (runner timeout)' });
  });

  it('truncates an oversize message so the response body stays within 4096 bytes', async () => {
    const { aws } = viaLocalLambda(await scriptFunction('huge'));
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined); // the 10 kB message, logged whole
    const a = await answerOf(event('Create', 'after:deploy'), aws).finally(() => errors.mockRestore());
    expect(a.bytes).toBeLessThanOrEqual(4096);
    expect(a.bytes).toBeGreaterThan(3900);
    expect(a.body.Status).toBe('FAILED');
    // Cut on a byte boundary: a split character shows as U+FFFD.
    expect(a.body.Reason).toMatch(/^é+\uFFFD? \[truncated\]$/);
  });

  it('after:deploy does nothing on Delete and on the Update CloudFormation sends while rolling back', async () => {
    const fn = await scriptFunction('fail');
    const deleted = viaLocalLambda(fn);
    expect((await answerOf(event('Delete', 'after:deploy'), deleted.aws)).body.Status).toBe('SUCCESS');
    const rollingBack = viaLocalLambda(fn, 'UPDATE_ROLLBACK_IN_PROGRESS');
    expect((await answerOf(event('Update', 'after:deploy'), rollingBack.aws)).body.Status).toBe('SUCCESS');
    expect([...deleted.invoked, ...rollingBack.invoked]).toEqual([]);
  });

  it('before:delete runs on the stack deletion; its failure is logged and answered SUCCESS so the delete goes on', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const { aws, invoked } = viaLocalLambda(await scriptFunction('fail'), 'DELETE_IN_PROGRESS');
      const a = await answerOf(event('Delete', 'before:delete'), aws);
      expect(invoked).toHaveLength(1);
      expect(a.body).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: 'SeedRun' });
      // The line destroy looks for (RUNNER_LINES).
      expect(errors).toHaveBeenCalledWith(expect.stringContaining(`${RUNNER_LINES.deleteFailure('seed')}migration failed`));
    } finally {
      errors.mockRestore();
    }
  });

  it('before:delete does nothing on Create, Update, or a Delete while the stack itself stays (script removed)', async () => {
    const fn = await scriptFunction('fail');
    const staying = viaLocalLambda(fn, 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS');
    for (const type of ['Create', 'Update', 'Delete']) expect((await answerOf(event(type, 'before:delete'), staying.aws)).body.Status).toBe('SUCCESS');
    expect(staying.invoked).toEqual([]);
  });
});

describe('deployment-script runner as a Lambda, with the AWS SDK against moto', () => {
  const env = motoEnv('eu-west-1');
  let runnerFn: OpenedFunction;
  let stackId: string;

  beforeAll(async () => {
    runnerFn = await openLocalFunction({ artifactDir: runnerDir, runtime: 'nodejs22.x', handler: 'index.handler', architecture: 'x86_64', environment: env, timeout: 20, memory: 256, functionName: 'api-dev-seed-runner', region: 'eu-west-1' });
    opened.push(runnerFn);
    const client = { region: 'eu-west-1', endpoint: env.AWS_ENDPOINT_URL, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } };
    const cfn = new CloudFormationClient(client);
    const template = { Resources: { Files: { Type: 'AWS::S3::Bucket' } } };
    stackId = (await cfn.send(new CreateStackCommand({ StackName: `runner-test-${process.pid}`, TemplateBody: JSON.stringify(template) }))).StackId!;
    const zip = join(work, 'script.zip');
    await writeZip([{ path: 'index.js', content: "exports.handler = async (e) => { if (e.fail) throw new Error('no: ' + e.fail); return { rows: e.rows }; };" }], zip);
    const assume = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
    const role = await new IAMClient(client).send(new CreateRoleCommand({ RoleName: `runner-test-${process.pid}`, AssumeRolePolicyDocument: JSON.stringify(assume) }));
    await new LambdaClient(client).send(new CreateFunctionCommand({ FunctionName: 'api-dev-seed', Runtime: 'nodejs22.x', Handler: 'index.handler', Role: role.Role!.Arn, Code: { ZipFile: readFileSync(zip) } }));
  });

  it('reads the stack status through DescribeStacks: a before:delete Delete of a stack that stays is not run', async () => {
    const before = answers.length;
    const res = await runnerFn.fn.invoke({ ...event('Delete', 'before:delete'), StackId: stackId });
    expect(res.outcome).toBe('success');
    expect(answers.slice(before)).toEqual([expect.objectContaining({ body: expect.objectContaining({ Status: 'SUCCESS', StackId: stackId }) })]);
    expect(res.logs).toContain('not run: the stack is not being deleted');
  });

  it('invokes the script function through Lambda Invoke (moto runs it in the test dockerd): logs the result with the token, fails on its error', async () => {
    const before = answers.length;
    const ok = await runnerFn.fn.invoke({ ...event('Create', 'after:deploy', { ParametersJson: '{"rows":3}', Token: 'a'.repeat(64) }), StackId: stackId });
    expect(ok.outcome).toBe('success');
    expect(ok.logs).toContain(`${RUNNER_LINES.result('a'.repeat(64))}{"rows":3}`);
    const failed = await runnerFn.fn.invoke({ ...event('Create', 'after:deploy', { ParametersJson: '{"fail":"seed"}' }), StackId: stackId });
    expect(failed.outcome).toBe('success');
    expect(answers.slice(before).map((a) => [a.body.Status, a.body.Reason])).toEqual([['SUCCESS', undefined], ['FAILED', 'no: seed']]);
  });
});
