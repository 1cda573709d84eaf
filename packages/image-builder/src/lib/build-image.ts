/**
 * One entry for every image packaging: builds, writes the OCI layout to <outputDir>/image, and
 * writes manifest.json (ImagePackageManifest) + image.json (build id, command, prebuilt ref).
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { NxstackError, writeManifest, type ImagePackageManifest } from '@nxstack/core';
import { buildBuildpackImage } from './build-buildpack-image';
import { checkFunctionImage, withFunctionLayers } from './function-image-layers';
import { imageSize, type Image } from './oci/image';
import { writeLayout } from './oci/layout';
import { resolvePrebuiltImage } from './prebuilt-image';
import { requiredRegion, type ImageBuildInfo, type ImageBuildRequest } from './image-build-types';

/** The Docker-engine builds (dockerode, its gRPC and SSH clients): loaded only for a Dockerfile or external buildpack. */
const dockerBuilds = () => import('./build-dockerfile-image.js');

export const IMAGE_LAYOUT_DIR = 'image';
export const IMAGE_INFO_FILE = 'image.json';

export interface BuildImageResult {
  readonly manifest: ImagePackageManifest;
  readonly info: ImageBuildInfo;
}

function list(v: unknown): string[] | undefined {
  return Array.isArray(v) ? v.map(String) : undefined;
}

async function writeOutputs(r: ImageBuildRequest, manifest: ImagePackageManifest, info: ImageBuildInfo): Promise<BuildImageResult> {
  await writeManifest(r.outputDir, manifest);
  await fs.writeFile(path.join(r.outputDir, IMAGE_INFO_FILE), JSON.stringify(info, null, 2) + '\n');
  return { manifest, info };
}

async function writeImage(r: ImageBuildRequest, image: Image, packager: string, info: ImageBuildInfo, targetRepository?: string): Promise<BuildImageResult> {
  await checkFunctionImage(image, r);
  const layoutDir = path.join(r.outputDir, IMAGE_LAYOUT_DIR);
  await fs.rm(layoutDir, { recursive: true, force: true });
  await writeLayout(layoutDir, image, 'latest');
  r.onProgress?.(`image ${image.digest} (${image.layers.length} layers, ${imageSize(image)} bytes)`);
  const manifest: ImagePackageManifest = {
    kind: 'image',
    resource: r.resource,
    layout: IMAGE_LAYOUT_DIR,
    digest: image.digest,
    size: imageSize(image),
    architecture: r.architecture,
    packager,
    ...(targetRepository ? { targetRepository } : {}),
  };
  return writeOutputs(r, manifest, info);
}

export async function buildImage(r: ImageBuildRequest): Promise<BuildImageResult> {
  const props = r.packaging.properties;
  const command = list(props['command']);
  const entryPoint = list(props['entryPoint']);
  switch (r.packaging.type) {
    case 'stacktape-image-buildpack': {
      const built = await buildBuildpackImage(r);
      return writeImage(r, built.image, r.packaging.type, { buildId: built.image.digest.slice(7, 39), command, entryPoint, ...(built.baseImage ? { baseImage: built.baseImage } : {}) });
    }
    case 'custom-dockerfile': {
      const built = await (await dockerBuilds()).buildDockerfileImage(r);
      const builtFor = { stage: r.stage, region: requiredRegion(r), accountId: r.accountId ?? '' };
      return writeImage(r, await withFunctionLayers(built.image, r), r.packaging.type, { buildId: built.buildId, command, entryPoint, builtFor }, built.targetRepository);
    }
    case 'external-buildpack': {
      const built = await (await dockerBuilds()).buildExternalBuildpackImage(r);
      return writeImage(r, await withFunctionLayers(built.image, r), r.packaging.type, { buildId: built.buildId, command });
    }
    case 'prebuilt-image': {
      const image = props['image'];
      if (typeof image !== 'string') {
        throw new NxstackError('NXS_PREBUILT_IMAGE_MISSING', 'prebuilt-image packaging needs `image`.', { location: r.locate?.(['packaging', 'properties']), hint: 'Set packaging.properties.image, e.g. nginx:1.27 or <account>.dkr.ecr.<region>.amazonaws.com/app:1.' });
      }
      const resolved = await resolvePrebuiltImage({ image, credentials: r.registryCredentials, insecureRegistries: r.insecureRegistries, location: r.locate?.(['packaging', 'properties', 'image']) });
      r.onProgress?.(`prebuilt image ${image} -> ${resolved.reference}`);
      const secretArn = props['repositoryCredentialsSecretArn'];
      const manifest: ImagePackageManifest = { kind: 'image', resource: r.resource, layout: '', digest: resolved.digest, size: resolved.size, architecture: r.architecture, packager: 'prebuilt-image' };
      return writeOutputs(r, manifest, {
        buildId: resolved.digest.slice(7, 39),
        reference: resolved.reference,
        ...(typeof secretArn === 'string' ? { repositoryCredentialsSecretArn: secretArn } : {}),
        command,
        entryPoint,
      });
    }
    default:
      throw new NxstackError('NXS_IMAGE_PACKAGING_UNKNOWN', `Packaging type ${JSON.stringify((r.packaging as { type: unknown }).type)} does not produce an image.`, {
        location: r.locate?.(['packaging', 'type']),
        hint: 'Use stacktape-image-buildpack, custom-dockerfile, prebuilt-image or external-buildpack.',
      });
  }
}
