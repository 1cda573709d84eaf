/**
 * The small image model everything else works on (go-containerregistry style): an Image is a
 * manifest, a config and layers whose bytes are read on demand from wherever they live
 * (registry, OCI layout on disk, memory).
 */
import { createHash } from 'node:crypto';

export interface Descriptor {
  readonly mediaType: string;
  readonly digest: string;
  readonly size: number;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly platform?: { readonly architecture: string; readonly os: string; readonly variant?: string };
}

export interface ImageManifest {
  readonly schemaVersion: 2;
  readonly mediaType: string;
  readonly config: Descriptor;
  readonly layers: readonly Descriptor[];
  readonly annotations?: Readonly<Record<string, string>>;
}

export interface ContainerConfig {
  Entrypoint?: string[] | null;
  Cmd?: string[] | null;
  Env?: string[];
  WorkingDir?: string;
  Labels?: Record<string, string> | null;
  User?: string;
  ExposedPorts?: Record<string, object>;
  [key: string]: unknown;
}

export interface ImageConfig {
  architecture: string;
  os: string;
  variant?: string;
  created?: string;
  config?: ContainerConfig;
  rootfs: { type: 'layers'; diff_ids: string[] };
  history?: Array<{ created?: string; created_by?: string; comment?: string; empty_layer?: boolean }>;
  [key: string]: unknown;
}

/** A blob whose bytes can be read when needed. */
export interface Blob {
  readonly descriptor: Descriptor;
  read(): Promise<Buffer>;
  /** Set when the blob's exact bytes are in this file: copied or streamed instead of read whole. */
  readonly file?: string;
}

export interface Image {
  readonly manifest: ImageManifest;
  /** Exact manifest bytes: the digest is over these. */
  readonly rawManifest: Buffer;
  readonly digest: string;
  readonly config: ImageConfig;
  readonly rawConfig: Buffer;
  /** Layers in manifest order. */
  readonly layers: readonly Blob[];
}

export function sha256Digest(data: Buffer | string): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

/** Canonical JSON bytes (no spaces, keys in insertion order) used for every manifest/config we write. */
export function jsonBytes(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value));
}

export function bufferBlob(mediaType: string, data: Buffer): Blob {
  const descriptor = { mediaType, digest: sha256Digest(data), size: data.length };
  return { descriptor, read: async () => data };
}

/** Assembles an Image from a config and layer blobs, writing a manifest of the given media type. */
export function imageFrom(config: ImageConfig, layers: readonly Blob[], manifestMediaType: string, configMediaType: string): Image {
  const rawConfig = jsonBytes(config);
  const manifest: ImageManifest = {
    schemaVersion: 2,
    mediaType: manifestMediaType,
    config: { mediaType: configMediaType, digest: sha256Digest(rawConfig), size: rawConfig.length },
    layers: layers.map((l) => ({ mediaType: l.descriptor.mediaType, digest: l.descriptor.digest, size: l.descriptor.size })),
  };
  const rawManifest = jsonBytes(manifest);
  return { manifest, rawManifest, digest: sha256Digest(rawManifest), config, rawConfig, layers };
}

/** Every blob of the image: layers first, then the config (the order a push must follow). */
export function imageBlobs(image: Image): Blob[] {
  return [...image.layers, { descriptor: image.manifest.config, read: async () => image.rawConfig }];
}

export function imageSize(image: Image): number {
  return image.rawManifest.length + image.manifest.config.size + image.manifest.layers.reduce((n, l) => n + l.size, 0);
}
