/**
 * Issue 14, the install path: the packed packages published to a local npm registry (Verdaccio),
 * then exactly what the README tells a user, in a fresh Nx 24 workspace made by `nx init`:
 * `npm install -D @nxstack/plugin`, `npx nx add @nxstack/plugin` (twice: nothing changes),
 * `npx nx g @nxstack/plugin:stack <project> [--language]`, `npx nx show project`, `npx nx run
 * <project>:deploy` to the local stage and to moto (`--stage dev`), `env--<resource> --output`,
 * and `npx nx g @nxstack/plugin:ci --provider github`. One workspace for the whole file.
 */
import { CloudFormationClient, DescribeStacksCommand, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { GetFunctionConfigurationCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parse } from 'yaml';
import { actionlint } from '../tools/test-services/actionlint';
import { motoEnv } from '../tools/test-services/aws-env';
import '../tools/test-services/provided-context';
import { createFreshNxWorkspace, npm, npx, publishPackedPackages, type PublishedPackage } from './lib/local-registry';
import { packPackages, taskResults, type NxRun } from './lib/sample-workspace';

const FIFTEEN_MINUTES = 900_000;
/** Projects that exist before nxstack is added; stack names <project>-dev stay apart from other e2e files on the shared moto. */
const LANGUAGE_PROJECTS = { ts: 'shop', python: 'pyshop', go: 'goshop', java: 'jshop' } as const;
const HANDWRITTEN = 'billing';

let ws: string;
let published: PublishedPackage[];

function spawnResult(command: string, args: string[], cwd: string): NxRun {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

function ok(run: NxRun): NxRun {
  if (run.status !== 0) throw new Error(`command failed (exit ${run.status}):\n${run.output.slice(-8000)}`);
  return run;
}

const read = (file: string) => readFileSync(path.join(ws, file), 'utf8');

function addProject(name: string): void {
  mkdirSync(path.join(ws, name), { recursive: true });
  writeFileSync(path.join(ws, name, 'project.json'), `${JSON.stringify({ name, $schema: '../node_modules/nx/schemas/project-schema.json', projectType: 'application' }, null, 2)}\n`);
}

function targetsOf(project: string): Record<string, { executor?: string }> {
  const run = ok(npx(ws, ['nx', 'show', 'project', project, '--json']));
  return (JSON.parse(run.output.slice(run.output.indexOf('{'))) as { targets: Record<string, { executor?: string }> }).targets;
}

function awsClients() {
  const env = motoEnv('us-east-1');
  const config = { region: env.AWS_REGION, endpoint: env.AWS_ENDPOINT_URL, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } };
  return { env, cfn: new CloudFormationClient(config), lambda: new LambdaClient(config) };
}

/** Runtime, handler and GREETING of the one Lambda function of stack `<project>-dev` on moto. */
async function deployedFunction(project: string): Promise<{ status?: string; runtime?: string; handler?: string; greeting?: string }> {
  const { cfn, lambda } = awsClients();
  const stack = (await cfn.send(new DescribeStacksCommand({ StackName: `${project}-dev` }))).Stacks?.[0];
  const resources = (await cfn.send(new ListStackResourcesCommand({ StackName: `${project}-dev` }))).StackResourceSummaries ?? [];
  const fns = resources.filter((r) => r.ResourceType === 'AWS::Lambda::Function');
  expect(fns, `one function in ${project}-dev`).toHaveLength(1);
  const fn = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: fns[0].PhysicalResourceId }));
  return { status: stack?.StackStatus, runtime: fn.Runtime, handler: fn.Handler, greeting: fn.Environment?.Variables?.['GREETING'] };
}

