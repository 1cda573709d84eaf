import * as path from 'node:path';
import { containerUnitName, entryFileLanguage, layerImageResourceNames, NxstackError, unsupportedEntryFileError, uploadFolderOf, type EntryLanguage } from '@nxstack/core';

/** Language of a Lambda buildpack entry file (core's vocabulary); decides the packager executor. */
export type PackagingLanguage = EntryLanguage;

/** What a resource needs packaged, as far as target inference cares. */
export type PackagedResource =
  | {
      readonly resource: string;
      readonly kind: 'lambda-buildpack';
      readonly language: PackagingLanguage;
      readonly isScript: boolean;
      /** The buildpack's properties that decide which files it reads (narrows the task inputs). */
      readonly source?: { readonly entryfilePath: string; readonly includeFiles?: readonly string[]; readonly languageSpecificConfig?: Readonly<Record<string, unknown>> };
    }
  | { readonly resource: string; readonly kind: 'custom-artifact'; readonly packagePath: string; readonly isScript: boolean }
  /** A hosting-bucket or a bucket with directoryUpload: its upload folder is the artifact (files + manifest), uploaded by deploy itself (no publish--). */
  | {
      readonly resource: string;
      readonly kind: 'hosting';
      readonly uploadDirectoryPath: string;
      readonly isScript: false;
      /** A hosting-bucket's `build`: its workingDirectory (relative to stack.yml; Stacktape's default `.`) → the build--<resource> task. */
      readonly build?: { readonly workingDirectory: string };
      /** A hosting-bucket's `dev` → the continuous dev--<resource> task. */
      readonly dev?: true;
    }
  | {
      readonly resource: string;
      readonly kind: 'image';
      readonly isScript: boolean;
      /**
       * stacktape-image-buildpack (and custom-dockerfile with `artifact`): the language packager
       * builds the code the image layers / the Dockerfile's context receive.
       */
      readonly code?: ImageBuildpackCode;
      /** custom-dockerfile: the build receives stage, region and account as build args. */
      readonly stageDependent?: boolean;
      /** A `layer-image` resource: packaged for the functions that name it, never pushed or deployed itself. */
      readonly layerImage?: boolean;
      /** A layer image's build context (project-relative), when it is a subfolder of the project. */
      readonly layerImageContext?: string;
      /** The `layer-image` resources this image function merges into /opt (`layers: [{ image: { resourceName } }]`). */
      readonly usesLayerImages?: readonly string[];
      /** A multi-container workload's container image (`resource` = `<workload>--<container>`): the workload. */
      readonly owner?: string;
      /** Folder the image is built from (custom-dockerfile buildContextPath, external-buildpack sourceDirectoryPath), relative to stack.yml: its only source input (beside a custom-dockerfile artifact's code, a dependency output). */
      readonly sourceDirectory?: string;
    };

/** What `package-code--<resource>` hands the language packager for a stacktape-image-buildpack. */
export interface ImageBuildpackCode {
  readonly language: PackagingLanguage;
  readonly entryfilePath: string;
  /** The buildpack properties the language packagers accept (handlerFunction, includeFiles, ...). */
  readonly packagerOptions: Readonly<Record<string, unknown>>;
}

export interface StackResourceLike {
  readonly type: string;
  readonly properties?: Record<string, unknown>;
}

export type Locate = (p: (string | number)[]) => { file: string; line?: number; column?: number };

const LAMBDA_TYPES = new Set(['stacktape-lambda-buildpack', 'custom-artifact']);
const IMAGE_TYPES = new Set(['stacktape-image-buildpack', 'external-buildpack', 'custom-dockerfile', 'prebuilt-image']);

export const PACKAGE_EXECUTORS = {
  node: '@nxstack/packager-node:package',
  python: '@nxstack/packager-python:package',
  go: '@nxstack/packager-go:package',
  java: '@nxstack/packager-java:package',
  'custom-artifact': '@nxstack/core:custom-artifact',
  hosting: '@nxstack/core:hosting-files',
  image: '@nxstack/image-builder:build-image',
} as const;

export function packageExecutor(r: PackagedResource): string {
  if (r.kind === 'lambda-buildpack') return PACKAGE_EXECUTORS[r.language];
  return PACKAGE_EXECUTORS[r.kind];
}

/**
 * The packaging objects of a resource: `properties.packaging` (functions, deployment scripts,
 * web/private/worker services), `properties.container.packaging` (batch jobs) and
 * `properties.containers[].packaging` (multi-container workloads).
 */
