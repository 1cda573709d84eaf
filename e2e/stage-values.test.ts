/**
 * Per-stage values through the real nx CLI on a packed install: one stack.yml with $Stage,
 * $Region, $CliArgs, $File, $Format and $Var, deployed to the local stage and to moto's dev
 * stage. The templates differ exactly by those values; the function's package task is shared
 * by both stages (its artifact cannot depend on the stage) and re-runs when config.json, which
 * $File reads, changes. A misused directive fails `validate` with its stack.yml location while
 * the other project keeps working.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { CloudFormationClient, GetTemplateCommand } from '@aws-sdk/client-cloudformation';
import { describe, expect, it } from 'vitest';
import { motoEnv } from '../tools/test-services/aws-env';
import { REPO_ROOT, runNx, taskResults, type NxRun } from './lib/sample-workspace';
import { suiteWorkspace } from './lib/suite';

const TEN_MINUTES = 600_000;

type Template = { Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }> };

function expectSuccess(run: NxRun): void {
  if (run.status !== 0) throw new Error(`nx failed (exit ${run.status}):\n${run.output.slice(-6000)}`);
}

/** MemorySize, environment and code key of the template's one Lambda function. */
function lambdaOf(template: Template): { memory: unknown; env: Record<string, string>; code: unknown } {
  const fns = Object.values(template.Resources).filter((r) => r.Type === 'AWS::Lambda::Function');
  expect(fns).toHaveLength(1);
  const p = fns[0].Properties ?? {};
  return { memory: p['MemorySize'], env: (p['Environment'] as { Variables: Record<string, string> }).Variables, code: p['Code'] };
}

const localTemplate = (ws: string): Template => JSON.parse(readFileSync(path.join(ws, '.nxstack', 'local', 'shop', 'template.json'), 'utf8')) as Template;

async function devTemplate(env: Record<string, string>): Promise<Template> {
  const cfn = new CloudFormationClient({ region: env.AWS_REGION, endpoint: env.AWS_ENDPOINT_URL, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
  return JSON.parse((await cfn.send(new GetTemplateCommand({ StackName: 'shop-dev' }))).TemplateBody ?? '{}') as Template;
}

describe('e2e: one stack.yml, values per stage', () => {
  const workspace = suiteWorkspace(path.join(REPO_ROOT, 'e2e', 'stage-values-workspace'), 'nxs-e2e-stage-values-');

  it(
    'deploys the same stack.yml to local and dev with each stage its own values; config.json edits re-package and redeploy',
    async () => {
      const ws = workspace();
      const local = runNx(ws, ['run', 'shop:deploy']);
      expectSuccess(local);
      expect(lambdaOf(localTemplate(ws))).toMatchObject({ memory: 512, env: { TABLE: 'shop-local-orders', WHERE: 'local', TIER: 'basic' } });

      const env = motoEnv('us-east-1');
      const dev = runNx(ws, ['run', 'shop:deploy', '--stage', 'dev', '--region', 'us-east-1', '--tier=pro'], env);
      expectSuccess(dev);
      const devFn = lambdaOf(await devTemplate(env));
      expect(devFn).toMatchObject({ memory: 512, env: { TABLE: 'shop-dev-orders', WHERE: 'us-east-1', TIER: 'pro' } });
      // The artifact is the same for both stages: packaged once, restored from the cache for dev.
      expect(taskResults(dev.output)['shop:package--fn']).toBe('cache');
      // validate ran again: the stage (and --tier) are part of its hash.
      expect(taskResults(dev.output)['shop:validate']).toBe('run');

      // Same command again: validate and package come from the cache.
      const again = runNx(ws, ['run', 'shop:deploy', '--stage', 'dev', '--region', 'us-east-1', '--tier=pro'], env);
      expectSuccess(again);
      expect(taskResults(again.output)).toMatchObject({ 'shop:package--fn': 'cache', 'shop:validate': 'cache' });

      // config.json is read by $File: editing it re-packages the function and changes both stages' templates.
      writeFileSync(path.join(ws, 'shop', 'config.json'), '{ "memory": 1024 }\n');
      const edited = runNx(ws, ['run', 'shop:deploy', '--stage', 'dev', '--region', 'us-east-1', '--tier=pro'], env);
      expectSuccess(edited);
      expect(taskResults(edited.output)).toMatchObject({ 'shop:package--fn': 'run', 'shop:validate': 'run' });
      expect(lambdaOf(await devTemplate(env))).toMatchObject({ memory: 1024, env: { TABLE: 'shop-dev-orders', TIER: 'pro' } });
      expectSuccess(runNx(ws, ['run', 'shop:deploy']));
      expect(lambdaOf(localTemplate(ws))).toMatchObject({ memory: 1024, env: { TABLE: 'shop-local-orders', TIER: 'basic' } });
    },
    TEN_MINUTES,
  );

  it('a misused directive fails validate with its stack.yml location; the other project is unaffected', () => {
    const ws = workspace();
    const run = runNx(ws, ['run', 'bad:validate']);
    expect(run.status).not.toBe(0);
    expect(run.output).toContain("NXS_VARIABLE_UNKNOWN bad/stack.yml:15:18 $Var('prefx'): variable 'prefx' is not defined");
    expect(run.output).toContain("Did you mean 'prefix'?");
    const shown = runNx(ws, ['show', 'projects', '--json']);
    expectSuccess(shown);
    expect((JSON.parse(shown.output.slice(shown.output.indexOf('['))) as string[]).sort()).toEqual(['bad', 'shop']);
    expectSuccess(runNx(ws, ['run', 'shop:validate']));

    // $CliArgs without a default and without the argument: located, before any AWS call.
    writeFileSync(path.join(ws, 'bad', 'stack.yml'), readFileSync(path.join(ws, 'bad', 'stack.yml'), 'utf8').replace("$Var('prefx')", "$CliArgs('tableName')"));
    const missing = runNx(ws, ['run', 'bad:validate']);
    expect(missing.status).not.toBe(0);
    expect(missing.output).toContain("NXS_CLI_ARG_MISSING bad/stack.yml:15:18 $CliArgs('tableName'): the command has no --tableName argument");
    expectSuccess(runNx(ws, ['run', 'bad:validate', '--tableName=orders']));
  });
});
