/**
 * stack.yml's top-level `scripts` and `hooks` (Stacktape's local-script and lifecycle hooks)
 * through the real nx CLI on a packed install, on the local stage: beforeDeploy runs before the
 * package task (the function imports what the build hook generates), afterDeploy after the
 * deploy with the connectTo STP_* values, beforeDelete/afterDelete around destroy, `script--*`
 * on demand, and what is not supported is refused together with the schema errors in one round.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runNx, type NxRun } from './lib/sample-workspace';
import { projectTargets, suiteWorkspace } from './lib/suite';

const TEN_MINUTES = 600_000;

function ok(run: NxRun): string {
  if (run.status !== 0) throw new Error(`nx failed (exit ${run.status}):\n${run.output.slice(-6000)}`);
  return run.output;
}

describe('stack.yml scripts and hooks', () => {
  const ws = suiteWorkspace(path.join(REPO_ROOT, 'e2e', 'stack-scripts-workspace'), 'nxs-e2e-stack-scripts-');
  const hooksLog = () => path.join(ws(), 'api', 'hooks.log');
  const logLines = () => readFileSync(hooksLog(), 'utf8').trim().split('\n');
  // skipOnLocal hooks run in CI only: the test decides, not the machine it runs on.
  const notCi = { CI: 'false', GITHUB_ACTIONS: '' };

  it('infers script--<name> per script and before-deploy ahead of every package task', () => {
    const targets = projectTargets(ws(), 'api');
    expect(targets['script--migrate'].executor).toBe('@nxstack/deployer:script');
    expect(targets['before-deploy'].executor).toBe('@nxstack/deployer:hooks');
    for (const t of ['package--hello', 'package', 'deploy']) expect(targets[t].dependsOn?.[0], t).toBe('before-deploy');
  });

  it('deploys locally with the hooks in order, and destroy runs the delete hooks around the delete', () => {
    const deploy = ok(runNx(ws(), ['run', 'api:deploy'], notCi));
    // The build hook ran first (it generated the module the function imports), the after hooks last.
    expect(deploy.indexOf('beforeDeploy hook build: running')).toBeLessThan(deploy.indexOf('nx run api:package--hello'));
    expect(deploy.indexOf('stack api-local:')).toBeLessThan(deploy.indexOf('afterDeploy hook migrate: running'));
    expect(deploy).toContain('afterDeploy hook farewell: not run (skipOnLocal: it runs in CI only)');
    const arn = 'arn:aws:lambda:local:000000000000:function:api-local-hello';
    // cwd is the folder of stack.yml; $Format resolved for the stage; the TypeScript script ran through node.
    expect(logLines()).toEqual(['build api', `migrate ${arn} hi-local`, 'migrate step 2', 'seed seeded']);

    // On demand, with the deployed stage's values.
    ok(runNx(ws(), ['run', 'api:script--cleanup']));
    expect(logLines().at(-1)).toBe(`cleanup ${arn}`);
    rmSync(hooksLog());

    const destroy = ok(runNx(ws(), ['run', 'api:destroy']));
    expect(destroy.indexOf('beforeDelete hook cleanup: running')).toBeLessThan(destroy.indexOf('deleting stack api-local'));
    expect(destroy.indexOf('stack api-local deleted')).toBeLessThan(destroy.indexOf('afterDelete hook farewell: running'));
    expect(logLines()).toEqual([`cleanup ${arn}`, 'farewell']);
  }, TEN_MINUTES);

  it('a failing script fails its task with its output and where it is written', () => {
    const run = runNx(ws(), ['run', 'api:script--fails']);
    expect(run.status).not.toBe(0);
    expect(run.output).toMatch(/NXS_SCRIPT_FAILED api\/stack\.yml:\d+:\d+ script 'fails' failed: `echo .*` exited with code 3/);
    // pipeStdio: false shows the output only on failure; cwd: scripts is relative to stack.yml.
    expect(run.output).toContain('checking in scripts');
    expect(existsSync(path.join(ws(), 'api', 'scripts', 'hooks.log'))).toBe(false);
  });

  it('reports what is not supported and the schema and value errors in one validate run', () => {
    const run = runNx(ws(), ['run', 'legacy:validate']);
    expect(run.status).not.toBe(0);
    const codes = [...run.output.matchAll(/^(NXS_[A-Z_]+) legacy\/stack\.yml:\d+:\d+/gm)].map((m) => m[1]);
    expect(codes).toEqual(['NXS_PROVIDER_UNSUPPORTED', 'NXS_SCRIPT_UNSUPPORTED', 'NXS_HOOK_UNSUPPORTED', 'NXS_SCRIPT_UNKNOWN', 'NXS_UNKNOWN_PROPERTY', 'NXS_SCALING_INVALID']);
    expect(run.output).toContain("script 'vacuum' is a bastion-script, which is not supported yet");
  });
});
