/**
 * `nx run api:invoke --resource <fn> --event <file>` through the real nx CLI on a packed install:
 * the packaged zip runs under the Lambda Runtime API emulation with its stack.yml environment
 * (STP-style resource params from the local stage, $Secret from .nxstack/secrets.json), and
 * errors, timeouts and missing local values are reported loudly.
 */
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { motoEnv } from '../tools/test-services/aws-env';
import { expectFailure, expectSuccess, resultOf } from './lib/nx-run-checks';
import { createSampleWorkspace, runNx, type NxRun } from './lib/sample-workspace';
import { removeWorkspaceAfterAll } from './lib/suite';

const TEN_MINUTES = 600_000;
let ws: string;

/** `nx run api:invoke --resource <resource> [args]` in the suite's workspace. */
function invoke(resource: string, args: string[] = []): NxRun {
  return runNx(ws, ['run', 'api:invoke', '--resource', resource, ...args]);
}

describe('e2e: nx run api:invoke on a packed sample workspace', () => {
  beforeAll(() => {
    ws = createSampleWorkspace();
    // Two more functions: one that throws (and reads a $Secret), one that outlives its timeout.
    writeFileSync(
      path.join(ws, 'api/src/fail.ts'),
      ['export const handler = async (event: { id: string }) => {', '  return validate(event.id);', '};', '', 'function validate(id: string): never {', '  throw new RangeError(`bad id ${id}`);', '}', ''].join('\n'),
    );
    writeFileSync(path.join(ws, 'api/src/slow.ts'), 'export const handler = async () => {\n  console.log("sleeping");\n  await new Promise((r) => setTimeout(r, 30_000));\n};\n');
    appendFileSync(
      path.join(ws, 'api/stack.yml'),
      [
        '  failing:',
        '    type: function',
        '    properties:',
        '      packaging:',
        '        type: stacktape-lambda-buildpack',
        '        properties:',
        '          entryfilePath: src/fail.ts',
        '      environment:',
        '        - name: API_KEY',
        "          value: $Secret('api-key')",
        '  slow:',
        '    type: function',
        '    properties:',
        '      timeout: 1',
        '      packaging:',
        '        type: stacktape-lambda-buildpack',
        '        properties:',
        '          entryfilePath: src/slow.ts',
        '',
      ].join('\n'),
    );
    writeFileSync(path.join(ws, 'event.json'), JSON.stringify({ delay: '2s', id: 'x-1' }));
  }, TEN_MINUTES);

  removeWorkspaceAfterAll(() => ws);

  it('refuses to run a function whose resource params have no local value yet', () => {
    const run = expectFailure(invoke('myLambda', ['--event', 'event.json']));
    expect(run.output).toContain('NXS_LOCAL_ENV_UNRESOLVED');
    expect(run.output).toContain('nx run api:deploy');
  }, TEN_MINUTES);

  it('invokes the packaged function with its local environment after a local deploy and reports duration and memory', () => {
    expectSuccess(runNx(ws, ['run', 'api:deploy']));
    const run = invoke('myLambda', ['--event', 'event.json']);
    expectSuccess(run);
    const result = resultOf(run);
    expect(result).toMatchObject({ ok: true, table: 'orders', delayMs: 2000 });
    expect(typeof result['bucket']).toBe('string');
    expect(result['bucket']).not.toMatch(/^<|^$/);
    expect(run.output).toMatch(/REPORT RequestId: [0-9a-f-]{36}\tDuration: \d+\.\d\d ms\tBilled Duration: \d+ ms\tMemory Size: 2048 MB\tMax Memory Used: \d+ MB\tInit Duration: \d+\.\d\d ms/);
    // The cached package is reused, never rebuilt from source by invoke.
    expect(run.output).toMatch(/nx run api:package\s+\[(local cache|existing outputs match the cache)/);
  }, TEN_MINUTES);

  it('invokes a custom-artifact function (handler from stack.yml)', () => {
    const run = invoke('legacy');
    expectSuccess(run);
    expect(resultOf(run)).toEqual({ statusCode: 200, body: 'legacy' });
    expect(run.output).toContain('Memory Size: 1024 MB');
  }, TEN_MINUTES);

  it('names a missing local secret, then reports a thrown error with the TypeScript stack trace', () => {
    const missing = expectFailure(invoke('failing', ['--event', 'event.json']));
    expect(missing.output).toContain("NXS_LOCAL_SECRET_MISSING .nxstack/secrets.json Secret 'api-key' has no local value");
    mkdirSync(path.join(ws, '.nxstack'), { recursive: true });
    writeFileSync(path.join(ws, '.nxstack/secrets.json'), JSON.stringify({ 'api-key': 'not-printed' }));
    const run = expectFailure(invoke('failing', ['--event', 'event.json']));
    const error = resultOf(run) as { errorType: string; errorMessage: string; trace: string[] };
    expect(error.errorType).toBe('RangeError');
    expect(error.errorMessage).toBe('bad id x-1');
    expect(error.trace[1]).toMatch(/at validate \(.*api[/\\]src[/\\]fail\.ts:6:9\)/);
    expect(run.output).toContain('Status: error (RangeError)');
    expect(run.output).not.toContain('not-printed');
  }, TEN_MINUTES);

  it('kills a function at its stack.yml timeout and says so', () => {
    const run = expectFailure(invoke('slow'));
    expect(resultOf(run)).toMatchObject({ errorType: 'Sandbox.Timedout', errorMessage: expect.stringMatching(/Task timed out after 1\.00 seconds$/) });
    expect(run.output).toContain('INFO\tsleeping');
    expect(run.output).toContain('Status: timeout (Sandbox.Timedout)');
  }, TEN_MINUTES);

  it('on an AWS stage invokes the deployed function, and says so when the stage is not deployed', () => {
    const run = expectFailure(runNx(ws, ['run', 'api:invoke', '--resource', 'legacy', '--stage', 'nodeploy'], motoEnv('us-east-1')));
    expect(run.output).toContain('NXS_STAGE_NOT_DEPLOYED Stack api-nodeploy does not exist in us-east-1.');
  }, TEN_MINUTES);
});
