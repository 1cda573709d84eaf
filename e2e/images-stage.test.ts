/**
 * Image builds that trust the stage (issue 9, points 2-4) through the real nx CLI on a packed
 * install:
 * - `nx run stg:deploy --stage dev` against moto: Sparta's labelled Dockerfile gets the stage's
 *   account (moto STS, looked up once) and region, and the TS bundle the node packager built in
 *   its build context (SPARTA_BINARY); a repeat deploy is a cache hit, another stage or other
 *   credentials rebuild instead of reusing an image labelled for someone else.
 * - `network: none` reaches the engine (the test dockerd has no network), an arm64 function fails
 *   clearly on an engine without arm64 emulation.
 * - Buildpack services on glibc bases run their native dependencies (markupsafe's C extension
 *   from a manylinux wheel, @node-rs/xxhash's linux-x64-gnu addon) under dockerd.
 * - `promote --from dev`: every image copied by digest into the target stage's repository
 *   (cross-repository mount on one registry, blob copy to another region's registry), the zip
 *   under its key; both stacks' templates pin the same digests and keys.
 * - `deploy --hotswap` of a worker-service image change: a new task-definition revision and
 *   UpdateService on moto's ECS, no CloudFormation write; only the changed image's package task
 *   runs: validate and the unchanged Dockerfile image are cache hits (--hotswap is not forwarded
 *   to them, the stage reaches them through the environment).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { CloudFormationClient, GetTemplateCommand } from '@aws-sdk/client-cloudformation';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { pushImage, readLayout, RegistryClient, type Image } from '@nxstack/image-builder';
import { loadIntoDocker, runInDocker } from '../packages/image-builder/src/__fixtures__/busybox-base';
import { hostNodeBaseImage, hostPythonBaseImage } from '../packages/image-builder/src/__fixtures__/host-runtime-base';
import { cfnLint } from '../tools/test-services/cfn-lint';
import { motoEnv } from '../tools/test-services/aws-env';
import { ECR_TOKEN_CREDENTIALS } from '../tools/test-services/registry';
import { createWorkspaceFromTemplate, runNx, summaries, taskResults, type NxRun } from './lib/sample-workspace';
import { deployedTemplate, runningService, templateImages, templateZipKeys } from './lib/deployed-stack';
import { commitAll, projectTargets, removeWorkspaceAfterAll } from './lib/suite';

const TEN_MINUTES = 600_000;
const TEMPLATE = path.join(__dirname, 'images-stage-workspace');
const MOTO_ACCOUNT = '123456789012';
let ws: string;
let registry: string;
let dockerEnv: Record<string, string>;

function expectSuccess(run: NxRun): void {
  if (run.status !== 0) throw new Error(`nx failed (exit ${run.status}):\n${run.output.slice(-8000)}`);
}

function devEnv(extra: Record<string, string> = {}): Record<string, string> {
  return { ...motoEnv('us-east-1'), ...dockerEnv, ...extra };
}

function builtImage(resource: string): Promise<Image> {
  return readLayout(path.join(ws, 'dist/stack/stg', resource, 'image'));
}

function imageInfo(resource: string): { buildId: string; builtFor?: { stage: string; region: string; accountId: string } } {
  return JSON.parse(readFileSync(path.join(ws, 'dist/stack/stg', resource, 'image.json'), 'utf8'));
}

function stsLookups(): number {
  const dir = path.join(ws, '.nxstack/cache/sts');
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')).length : 0;
}

async function runImage(image: Image, tag: string): Promise<string> {
  await loadIntoDocker(image, tag);
  const run = await runInDocker(tag);
  expect(run.exitCode, run.output).toBe(0);
  return run.output;
}

describe('e2e: stage-aware Dockerfile builds and glibc service images', () => {
  beforeAll(async () => {
    registry = inject('registry');
    dockerEnv = { DOCKER_HOST: inject('dockerHost') };
    // glibc bases made from this machine's python3.11 and node (no public image can be pulled):
    // in the registry for the daemonless buildpack, and loaded into the engine for the Dockerfile.
    const client = new RegistryClient({ registry });
    const [py, node] = [await hostPythonBaseImage(), await hostNodeBaseImage()];
    await pushImage(py, { client, repository: 'base/host-python', tags: ['1'] });
    await pushImage(node, { client, repository: 'base/host-node', tags: ['1'] });
    await loadIntoDocker(node, `${registry}/base/host-node:1`);
    ws = createWorkspaceFromTemplate(TEMPLATE, 'nxs-e2e-imgstage-');
    for (const f of ['stg/project.json', 'stg/docker/Dockerfile', 'arm/docker/Dockerfile']) {
      const p = path.join(ws, f);
      writeFileSync(p, readFileSync(p, 'utf8').replaceAll('__REGISTRY__', registry));
    }
    commitAll(ws, 'stage images sample');
  }, TEN_MINUTES);

  removeWorkspaceAfterAll(() => ws);

  it("infers a code target for the Dockerfile artifact; the command line's stage reaches the build through env inputs, not forwarded flags", () => {
    const t = projectTargets(ws, 'stg');
    expect(t['package-code--api']).toMatchObject({ executor: '@nxstack/packager-node:package', options: { entryfilePath: 'src/server.ts', outputPath: 'dist/stack/stg/api/code' } });
    expect(t['package--api']).toMatchObject({ executor: '@nxstack/image-builder:build-image', dependsOn: ['package-code--api'] });
    expect(t['package--api']?.inputs).toContainEqual({ env: 'AWS_ACCESS_KEY_ID' });
    expect(t['package--api']?.inputs).toContainEqual({ env: 'DOCKERFILE_PATH' });
    expect(t['package--api']?.inputs).toContainEqual({ env: 'NXSTACK_CLI_STAGE' });
    // Its sources are its build context (the artifact's bundle is a dependency output), not the project.
    expect(t['package--api']?.inputs).toContain('{workspaceRoot}/stg/docker/**/*');
    expect(t['package--api']?.inputs).not.toContain('{projectRoot}/**/*');
    expect(t['publish--api']?.dependsOn).toEqual(['package--api', 'validate']);
    // Buildpack images do not depend on the stage: one cache entry serves every stage.
    expect(t['publish--py']?.dependsOn).toEqual(['package--py', 'validate']);
  }, TEN_MINUTES);

  it("deploy --stage dev on moto: the Sparta label names the dev account's ECR repository, the bundle is in the image, STS is asked once", async () => {
    const run = runNx(ws, ['run', 'stg:deploy', '--stage', 'dev', '--region', 'us-east-1'], devEnv());
    expectSuccess(run);
    const tasks = taskResults(run.output);
    for (const task of ['package-code--api', 'package--api', 'publish--api', 'package--py', 'package--nodesvc', 'deploy']) expect(tasks[`stg:${task}`], task).toBe('run');

    const api = await builtImage('api');
    const info = imageInfo('api');
    const label = `${MOTO_ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/stg:${info.buildId}`;
    expect(api.config.config?.Labels?.['nxstack.push-to']).toBe(label);
    expect(info.builtFor).toEqual({ stage: 'dev', region: 'us-east-1', accountId: MOTO_ACCOUNT });
    expect(await runImage(api, 'nxs-e2e/stage-api:1')).toContain(`api built for dev ${MOTO_ACCOUNT} us-east-1`);
    // build-image looked the account up; push-image reused it.
    expect(stsLookups()).toBe(1);
    const record = JSON.parse(readFileSync(path.join(ws, '.nxstack/dev/images/us-east-1/stg/api.json'), 'utf8')) as { reference: string };
    expect(record.reference).toBe(`${registry}/stg/api@${api.digest}`);

    // The dev stack on moto runs the pushed digest; its template passes cfn-lint.
    const env = devEnv();
    const cfn = new CloudFormationClient({ region: env.AWS_REGION, endpoint: env.AWS_ENDPOINT_URL, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
    const body = (await cfn.send(new GetTemplateCommand({ StackName: 'stg-dev' }))).TemplateBody ?? '{}';
    const template = JSON.parse(body) as { Resources: Record<string, { Type: string; Properties?: { ContainerDefinitions?: Array<{ Image: unknown }> } }> };
    const images = Object.values(template.Resources).flatMap((r) => (r.Type === 'AWS::ECS::TaskDefinition' ? (r.Properties?.ContainerDefinitions ?? []).map((c) => JSON.stringify(c.Image)) : []));
    expect(images.some((i) => i.includes(`${registry}/stg/api@${api.digest}`))).toBe(true);
    expect(await cfnLint(template)).toBe('');
  }, TEN_MINUTES);

  it('buildpack services on glibc bases load their native dependencies at run time', async () => {
    expect(await runImage(await builtImage('py'), 'nxs-e2e/stage-py:1')).toContain('speedups True &lt;b&gt;&amp;');
    const expected = execFileSync(process.execPath, ['-e', "console.log(require('@node-rs/xxhash').xxh32('nxstack'))"], { cwd: ws, encoding: 'utf8' }).trim();
    expect(await runImage(await builtImage('nodesvc'), 'nxs-e2e/stage-node:1')).toContain(`xxh32(nxstack)=${expected}`);
  }, TEN_MINUTES);

  it('a repeat deploy is a cache hit; another stage or other credentials rebuild the labelled image', async () => {
    const again = runNx(ws, ['run', 'stg:deploy', '--stage', 'dev', '--region', 'us-east-1'], devEnv());
    expectSuccess(again);
    expect(taskResults(again.output)['stg:package--api']).toBe('cache');
    expect(stsLookups()).toBe(1);

    const qa = runNx(ws, ['run', 'stg:publish--api', '--stage', 'qa', '--region', 'us-east-1'], devEnv());
    expectSuccess(qa);
    expect(taskResults(qa.output)['stg:package--api']).toBe('run');
    expect(taskResults(qa.output)['stg:package-code--api']).toBe('cache');
    expect(imageInfo('api').builtFor).toEqual({ stage: 'qa', region: 'us-east-1', accountId: MOTO_ACCOUNT });
    expect(stsLookups()).toBe(2);

    const otherKeys = runNx(ws, ['run', 'stg:publish--api', '--stage', 'dev', '--region', 'us-east-1'], devEnv({ AWS_ACCESS_KEY_ID: 'other-dev-key' }));
    expectSuccess(otherKeys);
    expect(taskResults(otherKeys.output)['stg:package--api']).toBe('run');
    expect(imageInfo('api').builtFor?.stage).toBe('dev');
  }, TEN_MINUTES);

  it('promote --from dev: the images copied by digest (mounted within the registry, copied to another region\'s), the zip under its key; no package task', async () => {
    const dev = await deployedTemplate('stg-dev');
    const devImages = templateImages(dev);
    expect(Object.keys(devImages).sort()).toEqual(['api', 'nodesvc', 'py']);
    const digestOf = (uri: string) => /@(sha256:[0-9a-f]{64})$/.exec(uri)?.[1];
    // Edits after dev was deployed must not reach the promoted stage.
    const server = path.join(ws, 'stg/src/server.ts');
    const source = readFileSync(server, 'utf8');
    writeFileSync(server, `${source}\n// not in dev\n`);
    try {
      // The target stage's repository on the test registry (in place of its ECR repository <project>-<stage>).
      const prod = runNx(ws, ['run', 'stg:promote', '--from', 'dev', '--to', 'stgprom', '--region', 'us-east-1', `--repository=${registry}/stgprom/images`], devEnv());
      expectSuccess(prod);
      expect(Object.keys(taskResults(prod.output))).toEqual(['stg:promote']);
      expect(prod.output).toMatch(new RegExp(`api: ${registry.replace(/[.]/g, '\\.')}/stg/api@sha256:[0-9a-f]{64} → ${registry.replace(/[.]/g, '\\.')}/stgprom/images@sha256:[0-9a-f]{64} \\(blobs: \\d+ mounted`));
      const promoted = await deployedTemplate('stg-stgprom');
      const prodImages = templateImages(promoted);
      for (const [name, uri] of Object.entries(devImages)) {
        expect(prodImages[name], name).toBe(`${registry}/stgprom/images@${digestOf(uri)}`);
      }
      expect(templateZipKeys(promoted)).toEqual(templateZipKeys(dev));
      expect(Object.keys(templateZipKeys(dev))).toHaveLength(1);
      // Tags: <resource>-latest in the shared repository, never a stage name.
      const tags = ((await (await fetch(`http://${registry}/v2/stgprom/images/tags/list`)).json()) as { tags: string[] }).tags.sort();
      expect(tags).toEqual(['api-latest', 'nodesvc-latest', 'py-latest']);

      // To another region, whose registry is another one (here the test registry with auth): blobs copied, digests kept.
      const west = runNx(ws, ['run', 'stg:promote', '--from', 'dev', '--to', 'stgprom', '--region', 'eu-west-1', '--from-region', 'us-east-1', `--repository=${inject('authRegistry')}/stgprom/images`], {
        ...devEnv(),
        ...motoEnv('eu-west-1'),
        NXS_REGISTRY_USERNAME: ECR_TOKEN_CREDENTIALS.username,
        NXS_REGISTRY_PASSWORD: ECR_TOKEN_CREDENTIALS.password,
      });
      expectSuccess(west);
      expect(west.output).toMatch(/api: \S+ → \S+@sha256:[0-9a-f]{64} \(blobs: \d+ copied \(\d+ B\)/);
      const westImages = templateImages(await deployedTemplate('stg-stgprom', 'eu-west-1'));
      for (const [name, uri] of Object.entries(devImages)) expect(westImages[name], name).toBe(`${inject('authRegistry')}/stgprom/images@${digestOf(uri)}`);
    } finally {
      writeFileSync(server, source);
    }
  }, TEN_MINUTES);

  it('deploy --hotswap of a service image change: a new task-definition revision and UpdateService, no CloudFormation write', async () => {
    const before = await runningService('stg-dev', 'nodesvc');
    const inTemplate = templateImages(await deployedTemplate('stg-dev'));
    expect(before.images).toEqual([inTemplate['nodesvc']]);
    const native = path.join(ws, 'stg/src/native.ts');
    const source = readFileSync(native, 'utf8');
    writeFileSync(native, source.replace('xxh32(nxstack)=', 'xxh32 (hotswapped) nxstack='));
    try {
      const hot = runNx(ws, ['run', 'stg:deploy', '--stage', 'dev', '--region', 'us-east-1', '--hotswap'], devEnv());
      expectSuccess(hot);
      const tasks = taskResults(hot.output);
      expect(tasks['stg:package--nodesvc']).toBe('run');
      // --hotswap is not part of their hash: validate and the unchanged images are restored, so a
      // Dockerfile that does not build reproducibly cannot ship a new digest for unchanged code.
      // (package--api reads only its build context and the bundle package-code--api rebuilt unchanged.)
      for (const task of ['validate', 'package--api']) expect(tasks[`stg:${task}`], task).toBe('cache');
      const summary = summaries(hot.output).find((l) => l.kind === 'deploy');
      expect(summary?.fields).toMatchObject({ stack: 'stg-dev', mode: 'hotswap', cfnWrites: '0' });
      const pushed = JSON.parse(readFileSync(path.join(ws, '.nxstack/dev/images/us-east-1/stg/nodesvc.json'), 'utf8')) as { reference: string };
      expect(hot.output).toMatch(/updated service \S+: task definition arn:aws:ecs:us-east-1:\d+:task-definition\/stg-dev-nodesvc:2/);
      const after = await runningService('stg-dev', 'nodesvc');
      expect(after.taskDefinition).toMatch(/:task-definition\/stg-dev-nodesvc:2$/);
      expect(after.images).toEqual([pushed.reference]);
      expect(pushed.reference).not.toBe(inTemplate['nodesvc']);
      // The stack's template still names the old image (the next full deploy reconciles it).
      expect(templateImages(await deployedTemplate('stg-dev'))['nodesvc']).toBe(inTemplate['nodesvc']);
    } finally {
      writeFileSync(native, source);
    }
  }, TEN_MINUTES);

  it("DOCKERFILE_PATH in the project's .env picks the Dockerfile and is part of the build's hash", async () => {
    const dockerfile = readFileSync(path.join(ws, 'stg/docker/Dockerfile'), 'utf8');
    writeFileSync(path.join(ws, 'stg/docker/Dockerfile.alt'), `${dockerfile}LABEL nxstack-e2e.dockerfile=alt\n`);
    writeFileSync(path.join(ws, 'stg/.env'), 'DOCKERFILE_PATH=Dockerfile.alt\n');
    try {
      const alt = runNx(ws, ['run', 'stg:package--api', '--stage', 'dev', '--region', 'us-east-1'], devEnv());
      expectSuccess(alt);
      expect(taskResults(alt.output)['stg:package--api']).toBe('run');
      expect((await builtImage('api')).config.config?.Labels?.['nxstack-e2e.dockerfile']).toBe('alt');
    } finally {
      rmSync(path.join(ws, 'stg/.env'));
      rmSync(path.join(ws, 'stg/docker/Dockerfile.alt'));
    }
  }, TEN_MINUTES);

  it('an arm64 function fails clearly on an engine that cannot build arm64', () => {
    const run = runNx(ws, ['run', 'arm:package--armfn'], dockerEnv);
    expect(run.status).not.toBe(0);
    expect(run.output).toContain('NXS_DOCKER_PLATFORM_UNSUPPORTED');
    expect(run.output).toContain('linux/arm64');
    expect(run.output).toContain('qemu-user-static');
  }, TEN_MINUTES);
});
