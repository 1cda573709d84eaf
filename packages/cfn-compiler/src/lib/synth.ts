import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { NxstackError, readManifest, resourceOutputDir, toPosix } from '@nxstack/core';
import { formatTemplate, templateHash } from './canonical-json';
import { compileStack } from './compile-stack';
import { contentAddressedKey } from './content-key';
import { deploymentBucketPlaceholder } from './deployment-bucket';
import { resourceTypeModule } from './resource-types/registry';
import type { CompileStackOutput, CompiledArtifact, LoadedStackLike } from './types';

export interface SynthOptions {
  readonly workspaceRoot: string;
  readonly projectName: string;
  /** Project folder relative to the workspace root (where package manifests are keyed). */
  readonly projectRoot: string;
  readonly stack: LoadedStackLike;
  readonly stage: string;
  readonly region?: string;
  /** Output file, relative to the workspace root; default `dist/stack/<projectRoot>/template-<stage>.json`. */
  readonly outputPath?: string;
  /** Bucket the artifacts are published to; default deploymentBucketPlaceholder(project, stage). */
  readonly deploymentBucket?: string;
}

export interface SynthResult extends CompileStackOutput {
  /** Absolute path of the written template. */
  readonly outputFile: string;
  readonly hash: string;
}

export function defaultTemplatePath(projectRoot: string, stage: string): string {
  return path.posix.join('dist', 'stack', toPosix(projectRoot), `template-${stage}.json`);
}

/** Reads the manifest of every packaged resource and gives each its content-addressed location. */
export async function collectArtifacts(opts: Pick<SynthOptions, 'workspaceRoot' | 'projectName' | 'projectRoot' | 'stack' | 'stage' | 'deploymentBucket'>): Promise<Record<string, CompiledArtifact>> {
  const bucket = opts.deploymentBucket ?? deploymentBucketPlaceholder(opts.projectName, opts.stage);
  const artifacts: Record<string, CompiledArtifact> = {};
  for (const [name, config] of Object.entries(opts.stack.config.resources)) {
    if (!resourceTypeModule(config.type)?.packaged) continue;
    const manifest = await readManifest(path.join(opts.workspaceRoot, resourceOutputDir(opts.projectRoot, name)));
    if (manifest.kind !== 'zip') {
      throw new NxstackError('NXS_ARTIFACT_KIND_UNSUPPORTED', `Resource '${name}' was packaged as an image; only zip Lambdas are compiled so far.`, {
        location: opts.stack.locate(['resources', name, 'properties', 'packaging']),
        hint: 'Use stacktape-lambda-buildpack or custom-artifact packaging for this resource.',
      });
    }
    artifacts[name] = { ...manifest, location: { bucket, key: contentAddressedKey(opts.projectName, name, manifest) } };
  }
  return artifacts;
}

/** Compiles the stack with its packaged artifacts and writes the template (sorted keys, 2-space indent). */
export async function synthStack(opts: SynthOptions): Promise<SynthResult> {
  const artifacts = await collectArtifacts(opts);
  const compiled = compileStack({ stack: opts.stack, projectName: opts.projectName, stage: opts.stage, region: opts.region, artifacts });
  const outputFile = path.resolve(opts.workspaceRoot, opts.outputPath ?? defaultTemplatePath(opts.projectRoot, opts.stage));
  await fs.mkdir(path.dirname(outputFile), { recursive: true });
  await fs.writeFile(outputFile, formatTemplate(compiled.template));
  return { ...compiled, outputFile, hash: templateHash(compiled.template, compiled.parameters) };
}
