import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { resourceOutputDir, writeManifest, type ImagePackageManifest } from '@nxstack/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { motoEnv } from '../../../../tools/test-services/aws-env';
import { functionStack, makeWorkspace, packageFunction, type TestWorkspace } from './__fixtures__/workspace';
import { createAwsClients } from './aws-clients';
import { deployStack } from './deploy';
import { diffStack } from './diff';
import { planStack } from './plan-stack';
import { imagePushRecordFile } from './published-images';
import { publishResource } from './publish';

const imageFunction = `  imageFn:
    type: function
    properties:
      memory: 1024
      packaging:
        type: custom-dockerfile
        properties:
          buildContextPath: docker/fn
`;

async function imageWorkspace(): Promise<TestWorkspace> {
  const ws = await makeWorkspace(functionStack(['hello'], imageFunction));
  await fs.mkdir(path.join(ws.root, ws.projectRoot, 'docker/fn'), { recursive: true });
  await fs.writeFile(path.join(ws.root, ws.projectRoot, 'docker/fn/Dockerfile'), 'FROM scratch\n');
  await packageFunction(ws, 'hello', 'exports.handler = async () => 1;\n');
  return ws;
}

/** What build-image leaves: manifest.json of kind image (the layout itself is not read by deploy). */
async function packageImage(ws: TestWorkspace, resource: string, digestChar: string): Promise<ImagePackageManifest> {
  const m: ImagePackageManifest = { kind: 'image', resource, layout: 'image', digest: `sha256:${digestChar.repeat(64)}`, size: 2048, architecture: 'x86_64', packager: 'custom-dockerfile' };
  await writeManifest(path.join(ws.root, resourceOutputDir(ws.projectRoot, resource)), m);
  return m;
}

/** What push-image records after pushing (the format of image-builder's publish-image.ts). */
async function recordPush(ws: TestWorkspace, stage: string, region: string | undefined, resource: string, reference: string, digest: string): Promise<void> {
  const file = imagePushRecordFile(ws.root, stage, region, ws.projectRoot, resource);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, JSON.stringify({ reference, digest, tags: ['latest'], bytesUploaded: 10, blobsUploaded: 1 }, null, 2));
}

