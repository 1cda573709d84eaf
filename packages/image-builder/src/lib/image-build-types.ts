/** Typed inputs of an image build, whether they come from stack.yml or inline executor options. */
import type { Architecture, SourceLocation } from '@nxstack/core';
import type { WiringVariable } from './buildpack/extension-env-check';
import type { LambdaLayerSource } from './buildpack/lambda-layers';
import type { RegistryCredentials } from './registry/auth';

export type ImagePackagingType = 'stacktape-image-buildpack' | 'custom-dockerfile' | 'prebuilt-image' | 'external-buildpack';

export interface ImagePackaging {
  readonly type: ImagePackagingType;
  readonly properties: Readonly<Record<string, unknown>>;
}

export interface ImageBuildRequest {
  readonly workspaceRoot: string;
  /** Project folder, workspace-relative (paths in packaging properties are relative to it). */
  readonly projectRoot: string;
  readonly resource: string;
  readonly packaging: ImagePackaging;
  /** A `function` resource with image packaging (Lambda container image). */
  readonly lambda: boolean;
  readonly architecture: Architecture;
  readonly runtime?: string;
  readonly handler?: string;
  readonly environment?: Readonly<Record<string, string>>;
  /** Lambda layers to merge into /opt (image functions). */
  readonly layers?: readonly LambdaLayerSource[];
  /** The function's stack.yml environment (located): extension wiring is checked against the image. */
  readonly functionEnvironment?: readonly WiringVariable[];
  /** Absolute output folder (dist/stack/<projectRoot>/<resource>). */
  readonly outputDir: string;
  /** Language packager output (folder or zip) for stacktape-image-buildpack; default `<outputDir>/code`. */
  readonly artifactPath?: string;
  readonly baseImage?: string;
  readonly dockerHost?: string;
  readonly stage: string;
  /**
   * Set whenever the build uses it: always for custom-dockerfile (a build arg; LOCAL_REGION on the
   * local stage) and for remote Lambda layers; a buildpack build on an AWS stage needs none.
   */
  readonly region?: string;
  readonly accountId?: string;
  /** DOCKERFILE_PATH from the project's environment, when set. */
  readonly dockerfilePathVariable?: string;
  readonly registryCredentials?: RegistryCredentials;
  readonly insecureRegistries?: readonly string[];
  /** PATH used to look for `pack`. */
  readonly pathEnv?: string;
  readonly onProgress?: (line: string) => void;
  /** stack.yml location of a property path (for errors), when loaded from a stack file. */
  readonly locate?: (path: readonly (string | number)[]) => SourceLocation | undefined;
}

/** Written beside manifest.json as image.json: what publish/deploy need besides the layout. */
export interface ImageBuildInfo {
  readonly buildId: string;
  /** Resolved reference for prebuilt images (`registry/repo@sha256:…`). */
  readonly reference?: string;
  readonly repositoryCredentialsSecretArn?: string;
  readonly command?: readonly string[];
  readonly entryPoint?: readonly string[];
  /** Base image reference, for cross-repository mounts on push. */
  readonly baseImage?: string;
  /**
   * Stage, region and account an engine build received as build args (custom-dockerfile): the
   * push checks them against its own, so an image made for one account never goes to another.
   */
  readonly builtFor?: StageIdentity;
}

export interface StageIdentity {
  readonly stage: string;
  readonly region: string;
  /** Empty on the local stage (no AWS). */
  readonly accountId: string;
}

/** The region of a build that uses one (custom-dockerfile): normalizeBuildImageOptions always sets it there. */
export function requiredRegion(r: Pick<ImageBuildRequest, 'region' | 'resource'>): string {
  if (r.region === undefined) throw new Error(`internal: the ${r.resource} build needs a region and none was resolved`);
  return r.region;
}
