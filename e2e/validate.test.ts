/**
 * Validation before any AWS call, through the real nx CLI on a packed install. One workspace:
 * a good project plus one project per class of bad stack.yml (copied from the compiler's
 * bad-input corpus, whose first line says `# expect: NXS_CODE line:col`).
 * - `nx run-many -t deploy --stage dev` against an endpoint that records every request: each bad
 *   project fails in its validate task with code + stack.yml:line:col + hint, no publish task
 *   runs and the endpoint saw nothing.
 * - A semantic error in one stack.yml does not break the graph: other projects still package.
 * - validate is cached, per stage.
 * - Missing credentials on an AWS stage: NXS_CREDENTIALS_MISSING with stage, region and how to.
 * - Control: a valid stack's deploy does reach the endpoint.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadStack, type NxstackError } from '@nxstack/core';
import { startCountingEndpoint, type CountingEndpoint } from './lib/counting-endpoint';
import { createWorkspaceFromTemplate, REPO_ROOT, runNx, taskResults, type NxRun } from './lib/sample-workspace';

const TEN_MINUTES = 600_000;
const CORPUS = path.join(REPO_ROOT, 'packages', 'cfn-compiler', 'src', 'lib', '__fixtures__', 'bad');

/** Every class of issue 9 point 5 (and the Fargate pair of point 7): project name → corpus file. */
const BAD: Record<string, string> = {
  'cf-missing-id': 'cf-resource-param-unknown.yml',
  'cf-attribute': 'cf-resource-param-unknown-attribute.yml',
  'env-duplicate': 'env-duplicate-name.yml',
  'env-invalid': 'env-invalid-name.yml',
  'connect-no-connections': 'connect-to-unsupported-type.yml',
  'event-unknown-api': 'event-unknown-http-api.yml',
  'directive-cycle': 'cycle-through-directives.yml',
  'runtime-deprecated': 'runtime-deprecated.yml',
  'runtime-unsupported': 'runtime-unsupported.yml',
  'image-reference': 'image-reference-malformed.yml',
  'credentials-not-arn': 'image-credentials-not-arn.yml',
  'fargate-memory': 'fargate-bad-memory-pair.yml',
  // $Format leaves '{stage()}' as text (as Stacktape does); the Cognito domain prefix refuses it.
  'cognito-domain-prefix': 'user-pool-domain-prefix.yml',
  // useFirewall: a cdn-scoped firewall on a user pool; a firewall on a web-service behind an HTTP API.
  'firewall-scope': 'user-pool-firewall-cdn-scope.yml',
  'firewall-http-api': 'web-service-firewall-http-api.yml',
};

let ws: string;
let endpoint: CountingEndpoint;

function expectSuccess(run: NxRun): void {
  if (run.status !== 0) throw new Error(`nx failed (exit ${run.status}):\n${run.output.slice(-6000)}`);
}

function expected(project: string): { code: string; where: string } {
  const m = /^# expect: (NXS_[A-Z0-9_]+) (\d+):(\d+)/.exec(readFileSync(path.join(ws, project, 'stack.yml'), 'utf8'))!;
  return { code: m[1], where: `${project}/stack.yml:${m[2]}:${m[3]}` };
}

/** AWS settings that point every SDK call at the counting endpoint. */
function awsEnv(): Record<string, string> {
  return { AWS_ENDPOINT_URL: endpoint.url, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_SESSION_TOKEN: '' };
}

