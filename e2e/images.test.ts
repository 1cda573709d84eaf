/**
 * Image resources through the real nx CLI on a packed install (issue 5): a TypeScript Lambda
 * container image (stacktape-image-buildpack on a base image in the test registry), a
 * custom-dockerfile web service built on the test dockerd, and a prebuilt-image worker.
 * `nx run imgs:deploy` builds and stores them on the local stage, a repeat deploy is all cache
 * hits, `publish--<resource>` pushes to the test registry, and a code-only edit of the function
 * pushes one new layer + config + manifest.
 * Project `mcw`: a multi-container workload (two Dockerfile containers) and a function behind an
 * application-load-balancer (one container also on an HTTP API route and a service-connect alias):
 * one cached package task per container image, deployed to the local stage and to moto; editing
 * one container's sources rebuilds only its image.
 */
import { gunzipSync } from 'node:zlib';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { readTar } from '@nxstack/core';
import { readLayout, type Image } from '@nxstack/image-builder';
import { busyboxBaseImage, loadIntoDocker, pushBusyboxBase, runInDocker } from '../packages/image-builder/src/__fixtures__/busybox-base';
import { motoEnv } from '../tools/test-services/aws-env';
import { cfnLint } from '../tools/test-services/cfn-lint';
import { deployedTemplate } from './lib/deployed-stack';
import { createWorkspaceFromTemplate, runNx, summaries, taskResults, type NxRun } from './lib/sample-workspace';
import { commitAll, git, projectTargets, removeWorkspaceAfterAll } from './lib/suite';

const TEN_MINUTES = 600_000;
const TEMPLATE = path.join(__dirname, 'images-workspace');
const RESOURCES = ['fn', 'web', 'worker'] as const;
let ws: string;
let registry: string;
let env: Record<string, string>;

function expectSuccess(run: NxRun): void {
  if (run.status !== 0) throw new Error(`nx failed (exit ${run.status}):\n${run.output.slice(-8000)}`);
}

function fill(file: string): void {
  const p = path.join(ws, file);
  writeFileSync(p, readFileSync(p, 'utf8').replaceAll('__REGISTRY__', registry));
}

type Template = { Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }> };

function localTemplate(): Template {
  return JSON.parse(readFileSync(path.join(ws, '.nxstack/local/imgs/template.json'), 'utf8')) as Template;
}

/** push-image's record: per region on an AWS stage (these publish with moto's us-east-1). */
function imageRecord(stage: string, resource: string): { reference: string; digest: string; tags: string[] } {
  const dir = stage === 'local' ? path.join(ws, '.nxstack/local/images') : path.join(ws, '.nxstack', stage, 'images', 'us-east-1');
  return JSON.parse(readFileSync(path.join(dir, 'imgs', `${resource}.json`), 'utf8')) as { reference: string; digest: string; tags: string[] };
}

async function registryGet(pathname: string, accept?: string): Promise<Response> {
  return fetch(`http://${registry}${pathname}`, { headers: accept ? { Accept: accept } : {} });
}

function builtImage(resource: string): Promise<Image> {
  return readLayout(path.join(ws, 'dist/stack/imgs', resource, 'image'));
}

