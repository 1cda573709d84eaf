/**
 * Lambda layers for container-image functions: Lambda ignores `Layers` for images, so their
 * content is merged into /opt in one image layer. Entries under `extensions/` of a zip land in
 * /opt/extensions with the executable bit (Lambda starts them as external extensions; zips lose
 * modes); a layer image's /opt keeps its modes (layer-image.ts).
 * Credentials used to download a layer stay in this process: only the layer's files enter the image.
 */
import { createWriteStream, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { S3Client } from '@aws-sdk/client-s3';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { NxstackError, resolveInsideWorkspace, type SourceLocation, type TarEntry } from '@nxstack/core';
import { layerFromEntries, type Layer } from '../oci/layer';
import type { RegistryCredentials } from '../registry/auth';
import { readArtifact, type ArtifactFile } from './artifact-files';
import { LAYER_IMAGES_LABEL, pullLayerImage, workspaceLayerImage } from './layer-image';

/** A local folder or zip, `s3://bucket/key` of a layer zip, a layer version ARN, or a layer image (pinned reference or a layer-image resource). */
export type LambdaLayerSource = string | { readonly image: string | { readonly resourceName: string } };

export interface LambdaLayerOptions {
  readonly layers: readonly LambdaLayerSource[];
  readonly region?: string;
  /** Base directory for relative local paths. */
  readonly cwd: string;
  /** Local layer folders and zips must stay inside it (symlinks too). */
  readonly workspaceRoot: string;
  readonly s3?: S3Client;
  readonly lambda?: LambdaClient;
  /** For layer images. */
  readonly architecture?: 'x86_64' | 'arm64';
  readonly credentials?: RegistryCredentials;
  readonly insecureRegistries?: readonly string[];
  /** stack.yml location of `layers[i]`, for errors. */
  readonly locate?: (index: number) => SourceLocation | undefined;
}

export interface LambdaOptLayer {
  /** One image layer with every layer's /opt content; undefined when there are no layers. */
  readonly layer?: Layer;
  /** LAYER_IMAGES_LABEL naming the layer images merged (with their digests), when there are any. */
  readonly labels: Readonly<Record<string, string>>;
}

/** A downloaded layer zip, streamed to a temporary file (a layer may be as large as a function). */
async function downloadZip(body: Readable): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'nxs-layer-'));
  const file = path.join(dir, 'layer.zip');
  await pipeline(body, createWriteStream(file));
  return file;
}

async function fetchLayer(source: string, options: LambdaLayerOptions): Promise<ArtifactFile[]> {
  const fail = (why: string, cause?: unknown): never => {
    throw new NxstackError('NXS_LAMBDA_LAYER_UNAVAILABLE', `Cannot fetch layer ${source}: ${why}.`, {
      hint: 'Check that the layer exists and the deploying credentials may read it (s3:GetObject or lambda:GetLayerVersion).',
      cause,
    });
  };
  if (source.startsWith('s3://')) {
    const [, , bucket, ...key] = source.split('/');
    // The AWS SDK is loaded only for an image that pulls a layer from S3 or Lambda.
    const { GetObjectCommand, S3Client } = require('@aws-sdk/client-s3') as typeof import('@aws-sdk/client-s3');
    const s3 = options.s3 ?? new S3Client({ region: options.region, forcePathStyle: true });
    const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key.join('/') })).catch((e) => fail((e as Error).message, e));
    const file = await downloadZip(out.Body as Readable).catch((e) => fail((e as Error).message, e));
    return readArtifact(file);
  }
  if (source.startsWith('arn:')) {
    const { GetLayerVersionByArnCommand, LambdaClient } = require('@aws-sdk/client-lambda') as typeof import('@aws-sdk/client-lambda');
    const lambda = options.lambda ?? new LambdaClient({ region: options.region });
    const out = await lambda.send(new GetLayerVersionByArnCommand({ Arn: source })).catch((e) => fail((e as Error).message, e));
    const url = out.Content?.Location ?? fail('no download location');
    const res = await fetch(url).catch((e) => fail((e as Error).message, e));
    if (!res.ok || !res.body) fail(`download answered HTTP ${res.status}`);
    const file = await downloadZip(Readable.fromWeb(res.body as WebReadableStream)).catch((e) => fail((e as Error).message, e));
    return readArtifact(file);
  }
  const inside = { workspaceRoot: options.workspaceRoot, what: 'layer' };
  return readArtifact(resolveInsideWorkspace(options.cwd, source, inside), { ...inside, what: 'a file of layer' });
}

/** One image layer with every layer's files under /opt (later layers win on equal paths). */
export async function lambdaOptLayer(options: LambdaLayerOptions): Promise<LambdaOptLayer> {
  if (!options.layers.length) return { labels: {} };
  const merged = new Map<string, TarEntry>();
  const pinned: string[] = [];
  for (const [i, source] of options.layers.entries()) {
    if (typeof source === 'string') {
      for (const f of await fetchLayer(source, options)) merged.set(f.path, zipLayerEntry(f));
      continue;
    }
    const location = options.locate?.(i);
    const pulled = typeof source.image === 'string'
      ? await pullLayerImage(source.image, { ...options, location })
      : await workspaceLayerImage(source.image.resourceName, { workspaceRoot: options.workspaceRoot, projectDir: options.cwd, location });
    for (const e of pulled.entries) merged.set(e.path, e);
    pinned.push(pulled.pinned);
  }
  const entries = [...merged.values()].map((e) => ({ ...e, path: `opt/${e.path}` }));
  return { layer: await layerFromEntries(entries), labels: pinned.length ? { [LAYER_IMAGES_LABEL]: pinned.join(' ') } : {} };
}

/** A zip's modes are not trusted for extensions: Lambda starts every file of extensions/. */
function zipLayerEntry(f: ArtifactFile): TarEntry {
  return { path: f.path, mode: f.path.startsWith('extensions/') ? 0o755 : f.mode, size: f.size, source: f.source, open: () => f.open() };
}

