import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject, beforeAll, describe, expect, it } from 'vitest';
import { busyboxBaseImage, dockerClient, loadIntoDocker, runInDocker } from '../../__fixtures__/busybox-base';
import { buildImage } from '../build-image';
import { readLayout } from '../oci/layout';
import { dockerArchive } from '../oci/docker-archive';
import { ECR_LABEL_NAME } from './build-args';
import type { ImageBuildRequest } from '../image-build-types';

const BASE = 'nxs-test/busybox-base:1';

function project(files: Record<string, string>, properties: Record<string, unknown> = {}): ImageBuildRequest & { root: string } {
  const root = mkdtempSync(join(tmpdir(), 'ib-dockerfile-'));
  for (const [p, content] of Object.entries(files)) {
    mkdirSync(join(root, 'svc', 'ctx', p, '..'), { recursive: true });
    writeFileSync(join(root, 'svc', 'ctx', p), content);
  }
  return {
    root,
    workspaceRoot: root,
    projectRoot: 'svc',
    resource: 'web',
    // The test engine has no bridge network: builds run with network none unless a test says otherwise.
    packaging: { type: 'custom-dockerfile', properties: { buildContextPath: 'ctx', network: 'none', ...properties } },
    lambda: false,
    architecture: 'x86_64',
    outputDir: join(root, 'dist'),
    dockerHost: inject('dockerHost'),
    stage: 'dev',
    region: 'eu-west-1',
    accountId: '123456789012',
  };
}

beforeAll(async () => {
  await loadIntoDocker(await busyboxBaseImage({ docker: true }), BASE);
});

describe('custom-dockerfile through dockerd', () => {
  it('builds with the nxstack build args, honours .dockerignore, reads the push-to label and exports an OCI layout', async () => {
    const progress: string[] = [];
    const req = project(
      {
        Dockerfile: [
          `FROM ${BASE}`,
          'ARG AWS_ACCOUNT_ID', 'ARG AWS_REGION', 'ARG NXSTACK_BUILD_ID', 'ARG NXSTACK_ECR_LABEL_NAME', 'ARG GREETING',
          'COPY . /ctx/',
          'RUN echo "$AWS_ACCOUNT_ID $AWS_REGION $GREETING $NXSTACK_ECR_LABEL_NAME" > /args.txt && echo "$NXSTACK_BUILD_ID" > /build-id.txt',
          `LABEL ${ECR_LABEL_NAME}="127.0.0.1:5000/team/web:v7"`,
          'CMD ["sh", "-c", "cat /args.txt; ls /ctx"]',
        ].join('\n'),
        '.dockerignore': 'secret.env\n*.log\n',
        'secret.env': 'TOKEN=do-not-ship',
        'debug.log': 'noise',
        'app.txt': 'app',
      },
      { buildArgs: [{ argName: 'GREETING', value: 'hi' }] },
    );
    const result = await buildImage({ ...req, onProgress: (l) => progress.push(l) });
    expect(result.manifest).toMatchObject({ kind: 'image', packager: 'custom-dockerfile', targetRepository: '127.0.0.1:5000/team/web:v7' });
    expect(progress.some((l) => l.startsWith('Step 1/'))).toBe(true);
    const image = await readLayout(join(req.outputDir, 'image'));
    expect(image.digest).toBe(result.manifest.digest);
    expect(image.manifest.mediaType).toBe('application/vnd.docker.distribution.manifest.v2+json');
    await loadIntoDocker(image, 'nxs-test/dockerfile-export:1');
    const run = await runInDocker('nxs-test/dockerfile-export:1');
    expect(run.output).toContain(`123456789012 eu-west-1 hi ${ECR_LABEL_NAME}`);
    expect(run.output).toContain('app.txt');
    expect(run.output).not.toContain('secret.env');
    expect(run.output).not.toContain('debug.log');
    const buildIdRun = await runInDocker('nxs-test/dockerfile-export:1', ['cat', '/build-id.txt']);
    expect(buildIdRun.output.trim()).toBe(result.info.buildId);
  });

  it('takes the Dockerfile from DOCKERFILE_PATH', async () => {
    const req = project({ 'docker/web.Dockerfile': `FROM ${BASE}\nCMD ["echo", "from DOCKERFILE_PATH"]\n` });
    const result = await buildImage({ ...req, dockerfilePathVariable: 'docker/web.Dockerfile' });
    const image = await readLayout(join(req.outputDir, 'image'));
    await loadIntoDocker(image, 'nxs-test/dockerfile-path:1');
    expect((await runInDocker('nxs-test/dockerfile-path:1')).output.trim()).toBe('from DOCKERFILE_PATH');
    expect(result.manifest.targetRepository).toBeUndefined();
  });

  it('fails clearly: missing Dockerfile, bad or reserved build arg, failing step, unknown base, no engine', async () => {
    await expect(buildImage(project({ 'a.txt': 'x' }))).rejects.toMatchObject({ code: 'NXS_DOCKERFILE_NOT_FOUND' });
    await expect(buildImage(project({ Dockerfile: `FROM ${BASE}` }, { buildArgs: [{ argName: 'BAD-NAME', value: 'x' }] }))).rejects.toMatchObject({ code: 'NXS_BUILD_ARG_INVALID' });
    await expect(buildImage(project({ Dockerfile: `FROM ${BASE}` }, { buildArgs: [{ argName: 'AWS_REGION', value: 'x' }] }))).rejects.toMatchObject({ code: 'NXS_BUILD_ARG_RESERVED' });
    await expect(buildImage(project({ Dockerfile: `FROM ${BASE}\nRUN exit 3\n` }))).rejects.toMatchObject({ code: 'NXS_DOCKER_BUILD_FAILED', message: expect.stringContaining('exit 3') });
    await expect(buildImage(project({ Dockerfile: `FROM ${inject('registry')}/nothing/here:1\n` }))).rejects.toMatchObject({ code: 'NXS_BASE_IMAGE_NOT_FOUND' });
    await expect(buildImage(project({ Dockerfile: 'FROM 127.0.0.1:1/nothing/here:1\n' }))).rejects.toMatchObject({ code: 'NXS_BASE_IMAGE_NOT_FOUND' });
    await expect(buildImage({ ...project({ Dockerfile: `FROM ${BASE}` }), dockerHost: 'unix:///nonexistent/docker.sock' })).rejects.toMatchObject({ code: 'NXS_DOCKER_UNAVAILABLE' });
  });

  it('customDockerBuildCommands forces an engine build of the buildpack image', async () => {
    const req = project({});
    const art = join(req.root, 'svc', 'packaged');
    mkdirSync(art, { recursive: true });
    writeFileSync(join(art, 'bootstrap'), '#!/bin/sh\ncat /app/marker.txt\n', { mode: 0o755 });
    const result = await buildImage({
      ...req,
      packaging: { type: 'stacktape-image-buildpack', properties: { entryfilePath: 'main.go', network: 'none', customDockerBuildCommands: ['echo built-with-run > /app/marker.txt'], command: ['/app/bootstrap'] } },
      artifactPath: 'svc/packaged',
      baseImage: BASE,
    });
    const image = await readLayout(join(req.outputDir, 'image'));
    expect(image.digest).toBe(result.manifest.digest);
    await loadIntoDocker(image, 'nxs-test/buildpack-run:1');
    expect((await runInDocker('nxs-test/buildpack-run:1')).output.trim()).toBe('built-with-run');
  });
});