describe('e2e: validation before any AWS call', () => {
  beforeAll(async () => {
    ws = createWorkspaceFromTemplate(path.join(REPO_ROOT, 'e2e', 'validate-workspace'), 'nxs-e2e-validate-');
    for (const [project, file] of Object.entries(BAD)) {
      mkdirSync(path.join(ws, project), { recursive: true });
      cpSync(path.join(CORPUS, file), path.join(ws, project, 'stack.yml'));
      cpSync(path.join(CORPUS, 'src'), path.join(ws, project, 'src'), { recursive: true });
    }
    endpoint = await startCountingEndpoint();
  }, TEN_MINUTES);

  afterAll(() => {
    endpoint?.close();
    if (ws && !process.env['NXSTACK_KEEP_E2E']) rmSync(ws, { recursive: true, force: true });
  });

  it('keeps the project graph: semantic errors in some stacks do not stop nx for the others', () => {
    const shown = runNx(ws, ['show', 'projects', '--json']);
    expectSuccess(shown);
    const projects = JSON.parse(shown.output.slice(shown.output.indexOf('['))) as string[];
    expect(projects.sort()).toEqual(['good', ...Object.keys(BAD)].sort());

    const pkg = runNx(ws, ['run', 'good:package']);
    expectSuccess(pkg);
    expect(taskResults(pkg.output)['good:package--fn']).toBeDefined();
  }, TEN_MINUTES);

  it("reports a semantic error in the project's validate target with the loader's code and location", async () => {
    const run = runNx(ws, ['run', 'fargate-memory:validate']);
    expect(run.status).not.toBe(0);
    const loaderError = await loadStack('fargate-memory/stack.yml', { workspaceRoot: ws }).then(
      () => undefined,
      (e: NxstackError) => e,
    );
    expect(loaderError?.code).toBe('NXS_FARGATE_MEMORY_INVALID');
    expect(run.output).toContain(`${loaderError!.code} ${loaderError!.where} `);
    expect(run.output).toContain(`hint: ${loaderError!.hint}`);
  }, TEN_MINUTES);

  it('fails every bad stack in validate on deploy --stage dev: code, file:line:col, hint, no publish, zero AWS requests', () => {
    const run = runNx(ws, ['run-many', '-t', 'deploy', '-p', Object.keys(BAD).join(','), '--stage', 'dev', '--region', 'us-east-1'], awsEnv());
    expect(run.status).not.toBe(0);
    const tasks = Object.keys(taskResults(run.output));
    for (const project of Object.keys(BAD)) {
      const { code, where } = expected(project);
      expect(run.output, project).toContain(`${code} ${where} `);
      expect(tasks, project).toContain(`${project}:validate`);
    }
    expect(run.output.match(/^\s*hint: /gm)?.length ?? 0).toBeGreaterThanOrEqual(Object.keys(BAD).length);
    expect(tasks.filter((t) => /:(publish--|deploy$)/.test(t))).toEqual([]);
    expect(endpoint.requests()).toEqual([]);
  }, TEN_MINUTES);

  it('caches validate per stage (the stage decides what is an error)', () => {
    const first = runNx(ws, ['run', 'good:validate', '--stage', 'qa']);
    expectSuccess(first);
    expect(taskResults(first.output)['good:validate']).toBe('run');
    const again = runNx(ws, ['run', 'good:validate', '--stage', 'qa']);
    expect(taskResults(again.output)['good:validate']).toBe('cache');
    const otherStage = runNx(ws, ['run', 'good:validate', '--stage', 'qa2']);
    expectSuccess(otherStage);
    expect(taskResults(otherStage.output)['good:validate']).toBe('run');

    writeFileSync(path.join(ws, 'good', 'stack.yml'), readFileSync(path.join(ws, 'good', 'stack.yml'), 'utf8').replace('nodejs22.x', 'nodejs24.x'));
    const edited = runNx(ws, ['run', 'good:validate', '--stage', 'qa']);
    expectSuccess(edited);
    expect(taskResults(edited.output)['good:validate']).toBe('run');
  }, TEN_MINUTES);

  it('runs a validate target written by hand in project.json with its schema options', () => {
    const run = runNx(ws, ['run', 'good:check-dev']);
    expectSuccess(run);
    expect(run.output).toContain('nxstack: validated stage=dev resources=1');
  }, TEN_MINUTES);

  it('names the stage, the region and how to provide credentials when there are none', () => {
    const home = mkdtempSync(path.join(tmpdir(), 'nxs-no-aws-home-'));
    const run = runNx(ws, ['run', 'good:deploy', '--stage', 'dev', '--region', 'eu-west-1'], {
      ...awsEnv(),
      AWS_ACCESS_KEY_ID: '',
      AWS_SECRET_ACCESS_KEY: '',
      AWS_PROFILE: '',
      AWS_REGION: '',
      HOME: home,
      AWS_CONFIG_FILE: path.join(home, 'none', 'config'),
      AWS_SHARED_CREDENTIALS_FILE: path.join(home, 'none', 'credentials'),
    });
    rmSync(home, { recursive: true, force: true });
    expect(run.status).not.toBe(0);
    expect(run.output).toContain("NXS_CREDENTIALS_MISSING No AWS credentials for stage 'dev' in eu-west-1");
    expect(run.output).toMatch(/hint: .*--profile <name> or AWS_PROFILE=<name>.*AWS_ACCESS_KEY_ID.*aws sso login/);
    expect(run.output).not.toMatch(/^Could not load credentials/m);
    expect(endpoint.requests()).toEqual([]);
  }, TEN_MINUTES);

  // Control: the endpoint does see the calls of a valid stack, so the zeros above mean something.
  it('counts the AWS calls a valid stack makes', () => {
    const run = runNx(ws, ['run', 'good:deploy', '--stage', 'dev', '--region', 'us-east-1'], awsEnv());
    expect(run.status).not.toBe(0);
    expect(taskResults(run.output)['good:deploy']).toBe('run');
    expect(endpoint.requests().length).toBeGreaterThan(0);
  }, TEN_MINUTES);
});