describe('image resources in deploy', () => {
  beforeEach(() => {
    for (const key of Object.keys(process.env)) if (key.startsWith('AWS_')) vi.stubEnv(key, undefined);
  });
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('local stage: fails clearly until the image is pushed, then pins the local OCI reference', async () => {
    const ws = await imageWorkspace();
    const image = await packageImage(ws, 'imageFn', 'a');
    const opts = ws.options('local');
    await publishResource({ ...opts, resource: 'hello' });

    const err = await deployStack(opts).catch((e) => e);
    expect(err.code).toBe('NXS_IMAGE_NOT_PUBLISHED');
    expect(err.message).toContain('imageFn (no push record at .nxstack/local/images/apps/api/imageFn.json)');
    expect(err.hint).toContain('nx run api:publish--imageFn --stage local');
    expect(err.location.file).toBe('apps/api/stack.yml');
    expect(err.location.line).toBeGreaterThan(1);
    await expect(fs.access(path.join(ws.root, '.nxstack/local/api/state.json'))).rejects.toThrow();

    // diff runs after package only: it shows a placeholder instead of failing.
    const diff = await diffStack(opts);
    expect(diff.changes.map((c) => c.logicalId)).toContain('ImageFnFunction');
    expect(ws.lines.some((l) => l.startsWith('imageFn: image not pushed to stage local'))).toBe(true);

    const localRef = `oci-layout:.nxstack/local/images/apps/api/imageFn@${image.digest}`;
    await recordPush(ws, 'local', undefined, 'imageFn', localRef, image.digest);
    const result = await deployStack(opts);
    expect(result.upToDate).toBe(false);
    const template = JSON.parse(await fs.readFile(path.join(ws.root, '.nxstack/local/api/template.json'), 'utf8'));
    expect(template.Resources.ImageFnFunction.Properties.Code).toEqual({ ImageUri: localRef });
    expect(template.Resources.ImageFnFunction.Properties.PackageType).toBe('Image');
    expect((await deployStack(opts)).upToDate).toBe(true);

    // A new build (new digest) with the old push record is not deployable.
    await packageImage(ws, 'imageFn', 'b');
    const stale = await deployStack(opts).catch((e) => e);
    expect(stale.code).toBe('NXS_IMAGE_NOT_PUBLISHED');
    expect(stale.message).toMatch(/imageFn \(pushed sha256:aaaa.*, packaged sha256:bbbb/);
  });

  it('AWS stage: the template pins the pushed ECR reference; a new digest changes the template hash', async () => {
    const ws = await imageWorkspace();
    const image = await packageImage(ws, 'imageFn', 'c');
    const ecrRef = `123456789012.dkr.ecr.us-east-1.amazonaws.com/api-img-dev@${image.digest}`;
    await recordPush(ws, 'img-dev', 'us-east-1', 'imageFn', ecrRef, image.digest);
    const opts = ws.options('img-dev', { region: 'us-east-1', clients: await createAwsClients({ env: motoEnv() }) });
    const plan = await planStack(opts);
    expect(plan.template.Resources.ImageFnFunction.Properties.Code).toEqual({ ImageUri: ecrRef });
    expect(plan.images.imageFn.location.imageUri).toBe(ecrRef);
    expect(Object.keys(plan.artifacts)).toEqual(['hello']);

    const next = await packageImage(ws, 'imageFn', 'd');
    await recordPush(ws, 'img-dev', 'us-east-1', 'imageFn', ecrRef.replace(image.digest, next.digest), next.digest);
    const replanned = await planStack(opts);
    expect(replanned.hash).not.toBe(plan.hash);
  });

  it("AWS stage: push records are per region; one naming another region's registry is refused, not pinned across regions", async () => {
    const ws = await imageWorkspace();
    const image = await packageImage(ws, 'imageFn', 'e');
    const west = `123456789012.dkr.ecr.eu-west-1.amazonaws.com/api-img-west@${image.digest}`;
    await recordPush(ws, 'img-west', 'eu-west-1', 'imageFn', west, image.digest);
    const opts = ws.options('img-west', { region: 'us-east-1', clients: await createAwsClients({ env: motoEnv() }) });
    // The stage's push to eu-west-1 is no push to us-east-1.
    const none = await planStack(opts).catch((e) => e);
    expect(none.code).toBe('NXS_IMAGE_NOT_PUBLISHED');
    expect(none.message).toContain('imageFn (no push record at .nxstack/img-west/images/us-east-1/apps/api/imageFn.json)');
    expect((await planStack(ws.options('img-west', { region: 'eu-west-1', clients: await createAwsClients({ env: motoEnv() }) }))).images.imageFn.location.imageUri).toBe(west);
    // us-east-1's record names eu-west-1's registry (an explicit --repository): refused.
    await recordPush(ws, 'img-west', 'us-east-1', 'imageFn', west, image.digest);
    const err = await planStack(opts).catch((e) => e);
    expect(err.code).toBe('NXS_IMAGE_NOT_PUBLISHED');
    expect(err.message).toContain('imageFn (pushed to the ECR registry of eu-west-1, this deploy goes to us-east-1)');
    expect(err.hint).toContain('nx run api:publish--imageFn --stage img-west --region us-east-1');
    // Pushed to this region's registry: pinned.
    const east = `123456789012.dkr.ecr.us-east-1.amazonaws.com/api-img-west@${image.digest}`;
    await recordPush(ws, 'img-west', 'us-east-1', 'imageFn', east, image.digest);
    expect((await planStack(opts)).images.imageFn.location.imageUri).toBe(east);
  });
});
