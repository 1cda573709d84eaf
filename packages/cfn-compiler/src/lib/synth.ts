import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { readManifest, resourceOutputDir, toPosix, type PackageManifest } from '@nxstack/core';
import { formatTemplate, templateHash } from './canonical-json';
import { compileStack } from './compile-stack';
import { contentAddressedKey } from './content-key';
import { deploymentBucketPlaceholder } from './deployment-bucket';
import { imageRepositoryPlaceholder, imageUri } from './image-uri';
import { packagedUnits } from './resource-types/registry';
import type { CompileStackOutput, CompiledArtifact, CompiledImageArtifact, LoadedStack } from './types';

export interface SynthOptions {
  readonly workspaceRoot: string;
  readonly projectName: string;
  /** Project folder relative to the workspace root (where package manifests are keyed). */
  readonly projectRoot: string;
  readonly stack: LoadedStack;
  readonly stage: string;
  readonly region?: string;
  /** `$CfStackOutput` stack-name argument → provider stack name (core's resolveStackReferences). */
  readonly stackReferences?: ReadonlyMap<string, string>;
  /** Output file, relative to the workspace root; default `dist/stack/<projectRoot>/template-<stage>.json`. */
  readonly outputPath?: string;
  /** Bucket the artifacts are published to; default deploymentBucketPlaceholder(project, stage). */
  readonly deploymentBucket?: string;
  /** Repository images are pushed to (`<registry>/<name>`); default imageRepositoryPlaceholder(project, stage). */
  readonly imageRepository?: string;
}

export interface SynthResult extends CompileStackOutput {
  /** Absolute path of the written template. */
  readonly outputFile: string;
  readonly hash: string;
}

export function defaultTemplatePath(projectRoot: string, stage: string): string {
  return path.posix.join('dist', 'stack', toPosix(projectRoot), `template-${stage}.json`);
}

type CollectOptions = Pick<SynthOptions, 'workspaceRoot' | 'projectName' | 'projectRoot' | 'stack' | 'stage' | 'deploymentBucket' | 'imageRepository'>;

/** Manifests of every resource that has a package task (a function of the packaging for services). */
async function packagedManifests(opts: CollectOptions): Promise<Array<[string, PackageManifest]>> {
  const out: Array<[string, PackageManifest]> = [];
  for (const [name, config] of Object.entries(opts.stack.config.resources)) {
    for (const unit of packagedUnits(name, config)) out.push([unit, await readManifest(path.join(opts.workspaceRoot, resourceOutputDir(opts.projectRoot, unit)))]);
  }
  return out;
}

/** Zip artifacts of the packaged resources, each at its content-addressed key in the deployment bucket. */
export async function collectArtifacts(opts: CollectOptions): Promise<Record<string, CompiledArtifact>> {
  const bucket = opts.deploymentBucket ?? deploymentBucketPlaceholder(opts.projectName, opts.stage);
  const artifacts: Record<string, CompiledArtifact> = {};
  for (const [name, manifest] of await packagedManifests(opts)) {
    if (manifest.kind === 'zip') artifacts[name] = { ...manifest, location: { bucket, key: contentAddressedKey(opts.projectName, name, manifest) } };
  }
  return artifacts;
}

/** Image artifacts of the packaged resources, each pinned by digest in the stage's repository. */
export async function collectImageArtifacts(opts: CollectOptions): Promise<Record<string, CompiledImageArtifact>> {
  const repository = opts.imageRepository ?? imageRepositoryPlaceholder(opts.projectName, opts.stage);
  const artifacts: Record<string, CompiledImageArtifact> = {};
  for (const [name, manifest] of await packagedManifests(opts)) {
    if (manifest.kind === 'image') artifacts[name] = { ...manifest, location: { imageUri: imageUri(repository, manifest.digest) } };
  }
  return artifacts;
}

/** Compiles the stack with its packaged artifacts and writes the template (sorted keys, 2-space indent). */
export async function synthStack(opts: SynthOptions): Promise<SynthResult> {
  const artifacts = { ...(await collectArtifacts(opts)), ...(await collectImageArtifacts(opts)) };
  const compiled = compileStack({ stack: opts.stack, projectName: opts.projectName, stage: opts.stage, region: opts.region, artifacts, stackReferences: opts.stackReferences });
  const outputFile = path.resolve(opts.workspaceRoot, opts.outputPath ?? defaultTemplatePath(opts.projectRoot, opts.stage));
  await fs.mkdir(path.dirname(outputFile), { recursive: true });
  await fs.writeFile(outputFile, formatTemplate(compiled.template));
  return { ...compiled, outputFile, hash: templateHash(compiled.template, compiled.parameters) };
}
