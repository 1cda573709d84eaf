import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it, vi } from 'vitest';
import { motoEnv } from '../../../../tools/test-services/aws-env';
import { ECR_TOKEN_CREDENTIALS } from '../../../../tools/test-services/registry';
import { busyboxBaseImage, loadIntoDocker, pushBusyboxBase, registryHost } from '../__fixtures__/busybox-base';
import { buildImage } from './build-image';
import { publishImage } from './publish-image';
import { RegistryClient } from './registry/registry-client';

describe('publishImage', () => {
  it('pushes with an ECR token (moto GetAuthorizationToken) and tags latest + build id; prebuilt images are only recorded', async () => {
    const base = await pushBusyboxBase('base/publish', '1');
    const root = mkdtempSync(join(tmpdir(), 'ib-publish-'));
    mkdirSync(join(root, 'code'), { recursive: true });
    writeFileSync(join(root, 'code', 'bootstrap'), '#!/bin/sh\necho hi\n', { mode: 0o755 });
    const outputDir = join(root, 'dist', 'svc');
    const built = await buildImage({
      workspaceRoot: root, projectRoot: '.', resource: 'svc', lambda: false, architecture: 'x86_64', outputDir, artifactPath: 'code', baseImage: base, stage: 'dev', region: 'us-east-1',
      packaging: { type: 'stacktape-image-buildpack', properties: { entryfilePath: 'main.go' } },
    });
    for (const [k, v] of Object.entries(motoEnv())) vi.stubEnv(k, v);
    try {
      const target = `${inject('authRegistry')}/shop/svc`;
      const res = await publishImage({ workspaceRoot: root, projectName: 'shop', projectRoot: '.', resource: 'svc', outputDir, stage: 'dev', region: 'us-east-1', repository: target, auth: 'ecr' });
      expect(res.reference).toBe(`${target}@${built.manifest.digest}`);
      expect(res.tags).toEqual(['latest', built.info.buildId]);
      const client = new RegistryClient({ registry: inject('authRegistry'), credentials: ECR_TOKEN_CREDENTIALS });
      expect((await client.getManifest('shop/svc', built.info.buildId))?.digest).toBe(built.manifest.digest);
      // Without the ECR token the same push is refused.
      await expect(publishImage({ workspaceRoot: root, projectName: 'shop', projectRoot: '.', resource: 'svc', outputDir, stage: 'dev', region: 'us-east-1', repository: target })).rejects.toMatchObject({ code: 'NXS_REGISTRY_UNAUTHORIZED' });
    } finally {
      vi.unstubAllEnvs();
    }

    const prebuiltOut = join(root, 'dist', 'pre');
    await buildImage({
      workspaceRoot: root, projectRoot: '.', resource: 'pre', lambda: false, architecture: 'x86_64', outputDir: prebuiltOut, stage: 'dev', region: 'us-east-1',
      packaging: { type: 'prebuilt-image', properties: { image: base, repositoryCredentialsSecretArn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:hub-AbCdEf' } },
    });
    const info = JSON.parse(readFileSync(join(prebuiltOut, 'image.json'), 'utf8'));
    expect(info.repositoryCredentialsSecretArn).toBe('arn:aws:secretsmanager:us-east-1:123456789012:secret:hub-AbCdEf');
    const rec = await publishImage({ workspaceRoot: root, projectName: 'shop', projectRoot: '.', resource: 'pre', outputDir: prebuiltOut, stage: 'dev', region: 'us-east-1' });
    expect(rec).toMatchObject({ reference: info.reference, bytesUploaded: 0 });
  });

  it('pushes a Dockerfile image to the repository:tag its push-to label names', async () => {
    await loadIntoDocker(await busyboxBaseImage({ docker: true }), 'nxs-test/publish-base:1');
    const root = mkdtempSync(join(tmpdir(), 'ib-publish-label-'));
    mkdirSync(join(root, 'ctx'), { recursive: true });
    writeFileSync(join(root, 'ctx', 'Dockerfile'), `FROM nxs-test/publish-base:1\nARG NXSTACK_ECR_LABEL_NAME\nLABEL nxstack.push-to="${registryHost()}/label/web:v7"\n`);
    const outputDir = join(root, 'dist', 'web');
    const built = await buildImage({
      workspaceRoot: root, projectRoot: '.', resource: 'web', lambda: false, architecture: 'x86_64', outputDir, dockerHost: inject('dockerHost'), stage: 'dev', region: 'us-east-1',
      accountId: '123456789012',
      packaging: { type: 'custom-dockerfile', properties: { buildContextPath: 'ctx', network: 'none' } },
    });
    expect(built.manifest.targetRepository).toBe(`${registryHost()}/label/web:v7`);
    // Built for dev in account 123456789012: never pushed for another stage, region or account.
    const publish = (stage: string, region: string, account: string) =>
      publishImage({ workspaceRoot: root, projectName: 'shop', projectRoot: '.', resource: 'web', outputDir, stage, region, stageAccount: async () => account });
    for (const [stage, region, account] of [['prod', 'us-east-1', '123456789012'], ['dev', 'eu-west-1', '123456789012'], ['dev', 'us-east-1', '999999999999'], ['local', 'us-east-1', '']]) {
      await expect(publish(stage!, region!, account!)).rejects.toMatchObject({ code: 'NXS_IMAGE_BUILT_FOR_OTHER_STAGE', hint: expect.stringContaining('--stage') });
    }
    const res = await publish('dev', 'us-east-1', '123456789012');
    expect(res.reference).toBe(`${registryHost()}/label/web@${built.manifest.digest}`);
    expect(res.tags).toEqual(['v7', 'latest', built.info.buildId]);
  });

  it('on the local stage, a label naming an ECR repository (Sparta, no account) goes to the local layout store', async () => {
    await loadIntoDocker(await busyboxBaseImage({ docker: true }), 'nxs-test/publish-base:1');
    const root = mkdtempSync(join(tmpdir(), 'ib-publish-local-'));
    mkdirSync(join(root, 'ctx'), { recursive: true });
    writeFileSync(join(root, 'ctx', 'Dockerfile'), 'FROM nxs-test/publish-base:1\nARG AWS_ACCOUNT_ID\nARG AWS_REGION\nARG SPARTA_ECR_LABEL_NAME\nLABEL ${SPARTA_ECR_LABEL_NAME}=${AWS_ACCOUNT_ID}.dkr.ecr.${AWS_REGION}.amazonaws.com/app:1\n');
    const outputDir = join(root, 'dist', 'web');
    const built = await buildImage({
      workspaceRoot: root, projectRoot: '.', resource: 'web', lambda: false, architecture: 'x86_64', outputDir, dockerHost: inject('dockerHost'), stage: 'local', region: 'us-east-1',
      packaging: { type: 'custom-dockerfile', properties: { buildContextPath: 'ctx', network: 'none' } },
    });
    expect(built.manifest.targetRepository).toBe('.dkr.ecr.us-east-1.amazonaws.com/app:1');
    const res = await publishImage({ workspaceRoot: root, projectName: 'shop', projectRoot: '.', resource: 'web', outputDir, stage: 'local', region: 'us-east-1' });
    expect(res.reference).toBe(`oci-layout:.nxstack/local/images/web@${built.manifest.digest}`);
  });
});