describe('e2e: install from a registry and use nxstack as the README says', () => {
  beforeAll(() => {
    const registry = inject('npmRegistry');
    const packs = mkdtempSync(path.join(tmpdir(), 'nxs-packs-'));
    published = publishPackedPackages(registry, packPackages(packs));
    rmSync(packs, { recursive: true, force: true });
    ws = createFreshNxWorkspace(registry);
    for (const p of Object.values(LANGUAGE_PROJECTS)) addProject(p);
    // A project that already has a stack.yml (moved from Stacktape): nx add gives it the schema modeline.
    addProject(HANDWRITTEN);
    writeFileSync(path.join(ws, HANDWRITTEN, 'stack.yml'), 'resources:\n  invoices:\n    type: bucket\n');
  }, FIFTEEN_MINUTES);

  // NXSTACK_KEEP_E2E=1 keeps the workspace for a look after a failure.
  afterAll(() => {
    if (ws && !process.env['NXSTACK_KEEP_E2E']) rmSync(path.dirname(ws), { recursive: true, force: true });
  });

  it('npm install -D @nxstack/plugin installs the plugin and every executor package from the registry', () => {
    ok(npm(ws, ['install', '-D', '@nxstack/plugin', '--no-audit', '--no-fund', '--prefer-offline']));
    const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, { version?: string; integrity?: string; link?: boolean }> };
    const plugin = JSON.parse(read('node_modules/@nxstack/plugin/package.json')) as { dependencies: Record<string, string> };
    const wanted = ['@nxstack/plugin', ...Object.keys(plugin.dependencies).filter((d) => d.startsWith('@nxstack/'))];
    expect(wanted.length).toBeGreaterThan(8);
    for (const name of wanted) {
      const entry = lock.packages[`node_modules/${name}`];
      const pack = published.find((p) => p.name === name);
      expect(pack, `${name} was published`).toBeDefined();
      // The registry's exact tarball, not a link or a file: dependency.
      expect(entry, name).toMatchObject({ version: pack!.version, integrity: pack!.integrity });
      expect(entry.link, name).toBeUndefined();
    }
    expect(JSON.parse(read('package.json')).devDependencies['@nxstack/plugin']).toMatch(/^\^?0\.1\.0$/);
    // The schema the modeline points at ships in @nxstack/core.
    expect(JSON.parse(read('node_modules/@nxstack/core/schema/stack.schema.json')).title).toBe('nxstack stack.yml');
  }, FIFTEEN_MINUTES);

  it('npx nx add @nxstack/plugin registers the plugin, ignores .nxstack/ and dist/stack/, adds the schema modeline; a second run changes nothing', () => {
    ok(npx(ws, ['nx', 'add', '@nxstack/plugin']));
    expect(JSON.parse(read('nx.json')).plugins).toEqual(['@nxstack/plugin']);
    const ignored = read('.gitignore').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['.nxstack/', 'dist/stack/']));
    const stackFile = read(`${HANDWRITTEN}/stack.yml`);
    const modeline = stackFile.split('\n')[0];
    expect(modeline).toBe('# yaml-language-server: $schema=../node_modules/@nxstack/core/schema/stack.schema.json');
    expect(existsSync(path.join(ws, HANDWRITTEN, modeline.split('$schema=')[1]))).toBe(true);
    const files = ['nx.json', '.gitignore', 'package.json', `${HANDWRITTEN}/stack.yml`];
    const before = Object.fromEntries(files.map((f) => [f, read(f)]));
    ok(npx(ws, ['nx', 'add', '@nxstack/plugin']));
    ok(npx(ws, ['nx', 'g', '@nxstack/plugin:init']));
    expect(Object.fromEntries(files.map((f) => [f, read(f)]))).toEqual(before);
    // The handwritten stack deploys to the local stage as it is.
    ok(npx(ws, ['nx', 'run', `${HANDWRITTEN}:deploy`]));
  }, FIFTEEN_MINUTES);

  it('nx g @nxstack/plugin:stack shop: show project lists the targets, deploy to the local stage, invoke, env--hello --output as a .env file', () => {
    const p = LANGUAGE_PROJECTS.ts;
    ok(npx(ws, ['nx', 'g', '@nxstack/plugin:stack', p]));
    expect(read(`${p}/stack.yml`).split('\n')[0]).toBe('# yaml-language-server: $schema=../node_modules/@nxstack/core/schema/stack.schema.json');
    const targets = targetsOf(p);
    expect(Object.keys(targets)).toEqual(expect.arrayContaining(['validate', 'package--hello', 'publish--hello', 'package', 'deploy', 'diff', 'destroy', 'env--hello', 'invoke']));
    expect(targets['package--hello'].executor).toBe('@nxstack/packager-node:package');
    ok(npx(ws, ['nx', 'run', `${p}:deploy`]));
    // Deploying again (as the README's tour does): the package task comes from the Nx cache and the stack is left alone.
    const again = ok(npx(ws, ['nx', 'run', `${p}:deploy`]));
    expect(taskResults(again.output)[`${p}:package--hello`]).toBe('cache');
    expect(again.output).toMatch(/stack \S+ is up to date/);
    writeFileSync(path.join(ws, 'event.json'), '{"name":"nxstack"}');
    expect(ok(npx(ws, ['nx', 'run', `${p}:invoke`, '--resource', 'hello', '--event', 'event.json'])).output).toContain('Hello, nxstack!');
    // --output writes only the variables: no Nx banner, usable as a .env file.
    ok(npx(ws, ['nx', 'run', `${p}:env--hello`, '--output', '.env.shop']));
    expect(read('.env.shop')).toBe('GREETING=Hello\n');
    expect(statSync(path.join(ws, '.env.shop')).mode & 0o777).toBe(0o600);
  }, FIFTEEN_MINUTES);

  it('deploys the generated TypeScript stack to moto with --stage dev', async () => {
    const p = LANGUAGE_PROJECTS.ts;
    ok(npx(ws, ['nx', 'run', `${p}:deploy`, '--stage', 'dev'], awsClients().env));
    expect(await deployedFunction(p)).toMatchObject({ status: 'CREATE_COMPLETE', runtime: 'nodejs22.x', handler: 'index.handler', greeting: 'Hello' });
    ok(npx(ws, ['nx', 'run', `${p}:env--hello`, '--stage', 'dev', '--output', '.env.dev'], awsClients().env));
    expect(read('.env.dev')).toContain('GREETING=Hello\n');
  }, FIFTEEN_MINUTES);

  // Running each language's function locally is covered by local-runtime's zip tests and e2e/invoke;
  // here the generated stacks are deployed, which packages them with their language's packager.
  it('nx g @nxstack/plugin:stack --language python|go|java: each deploys to the local stage and to moto', async () => {
    const others = (['python', 'go', 'java'] as const).map((language) => ({ language, project: LANGUAGE_PROJECTS[language] }));
    for (const { language, project } of others) ok(npx(ws, ['nx', 'g', '@nxstack/plugin:stack', project, '--language', language]));
    const projects = others.map((o) => o.project).join(',');
    ok(npx(ws, ['nx', 'run-many', '-t', 'deploy', '-p', projects]));
    ok(npx(ws, ['nx', 'run-many', '-t', 'deploy', '-p', projects, '--stage', 'dev'], awsClients().env));
    const runtimes = { python: 'python3.12', go: 'provided.al2023', java: 'java21' };
    for (const { language, project } of others) {
      expect(await deployedFunction(project), project).toMatchObject({ status: 'CREATE_COMPLETE', runtime: runtimes[language], greeting: 'Hello' });
    }
  }, FIFTEEN_MINUTES);

  it('nx g @nxstack/plugin:ci --provider github writes a workflow actionlint accepts whose nx commands name real targets and deploy only the affected project', async () => {
    ok(npx(ws, ['nx', 'g', '@nxstack/plugin:ci', '--provider', 'github']));
    const wf = parse(read('.github/workflows/nxstack.yml')) as {
      on: { push: { branches: string[] }; pull_request: unknown };
      env: Record<string, string>;
      jobs: Record<string, { permissions?: Record<string, string>; env: Record<string, string>; steps: { uses?: string; run?: string; with?: Record<string, string> }[] }>;
    };
    expect(wf.on.push.branches).toEqual(['main']);
    expect(wf.env.NX_SELF_HOSTED_REMOTE_CACHE_SERVER).toBe('${{ vars.NX_SELF_HOSTED_REMOTE_CACHE_SERVER }}');
    expect(wf.jobs.deploy.permissions?.['id-token']).toBe('write');
    expect(wf.jobs.deploy.env.NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN).toMatch(/^\$\{\{ secrets\.\w+ \}\}$/);
    expect(wf.jobs.check.env.NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN).toMatch(/^\$\{\{ secrets\.\w+ \}\}$/);
    expect(wf.jobs.check.env.NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN).not.toBe(wf.jobs.deploy.env.NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN);
    const creds = wf.jobs.deploy.steps.find((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials@'));
    expect(creds?.with?.['role-to-assume']).toMatch(/^\$\{\{ secrets\.\w+ \}\}$/);
    // Every `npx nx affected -t <targets>` of the workflow names targets the generated projects have.
    const commands = Object.values(wf.jobs).flatMap((j) => j.steps.map((s) => s.run ?? '')).filter((r) => r.startsWith('npx nx '));
    expect(commands).toContain('npx nx affected -t deploy --stage prod');
    const targets = Object.keys(targetsOf(LANGUAGE_PROJECTS.ts));
    for (const command of commands) {
      const tokens = command.split(' ');
      const named = tokens.slice(tokens.indexOf('-t') + 1);
      const end = named.findIndex((t) => t.startsWith('-'));
      const names = end < 0 ? named : named.slice(0, end);
      expect(names.length, command).toBeGreaterThan(0);
      for (const t of names) expect(targets, command).toContain(t);
    }
    expect(actionlint(path.join(ws, '.github/workflows/nxstack.yml'))).toBe('');

    // Run the workflow's commands as its jobs would after a commit that changes only shop's handler
    // (nx-set-shas gives nx affected NX_BASE/NX_HEAD), against moto: only shop is validated, packaged, deployed.
    writeFileSync(path.join(ws, '.gitignore'), `${read('.gitignore')}node_modules/\n.nx/\n`);
    const git = (...args: string[]) => ok(spawnResult('git', ['-c', 'user.email=e2e@example.com', '-c', 'user.name=e2e', ...args], ws));
    git('init', '-q');
    git('add', '-A');
    git('commit', '-qm', 'base');
    writeFileSync(path.join(ws, 'shop/src/hello.ts'), `${read('shop/src/hello.ts')}// changed\n`);
    git('commit', '-qam', 'change shop');
    const env = { ...awsClients().env, NX_BASE: 'HEAD~1', NX_HEAD: 'HEAD' };
    const outputs = commands.map((command) => ok(npx(ws, command.split(' ').slice(1), env)).output);
    const ran = outputs.flatMap((o) => Object.keys(taskResults(o)));
    expect(ran).toEqual(expect.arrayContaining(['shop:validate', 'shop:package', 'shop:deploy']));
    expect(ran.filter((t) => !t.startsWith('shop:'))).toEqual([]);
    expect((await awsClients().cfn.send(new DescribeStacksCommand({ StackName: 'shop-prod' }))).Stacks?.[0]?.StackStatus).toBe('CREATE_COMPLETE');
  }, FIFTEEN_MINUTES);
});
