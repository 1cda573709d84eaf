/**
 * Image resources (services, batch jobs, image functions): the template pins each one by the
 * digest push-image recorded for the stage and region (core's imagePushRecordPath). A
 * missing record, or one for another build than the packaged manifest, stops the deploy before
 * any AWS call.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ecrRegionOf, imagePushRecordPath, isLocalStage, NxstackError, parseReference } from '@nxstack/core';
import { collectImageArtifacts, type CompiledImageArtifact, type LoadedStack } from '@nxstack/cfn-compiler';

/** What image-builder's push-image writes per resource and stage. */
export interface ImagePushRecord {
  /** `<registry>/<repository>@sha256:…`, or `oci-layout:<dir>@sha256:…` on the local stage. */
  readonly reference: string;
  readonly digest: string;
  readonly tags?: readonly string[];
}

export interface PublishedImagesOptions {
  readonly workspaceRoot: string;
  readonly projectName: string;
  readonly projectRoot: string;
  readonly stack: LoadedStack;
  readonly stage: string;
  /**
   * The region the stack deploys to (AWS stages): its push records are read. A record of that
   * region naming another region's ECR registry (an explicit --repository) is refused, not pinned
   * across regions.
   */
  readonly region?: string;
  /**
   * True for diff (which runs after package, not publish): an unpushed image keeps the
   * compiler's placeholder URI instead of failing; `onPlaceholder` says which.
   */
  readonly allowUnpublished?: boolean;
  readonly onPlaceholder?: (resource: string, why: string) => void;
}

export function imagePushRecordFile(workspaceRoot: string, stage: string, region: string | undefined, projectRoot: string, resource: string): string {
  return path.join(workspaceRoot, imagePushRecordPath(stage, region, projectRoot, resource));
}

export async function readImagePushRecord(file: string): Promise<ImagePushRecord | undefined> {
  try {
    const record = JSON.parse(await fs.readFile(file, 'utf8')) as Partial<ImagePushRecord>;
    return typeof record.reference === 'string' && typeof record.digest === 'string' ? (record as ImagePushRecord) : undefined;
  } catch {
    return undefined;
  }
}

/** Every packaged image of the stack with `location.imageUri` = the pushed reference. */
export async function publishedImages(opts: PublishedImagesOptions): Promise<Record<string, CompiledImageArtifact>> {
  const packaged = await collectImageArtifacts(opts);
  const out: Record<string, CompiledImageArtifact> = {};
  const problems: Array<{ name: string; why: string }> = [];
  for (const [name, artifact] of Object.entries(packaged)) {
    const file = imagePushRecordFile(opts.workspaceRoot, opts.stage, opts.region, opts.projectRoot, name);
    const record = await readImagePushRecord(file);
    if (!record) problems.push({ name, why: `no push record at ${path.relative(opts.workspaceRoot, file)}` });
    else if (record.digest !== artifact.digest) problems.push({ name, why: `pushed ${record.digest.slice(0, 19)}…, packaged ${artifact.digest.slice(0, 19)}…` });
    else if (otherRegion(record, opts)) problems.push({ name, why: `pushed to the ECR registry of ${otherRegion(record, opts)}, this deploy goes to ${opts.region}` });
    else out[name] = { ...artifact, location: { imageUri: record.reference } };
  }
  if (problems.length && opts.allowUnpublished) {
    for (const p of problems) {
      out[p.name] = packaged[p.name];
      opts.onPlaceholder?.(p.name, p.why);
    }
  } else if (problems.length) {
    const first = problems[0].name;
    throw new NxstackError(
      'NXS_IMAGE_NOT_PUBLISHED',
      `Image${problems.length > 1 ? 's' : ''} not published to stage ${opts.stage}: ${problems.map((p) => `${p.name} (${p.why})`).join(', ')}.`,
      {
        location: opts.stack.locate(['resources', first]),
        hint: `Push ${problems.length > 1 ? 'them' : 'it'} first: ${problems.map((p) => `nx run ${opts.projectName}:publish--${p.name} --stage ${opts.stage}${opts.region && !isLocalStage(opts.stage) ? ` --region ${opts.region}` : ''}`).join('; ')} (nx run ${opts.projectName}:deploy runs the publish targets through dependsOn).`,
      },
    );
  }
  return out;
}

/** The region of the ECR registry a record points at, when it is not the deploy's; undefined otherwise. */
function otherRegion(record: ImagePushRecord, opts: PublishedImagesOptions): string | undefined {
  if (!opts.region || isLocalStage(opts.stage) || record.reference.startsWith('oci-layout:')) return undefined;
  const pushedTo = ecrRegionOf(parseReference(record.reference).registry);
  return pushedTo && pushedTo !== opts.region ? pushedTo : undefined;
}
