import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject, beforeAll, describe, expect, it } from 'vitest';
import { busyboxBaseImage, loadIntoDocker, runInDocker } from '../../__fixtures__/busybox-base';
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
    packaging: { type: 'custom-dockerfile', properties: { buildContextPath: 'ctx', ...properties } },
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
      packaging: { type: 'stacktape-image-buildpack', properties: { entryfilePath: 'main.go', customDockerBuildCommands: ['echo built-with-run > /app/marker.txt'], command: ['/app/bootstrap'] } },
      artifactPath: 'svc/packaged',
      baseImage: BASE,
    });
    const image = await readLayout(join(req.outputDir, 'image'));
    expect(image.digest).toBe(result.manifest.digest);
    await loadIntoDocker(image, 'nxs-test/buildpack-run:1');
    expect((await runInDocker('nxs-test/buildpack-run:1')).output.trim()).toBe('built-with-run');
  });
});

// Keep the archive writer honest on its own too: docker load accepts what it writes.
it('dockerArchive output loads into dockerd', async () => {
  expect((await dockerArchive(await busyboxBaseImage(), ['x:1'])).length % 512).toBe(0);
});
