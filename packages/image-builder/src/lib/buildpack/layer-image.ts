/**
 * Layer images (`layers: [{ image: repo:tag@sha256:… }]`): the /opt of a container image, pulled
 * by its pinned digest (stack.yml must carry it: core's checkLayerImages), as the files an image
 * function receives in /opt. Modes are kept as the layer image has them, so an extension under
 * /opt/extensions stays executable exactly when its author made it so.
 */
import * as path from 'node:path';
import { IMAGE_BLOB_CACHE_DIR, isNxstackError, NxstackError, parseReference, readManifest, resourceOutputDir, toPosix, type SourceLocation, type TarEntry } from '@nxstack/core';
import { cachedBlob } from '../oci/blob-cache';
import type { Image } from '../oci/image';
import { readLayout } from '../oci/layout';
import { imageFilesystem } from '../oci/image-filesystem';
import type { RegistryCredentials } from '../registry/auth';
import { pullImage } from '../registry/remote';
import { RegistryClient } from '../registry/registry-client';

/** Label of a function image naming the layer images merged into it (space-separated, each with its digest). */
export const LAYER_IMAGES_LABEL = 'dev.nxstack.lambda.layer-images';

export interface LayerImagePullOptions {
  readonly architecture?: 'x86_64' | 'arm64';
  readonly credentials?: RegistryCredentials;
  readonly insecureRegistries?: readonly string[];
  readonly workspaceRoot: string;
  readonly location?: SourceLocation;
}

/** Every file and symlink under /opt of `image`, as tar entries relative to /opt. */
export async function optEntriesOf(image: Image): Promise<TarEntry[]> {
  const entries: TarEntry[] = [];
  for (const [p, e] of await imageFilesystem(image, { contentOf: (f) => f.startsWith('opt/') })) {
    if (!p.startsWith('opt/')) continue;
    const rel = p.slice('opt/'.length);
    if (e.type === 'file' && !e.content) throw new Error(`${p} is a hard link to a file outside /opt: its bytes were not read`);
    if (e.type === 'file') entries.push({ path: rel, mode: e.mode, content: e.content! });
    else if (e.type === 'symlink') entries.push({ path: rel, type: 'symlink', linkTarget: e.linkTarget });
  }
  return entries;
}

/** Pulls the pinned layer image; its blobs are kept in the workspace's blob cache (they never change under a digest). */
export async function pullLayerImage(reference: string, o: LayerImagePullOptions): Promise<{ entries: TarEntry[]; pinned: string }> {
  const ref = parseReference(reference);
  if (!ref.digest) {
    throw new NxstackError('NXS_LAYER_IMAGE_NOT_PINNED', `Layer image ${reference} is not pinned by digest.`, { location: o.location, hint: `Write it as ${reference}@sha256:<digest of the image you tested>.` });
  }
  const client = new RegistryClient({ registry: ref.registry, credentials: o.credentials, insecure: o.insecureRegistries?.includes(ref.registry) || undefined });
  const image = await pullImage(client, ref, o.architecture).catch((e: unknown) => {
    throw new NxstackError('NXS_LAMBDA_LAYER_UNAVAILABLE', `Cannot pull layer image ${reference}: ${(e as Error).message}`, {
      location: o.location,
      hint: isNxstackError(e) && e.code === 'NXS_BASE_IMAGE_NOT_FOUND' ? 'Check the repository and digest, and that the image was pushed to that registry.' : 'Check the registry is reachable and the credentials (docker login / ECR) may pull it.',
      cause: e,
    });
  });
  const cacheDir = path.join(o.workspaceRoot, IMAGE_BLOB_CACHE_DIR);
  const entries = await optEntriesOf({ ...image, layers: image.layers.map((l) => cachedBlob(cacheDir, l)) });
  return { entries, pinned: `${ref.registry}/${ref.repository}${ref.tag ? `:${ref.tag}` : ''}@${ref.digest}` };
}

/**
 * A `layer-image` resource of the same stack, as its package task left it (the function's package
 * task depends on that task): its /opt and `<projectRoot>:<resource>@<digest>` for the label.
 */
export async function workspaceLayerImage(resourceName: string, o: { readonly workspaceRoot: string; readonly projectDir: string; readonly location?: SourceLocation }): Promise<{ entries: TarEntry[]; pinned: string }> {
  const projectRoot = toPosix(path.relative(o.workspaceRoot, o.projectDir));
  const dir = path.join(o.workspaceRoot, resourceOutputDir(projectRoot, resourceName));
  const manifest = await readManifest(dir).catch(() => undefined);
  if (manifest?.kind !== 'image' || !manifest.layout) {
    throw new NxstackError('NXS_IMAGE_LAYOUT_MISSING', `Layer image ${resourceName} has not been packaged: no image at ${path.relative(o.workspaceRoot, dir)}.`, {
      location: o.location,
      hint: `Run its package task first (nx run <project>:package--${resourceName}); the function's package task depends on it when run through nx.`,
    });
  }
  const image = await readLayout(path.join(dir, manifest.layout));
  return { entries: await optEntriesOf(image), pinned: `${projectRoot || '.'}:${resourceName}@${image.digest}` };
}