function packagingsOf(res: StackResourceLike): Array<{ type?: unknown; properties?: Record<string, unknown> }> {
  const props = res.properties ?? {};
  const found: Array<{ type?: unknown; properties?: Record<string, unknown> }> = [];
  const add = (p: unknown) => {
    if (p && typeof p === 'object') found.push(p as { type?: unknown; properties?: Record<string, unknown> });
  };
  add(props['packaging']);
  const container = props['container'] as { packaging?: unknown } | undefined;
  add(container?.packaging);
  const containers = props['containers'];
  if (Array.isArray(containers)) for (const c of containers) add((c as { packaging?: unknown })?.packaging);
  return found;
}

/** Classifies one resource; undefined when it has nothing to package (a bucket, a table...). */
export function classifyResource(name: string, res: StackResourceLike, locate: Locate): PackagedResource | undefined {
  // A hosting-bucket's site, a bucket's directoryUpload: the folder is the artifact (core's uploadFolderOf knows both).
  const upload = uploadFolderOf(res);
  if (upload) {
    const props = res.type === 'hosting-bucket' ? (res.properties as { build?: { workingDirectory?: unknown }; dev?: unknown } | undefined) : undefined;
    const build = props?.build && typeof props.build === 'object' ? { workingDirectory: typeof props.build.workingDirectory === 'string' ? props.build.workingDirectory : '.' } : undefined;
    return { resource: name, kind: 'hosting', uploadDirectoryPath: String(upload.options.uploadDirectoryPath ?? ''), isScript: false, ...(build ? { build } : {}), ...(props?.dev ? { dev: true as const } : {}) };
  }
  const packagings = packagingsOf(res);
  if (packagings.length === 0) return undefined;
  const isScript = res.type === 'deployment-script';
  if (packagings.some((p) => IMAGE_TYPES.has(String(p.type)))) {
    const code = imageBuildpackCode(name, res, locate);
    const stageDependent = packagings.some((p) => p.type === 'custom-dockerfile');
    const usesLayerImages = res.type === 'function' ? layerImageResourceNames(res.properties?.['layers']) : [];
    // A Dockerfile build reads its context folder (and the artifact code, a dependency output):
    // that folder is its only source input unless local Lambda layers are read from elsewhere.
    const context = res.type !== 'layer-image' && !hasLocalLayers(res.properties?.['layers']) ? imageSourceDirectory(packagings[0]!) : {};
    return {
      resource: name,
      kind: 'image',
      isScript,
      ...(code ? { code } : {}),
      ...(stageDependent ? { stageDependent } : {}),
      ...context,
      ...(res.type === 'layer-image' ? { layerImage: true, ...layerImageContextOf(res) } : {}),
      ...(usesLayerImages.length ? { usesLayerImages } : {}),
    };
  }
  const p = packagings[0];
  if (!LAMBDA_TYPES.has(String(p.type))) {
    throw new NxstackError('NXS_PLUGIN_UNKNOWN_PACKAGING', `Resource '${name}' has packaging type '${String(p.type)}', which nxstack cannot package.`, {
      location: locate(['resources', name, 'properties', 'packaging', 'type']),
      hint: `Use one of: ${[...LAMBDA_TYPES, ...IMAGE_TYPES].join(', ')}.`,
    });
  }
  if (p.type === 'custom-artifact') return { resource: name, kind: 'custom-artifact', packagePath: String(p.properties?.['packagePath'] ?? ''), isScript };
  const entry = String(p.properties?.['entryfilePath'] ?? '');
  const language = entryFileLanguage(entry);
  if (!language) throw unsupportedEntryFileError(entry, locate(['resources', name, 'properties', 'packaging', 'properties', 'entryfilePath']));
  const props = p.properties ?? {};
  const includeFiles = Array.isArray(props['includeFiles']) ? props['includeFiles'].map(String) : undefined;
  const lsc = props['languageSpecificConfig'];
  const languageSpecificConfig = lsc && typeof lsc === 'object' ? (lsc as Record<string, unknown>) : undefined;
  return { resource: name, kind: 'lambda-buildpack', language, isScript, source: { entryfilePath: entry, includeFiles, languageSpecificConfig } };
}

/** The build context of a layer image, normalised, when it lies below the project folder (not the project itself). */
function layerImageContextOf(res: StackResourceLike): { layerImageContext?: string } {
  const p = res.properties?.['packaging'] as { properties?: Record<string, unknown> } | undefined;
  const context = p?.properties?.['buildContextPath'];
  if (typeof context !== 'string') return {};
  const normal = path.posix.normalize(context.replaceAll('\\', '/')).replace(/\/+$/, '');
  return normal && normal !== '.' && !normal.startsWith('..') && !normal.startsWith('/') ? { layerImageContext: normal } : {};
}