describe('custom-dockerfile: network, platform, Sparta flow', () => {
  // A RUN line per mode: the engine's step cache does not key on the network mode.
  const netDockerfile = (mode: string) => `FROM ${BASE}\nRUN echo ${mode} && cat /proc/net/dev > /net.txt\nCMD ["cat", "/net.txt"]\n`;
  async function interfacesSeenByRun(network: string): Promise<string> {
    const req = project({ Dockerfile: netDockerfile(network) }, { network });
    await buildImage(req);
    await loadIntoDocker(await readLayout(join(req.outputDir, 'image')), `nxs-test/net-${network}:1`);
    return (await runInDocker(`nxs-test/net-${network}:1`)).output;
  }

  it('runs RUN steps on the network asked for: none has only loopback, host sees the host interfaces', async () => {
    const none = await interfacesSeenByRun('none');
    expect(none).toContain('lo:');
    expect(none).not.toMatch(/eth\d+:/);
    const host = await interfacesSeenByRun('host');
    expect(host).toMatch(/eth\d+:/);
  });

  it('without a network option, leaves RUN steps on the engine default network, as docker build does', async () => {
    // What the engine was asked for, read off the RUN step's container while it runs.
    async function runStepNetworkMode(network: string | undefined, mode: string): Promise<string | undefined> {
      const req = project({ Dockerfile: `FROM ${BASE}\nRUN echo ${mode} && sleep 3\n` }, { network });
      const build = buildImage(req);
      const docker = dockerClient();
      let seen: string | undefined;
      for (let i = 0; i < 100 && !seen; i++) {
        // Other test files share the engine: pick this build's step by its command.
        const step = (await docker.listContainers({ all: true, filters: { status: ['running'] } })).find((c) => c.Command.includes(mode));
        if (step) seen = (await docker.getContainer(step.Id).inspect()).HostConfig.NetworkMode;
        else await new Promise((r) => setTimeout(r, 50));
      }
      await build;
      return seen;
    }
    expect(await runStepNetworkMode(undefined, 'engine-default')).toMatch(/^(default|bridge)$/);
    expect(await runStepNetworkMode('default', 'engine-default-explicit')).toMatch(/^(default|bridge)$/);
    expect(await runStepNetworkMode('none', 'none-explicit')).toBe('none');
  });

  it('builds for the function architecture, and fails clearly when the engine cannot build arm64', async () => {
    const amd = project({ Dockerfile: `FROM ${BASE}\nRUN echo ok > /ok.txt\n` });
    const built = await buildImage(amd);
    expect((await readLayout(join(amd.outputDir, 'image'))).config.architecture).toBe('amd64');
    expect(built.manifest.architecture).toBe('x86_64');
    const arm = { ...project({ Dockerfile: `FROM ${BASE}\nRUN echo ok > /ok.txt\n` }), architecture: 'arm64' as const };
    const error = await buildImage(arm).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'NXS_DOCKER_PLATFORM_UNSUPPORTED', message: expect.stringContaining('linux/arm64') });
    expect((error as { hint: string }).hint).toContain('qemu-user-static');
  });

  it("Sparta's labelled Dockerfile: the packaged artifact in the context, SPARTA_* aliases, the label naming the stage account's ECR repository", async () => {
    const sparta = [
      `FROM ${BASE}`,
      'ARG AWS_ACCOUNT_ID', 'ARG AWS_REGION', 'ARG SPARTA_BINARY', 'ARG SPARTA_ECR_LABEL_NAME', 'ARG SPARTA_BUILD_ID', 'ARG NXSTACK_ARTIFACT', 'ARG NXSTACK_STAGE',
      'LABEL ${SPARTA_ECR_LABEL_NAME}=${AWS_ACCOUNT_ID}.dkr.ecr.${AWS_REGION}.amazonaws.com/spartaoci:${SPARTA_BUILD_ID}',
      'COPY ${SPARTA_BINARY} /var/task/app',
      'RUN echo "$NXSTACK_ARTIFACT $NXSTACK_STAGE" > /args.txt',
      'CMD ["/var/task/app"]',
    ].join('\n');
    const req = project({ Dockerfile: sparta }, { artifact: { entryfilePath: 'main.go' } });
    const code = join(req.outputDir, 'code');
    mkdirSync(code, { recursive: true });
    writeFileSync(join(code, 'bootstrap'), '#!/bin/sh\necho "bootstrap ran"; cat /args.txt\n', { mode: 0o755 });
    const result = await buildImage(req);
    expect(result.manifest.targetRepository).toBe(`123456789012.dkr.ecr.eu-west-1.amazonaws.com/spartaoci:${result.info.buildId}`);
    expect(result.info.builtFor).toEqual({ stage: 'dev', region: 'eu-west-1', accountId: '123456789012' });
    await loadIntoDocker(await readLayout(join(req.outputDir, 'image')), 'nxs-test/sparta:1');
    const run = await runInDocker('nxs-test/sparta:1');
    expect(run.output).toContain('bootstrap ran');
    expect(run.output).toContain('.nxstack-artifact/bootstrap dev');
    // Another account or stage: another build id (and label), never the same image.
    const other = await buildImage({ ...req, accountId: '210987654321' });
    expect(other.info.buildId).not.toBe(result.info.buildId);
    expect(other.manifest.targetRepository).toBe(`210987654321.dkr.ecr.eu-west-1.amazonaws.com/spartaoci:${other.info.buildId}`);
    expect((await buildImage({ ...req, stage: 'prod' })).info.buildId).not.toBe(result.info.buildId);
  });

  it('SPARTA_* and NXSTACK_ARTIFACT are reserved build args', async () => {
    for (const name of ['SPARTA_BINARY', 'SPARTA_BUILD_ID', 'NXSTACK_ARTIFACT']) {
      await expect(buildImage(project({ Dockerfile: `FROM ${BASE}` }, { buildArgs: [{ argName: name, value: 'x' }] }))).rejects.toMatchObject({ code: 'NXS_BUILD_ARG_RESERVED' });
    }
  });
});

// Keep the archive writer honest on its own too: docker load accepts what it writes.
it('dockerArchive output loads into dockerd', async () => {
  expect((await dockerArchive(await busyboxBaseImage(), ['x:1'])).length % 512).toBe(0);
});
