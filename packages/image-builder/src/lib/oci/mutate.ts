/** Appending layers and changing the config of an image, producing a new image (the base is untouched). */
import { imageFrom, type ContainerConfig, type Image, type ImageConfig } from './image';
import type { Layer } from './layer';
import { isDockerManifest, layerMediaTypeFor, MediaTypes } from './media-types';

/** Fixed creation time: a timestamp would make every build's config digest differ. */
export const FIXED_CREATED = '1980-01-01T00:00:00Z';

export interface AppendedLayer {
  readonly layer: Layer;
  /** Shown in `docker history`; keep it free of secrets. */
  readonly createdBy: string;
}

export interface ConfigChanges {
  readonly entrypoint?: readonly string[] | null;
  readonly cmd?: readonly string[] | null;
  /** Merged over the base image's Env (same name replaces). */
  readonly env?: Readonly<Record<string, string>>;
  readonly workingDir?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly user?: string;
}

function mergeEnv(base: readonly string[] | undefined, extra: Readonly<Record<string, string>> | undefined): string[] {
  const out = new Map<string, string>();
  for (const e of base ?? []) {
    const eq = e.indexOf('=');
    out.set(eq < 0 ? e : e.slice(0, eq), eq < 0 ? '' : e.slice(eq + 1));
  }
  for (const [k, v] of Object.entries(extra ?? {})) out.set(k, v);
  return [...out].map(([k, v]) => `${k}=${v}`);
}

export function applyConfig(config: ContainerConfig | undefined, changes: ConfigChanges): ContainerConfig {
  const next: ContainerConfig = { ...(config ?? {}) };
  if (changes.entrypoint !== undefined) next.Entrypoint = changes.entrypoint ? [...changes.entrypoint] : null;
  if (changes.cmd !== undefined) next.Cmd = changes.cmd ? [...changes.cmd] : null;
  if (changes.env) next.Env = mergeEnv(next.Env, changes.env);
  if (changes.workingDir !== undefined) next.WorkingDir = changes.workingDir;
  if (changes.user !== undefined) next.User = changes.user;
  if (changes.labels) next.Labels = { ...(next.Labels ?? {}), ...changes.labels };
  return next;
}

/**
 * New image = base + layers + config changes. Keeps the base's manifest family (Docker v2 or
 * OCI) so media types never mix; the result is always a single-platform manifest.
 */
export function appendLayers(base: Image, layers: readonly AppendedLayer[], changes: ConfigChanges = {}): Image {
  const docker = isDockerManifest(base.manifest.mediaType);
  const config: ImageConfig = {
    ...base.config,
    created: FIXED_CREATED,
    config: applyConfig(base.config.config, changes),
    rootfs: { type: 'layers', diff_ids: [...base.config.rootfs.diff_ids, ...layers.map((l) => l.layer.diffId)] },
    history: [...(base.config.history ?? []), ...layers.map((l) => ({ created: FIXED_CREATED, created_by: l.createdBy, comment: 'nxstack' }))],
  };
  return imageFrom(
    config,
    [...base.layers, ...layers.map(({ layer }) => ({ descriptor: { ...layer.descriptor, mediaType: layerMediaTypeFor(docker ? MediaTypes.dockerManifest : MediaTypes.ociManifest) }, read: layer.read, ...(layer.file ? { file: layer.file } : {}) }))],
    docker ? MediaTypes.dockerManifest : MediaTypes.ociManifest,
    docker ? MediaTypes.dockerConfig : MediaTypes.ociConfig,
  );
}