describe('e2e: image resources through the inferred Nx targets', () => {
  beforeAll(async () => {
    registry = inject('registry');
    env = { DOCKER_HOST: inject('dockerHost') };
    // Base images: the Lambda base and the prebuilt worker image in the registry; the Dockerfile's
    // FROM is loaded into the test dockerd under the same name (the engine has no network).
    await pushBusyboxBase('base/lambda-node', '1');
    await pushBusyboxBase('base/busybox', '1', { docker: true });
    await loadIntoDocker(await busyboxBaseImage({ docker: true }), `${registry}/base/busybox:1`);
    ws = createWorkspaceFromTemplate(TEMPLATE, 'nxs-e2e-img-');
    for (const f of ['imgs/stack.yml', 'imgs/project.json', 'imgs/web/Dockerfile', 'mcw/front/Dockerfile', 'mcw/back/Dockerfile']) fill(f);
    commitAll(ws, 'images sample');
  }, TEN_MINUTES);

  removeWorkspaceAfterAll(() => ws);

  it('infers a code packaging target for the image buildpack and image build/push targets', () => {
    const project = { targets: projectTargets(ws, 'imgs') };
    const t = project.targets;
    expect(t['package-code--fn']).toMatchObject({ executor: '@nxstack/packager-node:package', options: { outputPath: 'dist/stack/imgs/fn/code' } });
    expect(t['package--fn']).toMatchObject({ executor: '@nxstack/image-builder:build-image', dependsOn: ['package-code--fn'], options: { baseImage: `${registry}/base/lambda-node:1` } });
    for (const r of RESOURCES) expect(t[`publish--${r}`]?.executor).toBe('@nxstack/image-builder:push-image');
    expect(t['package-code--web']).toBeUndefined();
    expect(t['package-code--worker']).toBeUndefined();
  }, TEN_MINUTES);

  it('deploys to the local stage: OCI layouts under .nxstack/local/images, the template references them by digest', async () => {
    const run = runNx(ws, ['run', 'imgs:deploy'], env);
    expectSuccess(run);
    const tasks = taskResults(run.output);
    for (const task of ['package-code--fn', 'package--fn', 'package--web', 'package--worker', 'publish--fn', 'publish--web', 'publish--worker', 'deploy']) expect(tasks[`imgs:${task}`], task).toBe('run');

    // The function image: busybox base + a dependency layer (node_modules/semver, kept out of the
    // bundle) + a code layer, from the node packager's output in dist/stack/imgs/fn/code.
    const fn = await builtImage('fn');
    expect(fn.layers).toHaveLength(3);
    const [deps, code] = await Promise.all(fn.layers.slice(1).map(async (l) => readTar(gunzipSync(await l.read())).filter((e) => e.type === 'file').map((e) => e.path)));
    expect(deps).toContain('var/task/node_modules/semver/package.json');
    expect(code.sort()).toEqual(['var/task/index.js', 'var/task/index.js.map']);
    expect(existsSync(path.join(ws, 'dist/stack/imgs/fn/code/manifest.json'))).toBe(true);
    expect(fn.config.config?.Cmd).toEqual(['index.handler']);
    expect(imageRecord('local', 'fn').reference).toBe(`oci-layout:.nxstack/local/images/imgs/fn@${fn.digest}`);
    expect((await readLayout(path.join(ws, '.nxstack/local/images/imgs/fn'))).digest).toBe(fn.digest);
    const web = await builtImage('web');
    expect((await readLayout(path.join(ws, '.nxstack/local/images/imgs/web'))).digest).toBe(web.digest);
    const worker = imageRecord('local', 'worker');
    expect(worker.reference).toMatch(new RegExp(`^${registry.replace(/\./g, '\\.')}/base/busybox@sha256:[0-9a-f]{64}$`));

    const template = localTemplate();
    const lambdas = Object.values(template.Resources).filter((r) => r.Type === 'AWS::Lambda::Function');
    expect(lambdas).toHaveLength(1);
    expect(lambdas[0].Properties).toMatchObject({ PackageType: 'Image' });
    expect(JSON.stringify((lambdas[0].Properties?.['Code'] as { ImageUri?: unknown })?.ImageUri)).toContain(fn.digest);
    const images = Object.values(template.Resources)
      .filter((r) => r.Type === 'AWS::ECS::TaskDefinition')
      .flatMap((r) => (r.Properties?.['ContainerDefinitions'] as Array<{ Image: unknown }>).map((c) => JSON.stringify(c.Image)));
    expect(images.some((i) => i.includes(web.digest))).toBe(true);
    // A prebuilt image goes into the task definition as written in stack.yml (cfn-compiler's
    // containerImage: "pin a digest for reproducible deploys"), not as the digest push-image resolved.
    expect(images).toContain(JSON.stringify(`${registry}/base/busybox:1`));
  }, TEN_MINUTES);

  it('the custom-dockerfile image built on the engine runs', async () => {
    await loadIntoDocker(await builtImage('web'), 'nxs-e2e/web:1');
    const run = await runInDocker('nxs-e2e/web:1');
    expect(run).toMatchObject({ exitCode: 0, output: expect.stringContaining('hello from the web service') });
  }, TEN_MINUTES);

  it('a repeat deploy packages everything from the cache and leaves the stack as it is', () => {
    const before = readFileSync(path.join(ws, '.nxstack/local/imgs/template.json'), 'utf8');
    const run = runNx(ws, ['run', 'imgs:deploy'], env);
    expectSuccess(run);
    const tasks = taskResults(run.output);
    for (const task of ['package-code--fn', 'package--fn', 'package--web', 'package--worker']) expect(tasks[`imgs:${task}`], task).toBe('cache');
    expect(readFileSync(path.join(ws, '.nxstack/local/imgs/template.json'), 'utf8')).toBe(before);
    const deploy = summaries(run.output).filter((s) => s.kind === 'deploy');
    expect(deploy).toHaveLength(1);
    expect(deploy[0].fields['cfnWrites']).toBe('0');
  }, TEN_MINUTES);

  it('rebuilding without the Nx cache gives the same image digests (streamed build context, streamed layers)', async () => {
    const before = { fn: (await builtImage('fn')).digest, web: (await builtImage('web')).digest };
    const buildId = () => (JSON.parse(readFileSync(path.join(ws, 'dist/stack/imgs/web/image.json'), 'utf8')) as { buildId: string }).buildId;
    const webBuildId = buildId();
    const run = runNx(ws, ['run-many', '-t', 'package--fn', 'package--web', '-p', 'imgs', '--skip-nx-cache'], env);
    expectSuccess(run);
    expect(taskResults(run.output)['imgs:package--web']).toBe('run');
    expect({ fn: (await builtImage('fn')).digest, web: (await builtImage('web')).digest }).toEqual(before);
    expect(buildId()).toBe(webBuildId);
  }, TEN_MINUTES);

  it('publishes to the registry by digest with tags latest, the git sha and the build id', async () => {
    const sha = git(ws, ['rev-parse', 'HEAD']);
    for (const r of ['fn', 'web'] as const) {
      // A non-local stage is an AWS stage: the Dockerfile build (web) looks up its account (moto STS).
      const run = runNx(ws, ['run', `imgs:publish--${r}`, '--stage', 'e2eimg', `--repository=${registry}/e2eimg/${r}`], { ...env, ...motoEnv() });
      expectSuccess(run);
      const image = await builtImage(r);
      const buildId = (JSON.parse(readFileSync(path.join(ws, 'dist/stack/imgs', r, 'image.json'), 'utf8')) as { buildId: string }).buildId;
      const rec = imageRecord('e2eimg', r);
      expect(rec.reference).toBe(`${registry}/e2eimg/${r}@${image.digest}`);
      const manifest = await registryGet(`/v2/e2eimg/${r}/manifests/${image.digest}`, image.manifest.mediaType);
      expect(manifest.status).toBe(200);
      expect(Buffer.from(await manifest.arrayBuffer()).equals(image.rawManifest)).toBe(true);
      const tags = ((await (await registryGet(`/v2/e2eimg/${r}/tags/list`)).json()) as { tags: string[] }).tags;
      expect([...tags].sort()).toEqual(['latest', sha, buildId].sort());
      for (const tag of tags) expect((await registryGet(`/v2/e2eimg/${r}/manifests/${tag}`, image.manifest.mediaType)).headers.get('docker-content-digest')).toBe(image.digest);
      expect(summaries(run.output).find((s) => s.kind === 'publish')?.fields).toMatchObject({ resource: r, uploads: '1' });
    }
  }, TEN_MINUTES);

  it('a code-only change to the function pushes only the code layer, the config and the manifest', async () => {
    const before = await builtImage('fn');
    writeFileSync(path.join(ws, 'imgs/src/greeting.ts'), 'export function greeting(name: string): string {\n  return `hi ${name}`;\n}\n');
    git(ws, ['commit', '-q', '-am', 'friendlier greeting']);
    const depsBlob = path.join(ws, '.nxstack/cache/blobs', before.layers[1]!.descriptor.digest.replace(':', '/'));
    const depsWritten = statSync(depsBlob).mtimeMs;
    const pack = runNx(ws, ['run', 'imgs:package--fn'], env);
    expectSuccess(pack);
    expect(taskResults(pack.output)['imgs:package-code--fn']).toBe('run');
    expect(taskResults(pack.output)['imgs:package--fn']).toBe('run');
    const after = await builtImage('fn');
    // The dependency layer's inputs did not change: its blob was reused, not tarred or hashed again.
    expect(after.layers[1]!.descriptor.digest).toBe(before.layers[1]!.descriptor.digest);
    expect(statSync(depsBlob).mtimeMs).toBe(depsWritten);
    // What the registry lacks before the push is what must be uploaded: the code layer and the config.
    const missing = async () => {
      const blobs = [...after.layers.map((l) => l.descriptor.digest), after.manifest.config.digest];
      const found = await Promise.all(blobs.map(async (d) => ((await fetch(`http://${registry}/v2/e2eimg/fn/blobs/${d}`, { method: 'HEAD' })).status === 200 ? undefined : d)));
      return found.filter((d) => d !== undefined);
    };
    expect(await missing()).toEqual([after.layers[2]!.descriptor.digest, after.manifest.config.digest]);
    // An AWS stage's push is recorded for its region: without one, it fails before any upload.
    const noRegion = runNx(ws, ['run', 'imgs:publish--fn', '--stage', 'e2eimg', `--repository=${registry}/e2eimg/fn`], env);
    expect(noRegion.status).not.toBe(0);
    expect(noRegion.output).toContain('NXS_REGION_MISSING');
    expect(await missing()).toEqual([after.layers[2]!.descriptor.digest, after.manifest.config.digest]);
    const run = runNx(ws, ['run', 'imgs:publish--fn', '--stage', 'e2eimg', '--region', 'us-east-1', `--repository=${registry}/e2eimg/fn`], env);
    expectSuccess(run);
    expect(taskResults(run.output)['imgs:package--fn']).toBe('cache');
    expect(await missing()).toEqual([]);
    expect(after.digest).not.toBe(before.digest);
    const oldLayers = new Set(before.layers.map((l) => l.descriptor.digest));
    const changed = after.layers.filter((l) => !oldLayers.has(l.descriptor.digest));
    expect(changed).toHaveLength(1);
    expect(changed[0]).toBe(after.layers[2]);
    const rec = imageRecord('e2eimg', 'fn');
    expect(rec.tags).toHaveLength(3);
    const expected = changed[0].descriptor.size + after.rawConfig.length + after.rawManifest.length * rec.tags.length;
    expect(summaries(run.output).find((s) => s.kind === 'publish')?.fields).toEqual({ resource: 'fn', uploads: '1', bytes: String(expected) });
  }, TEN_MINUTES);

  it('multi-container workload behind an ALB: one package task per container image, container volumeMounts (EFS; local folders under serve), local and moto deploys, an edit rebuilds only its image', async () => {
    const t = projectTargets(ws, 'mcw');
    for (const c of ['front', 'back']) {
      expect(t[`package--app--${c}`]).toMatchObject({ executor: '@nxstack/image-builder:build-image', options: { stackFile: 'mcw/stack.yml', resource: `app--${c}` } });
      expect(t[`package--app--${c}`]?.inputs).toContain(`{workspaceRoot}/mcw/${c}/**/*`);
      expect(t['deploy']?.dependsOn).toContainEqual({ target: `publish--app--${c}`, params: 'forward' });
    }
    expect(t['package--app']).toBeUndefined();

    const first = runNx(ws, ['run', 'mcw:deploy'], env);
    expectSuccess(first);
    for (const task of ['package--app--front', 'package--app--back', 'package--hello', 'deploy']) expect(taskResults(first.output)[`mcw:${task}`], task).toBe('run');
    const digest = async (c: string) => (await readLayout(path.join(ws, 'dist/stack/mcw', `app--${c}`, 'image'))).digest;
    const local = JSON.parse(readFileSync(path.join(ws, '.nxstack/local/mcw/template.json'), 'utf8')) as Template;
    const containers = local.Resources['AppTaskDefinition']?.Properties?.['ContainerDefinitions'] as Array<{ Name: string; Image: unknown; Environment: Array<{ Name: string; Value: unknown }> }>;
    expect(containers.map((c) => c.Name)).toEqual(['front', 'back']);
    expect(JSON.stringify(containers[0].Image)).toContain(await digest('front'));
    expect(JSON.stringify(containers[1].Image)).toContain(await digest('back'));
    expect(local.Resources['HelloAlbListenerRule1']?.Properties).toMatchObject({ ListenerArn: { Ref: 'MainLbListener80' }, Priority: 1 });
    expect(local.Resources['TcpLbListener7000']?.Properties).toMatchObject({ Protocol: 'TCP', DefaultActions: [{ Type: 'forward', TargetGroupArn: { Ref: 'AppBackTcpLb7000TargetGroup' } }] });
    // The HTTP API's route to the front container goes through the workload's VPC link; back offers back-api:4000.
    expect(local.Resources['AppHttpApiRoute1']?.Properties).toMatchObject({ ApiId: { Ref: 'ApiHttpApi' }, RouteKey: 'GET /items/{id}' });
    expect(local.Resources['AppHttpApiIntegration1']?.Properties).toMatchObject({ IntegrationType: 'HTTP_PROXY', ConnectionId: { Ref: 'AppVpcLink' } });
    // volumeMounts: one EFS volume per mount in the task, each container mounting its own.
    const volumes = local.Resources['AppTaskDefinition']?.Properties?.['Volumes'] as Array<{ Name: string }>;
    expect(volumes.map((v) => v.Name)).toEqual(['volume1', 'volume2']);
    expect((containers as Array<{ MountPoints?: unknown }>).map((c) => c.MountPoints)).toEqual([
      [{ SourceVolume: 'volume1', ContainerPath: '/srv/shared', ReadOnly: false }],
      [{ SourceVolume: 'volume2', ContainerPath: '/data', ReadOnly: false }],
    ]);
    expect(local.Resources['AppService']?.Properties?.['ServiceConnectConfiguration']).toMatchObject({ Enabled: true, Services: [{ PortName: 'port-4000', ClientAliases: [{ DnsName: 'back-api', Port: 4000 }] }] });
    // The load balancer's and the API's outputs resolve to local values (where serve would listen).
    const state = readFileSync(path.join(ws, '.nxstack/local/mcw/state.json'), 'utf8');
    expect(state).toMatch(/"MainLbUrl": "http:\/\/127\.0\.0\.1:\d+"/);
    expect(state).toMatch(/"ApiUrl": "http:\/\/127\.0\.0\.1:\d+"/);

    // A hand-written target with build-image's schema options builds the same image.
    const byHand = runNx(ws, ['run', 'mcw:build-back-by-hand'], env);
    expectSuccess(byHand);
    expect((await readLayout(path.join(ws, 'dist/by-hand/back/image'))).digest).toBe(await digest('back'));

    const front = await digest('front');
    writeFileSync(path.join(ws, 'mcw/back/data.txt'), 'back data v2\n');
    const again = runNx(ws, ['run', 'mcw:deploy'], env);
    expectSuccess(again);
    const tasks = taskResults(again.output);
    expect([tasks['mcw:package--app--back'], tasks['mcw:package--app--front'], tasks['mcw:package--hello']]).toEqual(['run', 'cache', 'cache']);
    expect(await digest('front')).toBe(front);

    // serve runs the workload (e2e/local-image.test.ts serves one that answers); these containers
    // only print a file and end, so serve stops with a located error naming the essential one.
    const serve = runNx(ws, ['run', 'mcw:serve'], env);
    expect(serve.status).not.toBe(0);
    expect(serve.output).toMatch(/NXS_SERVE_SERVICE_FAILED mcw\/stack\.yml:\d+:\d+ 'app\/front' ended \(exit code 0\) before it listened on port 3000/);
    // Before it ended, front wrote to its volume: the local folder of file system 'shared', at its rootDirectory /site.
    expect(readFileSync(path.join(ws, '.nxstack/local/volumes/mcw/shared/site/index-copy.txt'), 'utf8')).toBe('front page\n');

    // moto (5.2) creates every CloudFormation load balancer as an application one (it ignores Type),
    // so it refuses the NLB's TCP listener; the NLB is checked on the local stage and by cfn-lint
    // (load-balancers.test.ts), and left out of the moto deploy. So are the HTTP API route and the
    // service-connect alias: moto's CloudFormation has no AWS::ServiceDiscovery::* (container-events.test.ts
    // checks them with cfn-lint).
    const stackFile = path.join(ws, 'mcw/stack.yml');
    const withNlb = readFileSync(stackFile, 'utf8');
    writeFileSync(stackFile, withNlb.replace(/  tcpLb:\n(    .*\n)+/, '').replace(/            - type: (network-load-balancer|http-api-gateway|service-connect)\n.*\n/g, ''));
    const stage = `mcw${Date.now().toString(36)}`;
    const moto = runNx(ws, ['run', 'mcw:deploy', '--stage', stage, '--region', 'us-east-1', `--repository=${registry}/${stage}/images`], { ...env, ...motoEnv() });
    expectSuccess(moto);
    const deployed = await deployedTemplate(`mcw-${stage}`);
    const images = (deployed.Resources['AppTaskDefinition']?.Properties?.['ContainerDefinitions'] as Array<{ Image: unknown }>).map((c) => JSON.stringify(c.Image));
    expect(images).toEqual([JSON.stringify(`${registry}/${stage}/images@${front}`), JSON.stringify(`${registry}/${stage}/images@${await digest('back')}`)]);
    expect(Object.keys(deployed.Resources)).toEqual(expect.arrayContaining(['MainLbListener80', 'HelloAlbListenerRule1', 'AppFrontAlbRule1', 'AppService', 'SharedFileSystem', 'AppVolumeAccessPoint1', 'AppVolumeAccessPoint2']));
    expect(await cfnLint(deployed)).toBe('');
  }, TEN_MINUTES);
});
