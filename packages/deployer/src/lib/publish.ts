/**
 * `publish--<resource>`: puts one packaged zip into the stage's store under its
 * content-addressed key, unless it is already there.
 */
import { createReadStream, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { isLocalStage, loadStack, MANIFEST_FILE, NxstackError, readManifest, resourceOutputDir, type LoadedStack } from '@nxstack/core';
import { contentAddressedKey } from '@nxstack/cfn-compiler';
import { assertArtifactMatches, lambdaSettingsInStack } from './artifact-consistency';
import { formatBytes, summaryLine } from './report';
import { hostedZonesFor } from './hosted-zones';
import { openStage, type StageOptions, type StageTarget } from './stage-target';
import { stageValues } from './stage-values';

export interface PublishOptions extends StageOptions {
  readonly projectRoot: string;
  readonly resource: string;
  /** stack.yml, read when it exists: the artifact must match its architecture/runtime; deploymentConfig (transfer acceleration). */
  readonly stackFile?: string;
  /** An already opened stage (deploy reuses its own). */
  readonly target?: StageTarget;
  /** stack.yml already loaded for this stage (the batch loads each project's once); null = none. */
  readonly stack?: LoadedStack | null;
}

/** Artifacts uploaded at once (publish batch, deploy); the checks of present keys all run together. */
export const UPLOAD_CONCURRENCY = 4;

export interface PublishResult {
  readonly key: string;
  readonly location: string;
  readonly uploaded: boolean;
  readonly bytesUploaded: number;
}

export async function publishResource(opts: PublishOptions): Promise<PublishResult> {
  const prepared = await preparePublish(opts);
  // customDomains without their hosted zone fail before the stage is opened (bootstrap) or anything uploaded.
  const zones = !opts.target && prepared.stack ? await hostedZonesFor(prepared.stack, opts) : undefined;
  const target = opts.target ?? (await openStage({ ...opts, clients: zones?.clients ?? opts.clients, useS3TransferAcceleration: opts.useS3TransferAcceleration ?? prepared.useAcceleration }));
  return uploadPrepared(prepared, target, opts.log);
}

/** One artifact checked locally and ready to publish: nothing of it has reached the stage yet. */
export interface PreparedPublish {
  readonly resource: string;
  readonly key: string;
  readonly file: string;
  readonly size: number;
  /** stack.yml's deploymentConfig.useS3TransferAcceleration (AWS stages), when set. */
  readonly useAcceleration?: boolean;
  /** The project's stack.yml (its customDomains' hosted zones are checked before the stage opens). */
  readonly stack?: LoadedStack;
}

/** Reads and checks the manifest and artifact (size, architecture/runtime): no AWS call. */
export async function preparePublish(opts: PublishOptions): Promise<PreparedPublish> {
  const dir = path.join(opts.workspaceRoot, resourceOutputDir(opts.projectRoot, opts.resource));
  const manifest = await readManifest(dir);
  if (manifest.kind === 'image') {
    throw new NxstackError('NXS_IMAGE_PUBLISH_USES_IMAGE_BUILDER', `Resource ${opts.resource} is a container image; @nxstack/deployer:publish uploads zip artifacts only.`, {
      hint: `Push images with the @nxstack/image-builder:push-image executor (target publish--${opts.resource} should use it).`,
    });
  }
  const file = path.join(dir, manifest.artifact);
  const size = (await fs.stat(file).catch(() => undefined))?.size;
  if (size !== manifest.size) {
    throw new NxstackError('NXS_ARTIFACT_MISMATCH', `Artifact ${file} ${size === undefined ? 'is missing' : `has ${size} bytes, the manifest says ${manifest.size}`}.`, {
      hint: `Package it again: nx run <project>:package--${opts.resource} --skip-nx-cache`,
    });
  }
  // Before any upload: the artifact was built for the architecture/runtime stack.yml deploys it as.
  const stack = opts.stack !== undefined ? (opts.stack ?? undefined) : opts.stackFile ? await readStackIfPresent(opts.stackFile, opts) : undefined;
  const expected = stack ? lambdaSettingsInStack(stack, opts.resource) : undefined;
  if (stack && expected) {
    const manifestFile = path.posix.join(resourceOutputDir(opts.projectRoot, opts.resource), MANIFEST_FILE);
    assertArtifactMatches({ resource: opts.resource, projectName: opts.projectName, manifest, manifestFile, expected, stack, source: 'stack.yml' });
  }
  // Only AWS stages care about deploymentConfig (transfer acceleration).
  const acceleration = stack && !isLocalStage(opts.stage) ? stack.config.deploymentConfig?.useS3TransferAcceleration : undefined;
  return { resource: opts.resource, key: contentAddressedKey(opts.projectName, opts.resource, manifest), file, size, useAcceleration: typeof acceleration === 'boolean' ? acceleration : undefined, stack };
}

/**
 * Puts a prepared artifact into the stage's store unless it is there. `present` is what a
 * presence check already found (the batch checks every key of the run in one pass).
 */
export async function uploadPrepared(p: PreparedPublish, target: StageTarget, log: (line: string) => void, present?: boolean): Promise<PublishResult> {
  const { resource, key, file, size } = p;
  const where = `${target.store.location}/${key}`;
  if (present ?? (await target.store.has(key))) {
    log(`${resource}: ${where} unchanged, not uploaded`);
    log(summaryLine('publish', { resource, uploads: 0, bytes: 0 }));
    return { key, location: where, uploaded: false, bytesUploaded: 0 };
  }
  log(`${resource}: uploading ${formatBytes(size)} to ${where}`);
  let lastReported = 0;
  let sent = 0;
  await target.store.put(key, () => createReadStream(file), size, (bytes) => {
    sent = bytes;
    // A progress line per ~10% keeps logs readable for big artifacts.
    if (bytes - lastReported >= size / 10 || bytes === size) {
      lastReported = bytes;
      log(`${resource}: ${formatBytes(bytes)} / ${formatBytes(size)}`);
    }
  });
  const bytesUploaded = Math.max(sent, size);
  log(`${resource}: uploaded ${size} bytes to ${where}`);
  log(summaryLine('publish', { resource, uploads: 1, bytes: bytesUploaded }));
  return { key, location: where, uploaded: true, bytesUploaded };
}

/** stack.yml, or undefined when the project has none (publishing a manifest by hand). */
export async function readStackIfPresent(stackFile: string, opts: PublishOptions): Promise<LoadedStack | undefined> {
  try {
    await fs.access(stackFile);
  } catch {
    return undefined;
  }
  return loadStack(stackFile, { workspaceRoot: opts.workspaceRoot, values: await stageValues(opts) });
}
