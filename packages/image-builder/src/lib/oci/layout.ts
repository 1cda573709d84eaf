/**
 * OCI image layout on disk (`oci-layout`, `index.json`, `blobs/sha256/…`): the build output every
 * packaging produces and push-image reads, and a source of base images.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { NxstackError } from '@nxstack/core';
import { copyBlobFile, fileBlobIn } from './blob-files';
import { sha256Digest, type Blob, type Image, type ImageConfig, type ImageManifest } from './image';
import { isIndex, MediaTypes } from './media-types';

export const REF_NAME_ANNOTATION = 'org.opencontainers.image.ref.name';

function blobPath(dir: string, digest: string): string {
  return fileBlobIn(path.join(dir, 'blobs'), digest);
}

async function exists(file: string): Promise<boolean> {
  return fs.stat(file).then(() => true, () => false);
}

/** A blob with a file is copied (never read whole into memory). */
async function writeBlob(dir: string, digest: string, data: Buffer | Blob): Promise<void> {
  const file = blobPath(dir, digest);
  if (await exists(file)) return;
  if (!Buffer.isBuffer(data)) {
    if (data.file) return copyBlobFile(data.file, file);
    data = await data.read();
  }
  await fs.mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  await fs.writeFile(tmp, data);
  await fs.rename(tmp, file);
}

/** Writes the image (blobs not yet present) and an index.json naming it `refName`; replaces any previous index. */
export async function writeLayout(dir: string, image: Image, refName = 'latest'): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  await fs.writeFile(path.join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  for (const layer of image.layers) await writeBlob(dir, layer.descriptor.digest, layer);
  await writeBlob(dir, image.manifest.config.digest, image.rawConfig);
  await writeBlob(dir, image.digest, image.rawManifest);
  const index = {
    schemaVersion: 2,
    mediaType: MediaTypes.ociIndex,
    manifests: [{ mediaType: image.manifest.mediaType, digest: image.digest, size: image.rawManifest.length, annotations: { [REF_NAME_ANNOTATION]: refName } }],
  };
  await fs.writeFile(path.join(dir, 'index.json'), JSON.stringify(index));
}

function fileBlob(dir: string, descriptor: Blob['descriptor']): Blob {
  const file = blobPath(dir, descriptor.digest);
  return { descriptor, file, read: () => fs.readFile(file) };
}

/** Reads the image named `refName` (or the only/first image) from an OCI layout. */
export async function readLayout(dir: string, refName?: string): Promise<Image> {
  let index: { manifests?: Array<{ mediaType: string; digest: string; annotations?: Record<string, string>; platform?: { architecture: string } }> };
  try {
    index = JSON.parse(await fs.readFile(path.join(dir, 'index.json'), 'utf8'));
  } catch (cause) {
    throw new NxstackError('NXS_IMAGE_LAYOUT_MISSING', `No OCI image layout at ${dir}.`, {
      location: { file: dir },
      hint: 'Run the package--<resource> target (build-image) first, or point baseImage at an OCI layout folder holding index.json.',
      cause,
    });
  }
  const manifests = index.manifests ?? [];
  let entry = refName ? manifests.find((m) => m.annotations?.[REF_NAME_ANNOTATION] === refName) : manifests[0];
  if (!entry) {
    throw new NxstackError('NXS_IMAGE_NOT_FOUND', `OCI layout ${dir} has no image${refName ? ` named ${refName}` : ''}.`, {
      location: { file: path.join(dir, 'index.json') },
      hint: `Names present: ${manifests.map((m) => m.annotations?.[REF_NAME_ANNOTATION] ?? m.digest).join(', ') || 'none'}.`,
    });
  }
  if (isIndex(entry.mediaType)) {
    const nested = JSON.parse((await fs.readFile(blobPath(dir, entry.digest))).toString('utf8')) as { manifests: typeof manifests };
    entry = nested.manifests.find((m) => m.platform?.architecture === 'amd64') ?? nested.manifests[0]!;
  }
  const rawManifest = await fs.readFile(blobPath(dir, entry.digest));
  const manifest = JSON.parse(rawManifest.toString('utf8')) as ImageManifest;
  const rawConfig = await fs.readFile(blobPath(dir, manifest.config.digest));
  const config = JSON.parse(rawConfig.toString('utf8')) as ImageConfig;
  return { manifest, rawManifest, digest: sha256Digest(rawManifest), config, rawConfig, layers: manifest.layers.map((d) => fileBlob(dir, d)) };
}
