/**
 * Per-stage values through the real nx CLI on a packed install: one stack.yml with $Stage,
 * $Region, $CliArgs, $File, $Format and $Var, deployed to the local stage and to moto's dev
 * stage. The templates differ exactly by those values; the function's package task is shared
 * by both stages (its artifact cannot depend on the stage) and re-runs when config.json, which
 * $File reads, changes; $File also reads .yml, .env, .ini and .yaml files, each in validate's hash.
 * validate's hash holds the option $CliArgs reads (--tier), not deploy's
 * other flags (--approve), which are not forwarded to it. A misused directive fails `validate` with
 * its stack.yml location while the other project keeps working. A third project's HTTP API has customDomains: not served on
 * the local stage, looked up (hosted zone) before any write on moto's `dns` stage, then deployed.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { CloudFormationClient, DescribeStacksCommand, GetTemplateCommand, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { GetFunctionConfigurationCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { motoEnv } from '../tools/test-services/aws-env';
import { createHostedZone, listRecords } from '../tools/test-services/moto-route53';
import { REPO_ROOT, runNx, taskResults, type NxRun } from './lib/sample-workspace';
import { suiteWorkspace } from './lib/suite';

const TEN_MINUTES = 600_000;

type Template = { Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }> };

function expectSuccess(run: NxRun): void {
  if (run.status !== 0) throw new Error(`nx failed (exit ${run.status}):\n${run.output.slice(-6000)}`);
}

/** MemorySize, Timeout, environment and code key of the template's one Lambda function. */
function lambdaOf(template: Template): { memory: unknown; timeout: unknown; env: Record<string, string>; code: unknown } {
  const fns = Object.values(template.Resources).filter((r) => r.Type === 'AWS::Lambda::Function');
  expect(fns).toHaveLength(1);
  const p = fns[0].Properties ?? {};
  return { memory: p['MemorySize'], timeout: p['Timeout'], env: (p['Environment'] as { Variables: Record<string, string> }).Variables, code: p['Code'] };
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
      // $File of each other format: .yml (a number), .env, .ini (a section's key) and .yaml.
      expect(lambdaOf(localTemplate(ws))).toMatchObject({ timeout: 20, env: { OWNER: 'payments', CHANNEL: '#orders', LEVEL: 'info' } });

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
      // A flag stack.yml does not read (deploy's --approve) is not forwarded to validate: still a cache hit.
      const unrelated = runNx(ws, ['run', 'shop:deploy', '--stage', 'dev', '--region', 'us-east-1', '--tier=pro', '--approve'], env);
      expectSuccess(unrelated);
      expect(taskResults(unrelated.output)).toMatchObject({ 'shop:validate': 'cache' });
      // The option $CliArgs('tier') reads is in validate's hash (its env input): another value validates again and deploys.
      const gold = runNx(ws, ['run', 'shop:deploy', '--stage', 'dev', '--region', 'us-east-1', '--tier=gold'], env);
      expectSuccess(gold);
      expect(taskResults(gold.output)).toMatchObject({ 'shop:validate': 'run', 'shop:package--fn': 'cache' });
      expect(lambdaOf(await devTemplate(env)).env).toMatchObject({ TIER: 'gold' });

      // config.json is read by $File: editing it re-packages the function and changes both stages' templates.
      writeFileSync(path.join(ws, 'shop', 'config.json'), '{ "memory": 1024 }\n');
      const edited = runNx(ws, ['run', 'shop:deploy', '--stage', 'dev', '--region', 'us-east-1', '--tier=pro'], env);
      expectSuccess(edited);
      expect(taskResults(edited.output)).toMatchObject({ 'shop:package--fn': 'run', 'shop:validate': 'run' });
      expect(lambdaOf(await devTemplate(env))).toMatchObject({ memory: 1024, env: { TABLE: 'shop-dev-orders', TIER: 'pro' } });
      expectSuccess(runNx(ws, ['run', 'shop:deploy']));
      expect(lambdaOf(localTemplate(ws))).toMatchObject({ memory: 1024, env: { TABLE: 'shop-local-orders', TIER: 'basic' } });

      // Each other format's file is in validate's hash on its own: editing it validates again.
      const edits: Array<[string, string]> = [
        ['limits.yml', 'timeout: 25\n'],
        ['team.env', 'OWNER=billing\n'],
        ['alerts.ini', '[slack]\nchannel = "#billing"\n'],
        ['logging.yaml', 'level: debug\n'],
      ];
      expectSuccess(runNx(ws, ['run', 'shop:validate']));
      expect(taskResults(runNx(ws, ['run', 'shop:validate']).output)['shop:validate']).toBe('cache');
      for (const [file, text] of edits) {
        writeFileSync(path.join(ws, 'shop', file), text);
        const validated = runNx(ws, ['run', 'shop:validate']);
        expectSuccess(validated);
        expect(taskResults(validated.output)['shop:validate'], file).toBe('run');
      }
      const formats = runNx(ws, ['run', 'shop:deploy', '--stage', 'dev', '--region', 'us-east-1', '--tier=pro'], env);
      expectSuccess(formats);
      expect(lambdaOf(await devTemplate(env))).toMatchObject({ memory: 1024, timeout: 25, env: { OWNER: 'billing', CHANNEL: '#billing', LEVEL: 'debug', TIER: 'pro' } });
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
    expect((JSON.parse(shown.output.slice(shown.output.indexOf('['))) as string[]).sort()).toEqual(['bad', 'domains', 'shop']);
    expectSuccess(runNx(ws, ['run', 'shop:validate']));

    // $CliArgs without a default and without the argument: located, before any AWS call.
    writeFileSync(path.join(ws, 'bad', 'stack.yml'), readFileSync(path.join(ws, 'bad', 'stack.yml'), 'utf8').replace("$Var('prefx')", "$CliArgs('tableName')"));
    const missing = runNx(ws, ['run', 'bad:validate']);
    expect(missing.status).not.toBe(0);
    expect(missing.output).toContain("NXS_CLI_ARG_MISSING bad/stack.yml:15:18 $CliArgs('tableName'): the command has no --tableName argument");
    expectSuccess(runNx(ws, ['run', 'bad:validate', '--tableName=orders']));
    // Through deploy, validate gets the option it reads from the command line without it being forwarded.
    const deployed = runNx(ws, ['run', 'bad:deploy', '--tableName=orders']);
    expectSuccess(deployed);
    expect(taskResults(deployed.output)['bad:validate']).toBe('run');
    const table = (JSON.parse(readFileSync(path.join(ws, '.nxstack', 'local', 'bad', 'template.json'), 'utf8')) as Template);
    expect(lambdaOf(table).env).toMatchObject({ TABLE: 'orders' });
    const without = runNx(ws, ['run', 'bad:deploy']);
    expect(without.status).not.toBe(0);
    expect(without.output).toContain('NXS_CLI_ARG_MISSING bad/stack.yml:15:18');
  });
  it(
    'customDomains: the local stage lists them as not served; an AWS stage without the hosted zone fails located before any stack write; with it, certificate, domain name and alias record are deployed and destroyed',
    async () => {
      const ws = workspace();
      const local = runNx(ws, ['run', 'domains:deploy']);
      expectSuccess(local);
      expect(local.output).toMatch(/ApiCustomDomainsNotServedLocally\s+api\.nxstack-e2e\.example, legacy\.nxstack-e2e\.example/);
      const localTypes = Object.values(JSON.parse(readFileSync(path.join(ws, '.nxstack', 'local', 'domains', 'template.json'), 'utf8')).Resources as Template['Resources']).map((r) => r.Type);
      expect(localTypes).not.toContain('AWS::Route53::RecordSet');
      expect(localTypes).not.toContain('AWS::ApiGatewayV2::DomainName');

      const env = motoEnv('us-east-1');
      const aws = { region: env.AWS_REGION, endpoint: env.AWS_ENDPOINT_URL, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } };
      const cfn = new CloudFormationClient(aws);
      const deploy = () => runNx(ws, ['run', 'domains:deploy', '--stage', 'dns', '--region', 'us-east-1'], env);
      const noZone = deploy();
      expect(noZone.status).not.toBe(0);
      expect(noZone.output).toMatch(/NXS_HOSTED_ZONE_NOT_FOUND domains\/stack\.yml:9:\d+ No public Route 53 hosted zone of this account holds api\.nxstack-e2e\.example/);
      expect(noZone.output).toContain('aws route53 create-hosted-zone --name nxstack-e2e.example');
      // Refused by publish--hello before the stage was opened: no bootstrap bucket, no stack.
      await expect(cfn.send(new DescribeStacksCommand({ StackName: 'domains-dns' }))).rejects.toThrow(/does not exist/);
      await expect(new S3Client({ ...aws, forcePathStyle: true }).send(new HeadBucketCommand({ Bucket: 'nxstack-123456789012-us-east-1-dns' }))).rejects.toThrow();

      const zoneId = await createHostedZone(env.AWS_ENDPOINT_URL, 'nxstack-e2e.example');
      const deployed = deploy();
      expectSuccess(deployed);
      expect(deployed.output).toMatch(/ApiCustomDomainUrls\s+https:\/\/api\.nxstack-e2e\.example, https:\/\/legacy\.nxstack-e2e\.example/);
      expect(deployed.output).toMatch(/ApiCanonicalDomain\s+d-\w+\.execute-api\.us-east-1\.amazonaws\.com/);
      const resources = (await cfn.send(new ListStackResourcesCommand({ StackName: 'domains-dns' }))).StackResourceSummaries ?? [];
      const physical = (type: string) => resources.filter((r) => r.ResourceType === type).map((r) => r.PhysicalResourceId).sort();
      expect(physical('AWS::ApiGatewayV2::DomainName')).toEqual(['api.nxstack-e2e.example', 'legacy.nxstack-e2e.example']);
      expect(physical('AWS::ApiGatewayV2::ApiMapping')).toHaveLength(2);
      // legacy's DNS is managed elsewhere, but its certificate is still nxstack's (as Stacktape does).
      expect(physical('AWS::CertificateManager::Certificate')).toEqual([expect.stringMatching(/^arn:aws:acm:us-east-1:\d{12}:certificate\//), expect.stringMatching(/^arn:aws:acm:/)]);
      const records = async () => (await listRecords(env.AWS_ENDPOINT_URL, zoneId)).map((r) => [r.name, r.type, r.aliasTarget]);
      // The alias record to the domain name's regional endpoint and each certificate's validation record; no alias record for legacy.
      expect(await records()).toEqual(expect.arrayContaining([
        ['api.nxstack-e2e.example', 'A', expect.stringMatching(/^d-\w+\.execute-api\.us-east-1\.amazonaws\.com$/)],
        [expect.stringMatching(/^_\w+\.api\.nxstack-e2e\.example$/), 'CNAME', undefined],
        [expect.stringMatching(/^_\w+\.legacy\.nxstack-e2e\.example$/), 'CNAME', undefined],
      ]));
      expect((await records()).filter(([name, type]) => String(name).includes('legacy') && type !== 'CNAME')).toEqual([]);
      const fn = resources.find((r) => r.ResourceType === 'AWS::Lambda::Function')!.PhysicalResourceId!;
      expect((await new LambdaClient(aws).send(new GetFunctionConfigurationCommand({ FunctionName: fn }))).Environment?.Variables?.PUBLIC_URL).toBe('https://api.nxstack-e2e.example');

      expectSuccess(runNx(ws, ['run', 'domains:destroy', '--stage', 'dns', '--region', 'us-east-1'], env));
      expect((await records()).filter(([, type]) => type !== 'SOA' && type !== 'NS')).toEqual([]);
    },
    TEN_MINUTES,
  );
});