const PACKAGER_OPTION_KEYS = ['handlerFunction', 'includeFiles', 'excludeFiles', 'excludeDependencies', 'languageSpecificConfig'] as const;

/**
 * The code of a `stacktape-image-buildpack` in `properties.packaging` (the packaging build-image
 * reads): the image builder does not bundle, it layers what the language packager wrote. A
 * `custom-dockerfile` with `artifact` gets the same: the packager's output goes into its context.
 */
function imageBuildpackCode(name: string, res: StackResourceLike, locate: Locate): ImageBuildpackCode | undefined {
  const p = res.properties?.['packaging'] as { type?: unknown; properties?: Record<string, unknown> } | undefined;
  const artifact = p?.type === 'custom-dockerfile' ? (p.properties?.['artifact'] as Record<string, unknown> | undefined) : undefined;
  if (p?.type !== 'stacktape-image-buildpack' && !artifact) return undefined;
  const props = artifact ?? p?.properties ?? {};
  const entryPath = artifact ? ['artifact', 'entryfilePath'] : ['entryfilePath'];
  const entry = String(props['entryfilePath'] ?? '');
  const language = entryFileLanguage(entry);
  if (!language) throw unsupportedEntryFileError(entry, locate(['resources', name, 'properties', 'packaging', 'properties', ...entryPath]));
  const packagerOptions: Record<string, unknown> = {};
  for (const key of PACKAGER_OPTION_KEYS) if (props[key] !== undefined) packagerOptions[key] = props[key];
  // A Lambda image function keeps its runtime/architecture (the packager installs native deps for it).
  if (res.type === 'function') {
    for (const key of ['runtime', 'architecture']) if (typeof res.properties?.[key] === 'string') packagerOptions[key] = res.properties[key];
  }
  return { language, entryfilePath: entry, packagerOptions };
}

/** True when the aggregate `package` target's single esbuild run can build this resource. */
export function isNodeResource(r: PackagedResource): boolean {
  return r.kind === 'lambda-buildpack' && r.language === 'node';
}

/**
 * The package units of a resource: the resource itself, or for a `multi-container-workload` one
 * image per container that is built (`<workload>--<container>`; prebuilt images need none, as the
 * compiler's packagedUnits says), each with only its own container's packaging.
 */
export function classifyResources(name: string, res: StackResourceLike, locate: Locate): PackagedResource[] {
  if (res.type !== 'multi-container-workload') {
    const r = classifyResource(name, res, locate);
    return r ? [r] : [];
  }
  const containers = Array.isArray(res.properties?.['containers']) ? (res.properties['containers'] as Array<{ name?: unknown; packaging?: { type?: unknown; properties?: Record<string, unknown> } }>) : [];
  return containers.flatMap((c, i) => {
    if (typeof c?.name !== 'string' || !c.packaging || c.packaging.type === 'prebuilt-image') return [];
    const unit = containerUnitName(name, c.name);
    // Paths the classifier reports under resources.<unit>.properties.packaging are the container's.
    const at: Locate = (p) => locate(p[1] === unit ? ['resources', name, 'properties', 'containers', i, ...p.slice(3)] : p);
    const r = classifyResource(unit, { type: res.type, properties: { packaging: c.packaging } }, at);
    if (!r || r.kind !== 'image') return [];
    return [{ ...r, owner: name }];
  });
}

/** Local folders or zips named in `layers` (not s3://, arn: or a layer-image resource): the build reads them too. */
function hasLocalLayers(layers: unknown): boolean {
  return Array.isArray(layers) && layers.some((l) => typeof l === 'string' && !l.startsWith('s3://') && !l.startsWith('arn:'));
}

function imageSourceDirectory(p: { type?: unknown; properties?: Record<string, unknown> }): { sourceDirectory?: string } {
  const dir = p.type === 'custom-dockerfile' ? p.properties?.['buildContextPath'] : p.type === 'external-buildpack' ? p.properties?.['sourceDirectoryPath'] : undefined;
  return typeof dir === 'string' && dir ? { sourceDirectory: dir } : {};
}

/** The stack.yml section a unit's package task depends on: a container's packaging only (its environment and events do not change the image). */
export function unitConfig(r: PackagedResource, resources: Readonly<Record<string, StackResourceLike>>): unknown {
  if (r.kind !== 'image' || !r.owner) return resources[r.resource];
  const containers = (resources[r.owner]?.properties?.['containers'] ?? []) as Array<{ name?: string; packaging?: unknown }>;
  const container = r.resource.slice(r.owner.length + 2);
  return { type: 'multi-container-workload', container, packaging: containers.find((c) => c.name === container)?.packaging };
}
