/**
 * push-image: the built layout goes to its registry under `latest`, the git sha (in a git repo)
 * and the build id; only missing blobs are sent. Stage `local` copies it into the local stage's
 * OCI layout store instead. Where it went is written to .nxstack/<stage>/images/<region>/<root>/<resource>.json (no region on local).
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ECRClient } from '@aws-sdk/client-ecr';
import { assertAwsCredentials, ecrRegionOf, imagePushRecordPath, isEcrRegistry, isLocalStage, localImageLayoutDir, NxstackError, readManifest, resolveRegion, toPosix } from '@nxstack/core';
import { IMAGE_INFO_FILE } from './build-image';
import { gitCommitSha } from './git-sha';
import { readLayout, writeLayout } from './oci/layout';
import { pushImage, type PushProgress } from './push';
import { openStageRepository, stageRepositoryTag } from './stage-repository';
import type { RegistryCredentials } from './registry/auth';
import { ecrLogin } from './registry/ecr-auth';
import { parseReference } from './registry/reference';
import { RegistryClient } from './registry/registry-client';
import type { ImageBuildInfo, StageIdentity } from './image-build-types';

export interface PublishImageOptions {
  readonly workspaceRoot: string;
  readonly projectName: string;
  readonly projectRoot: string;
  readonly resource: string;
  /** Absolute package output folder (holds manifest.json, image.json, image/). */
  readonly outputDir: string;
  readonly stage: string;
  /** Explicit region (--region). Only ECR and the stage check need one: then `resolveRegion` decides (env, profile), never a default. */
  readonly region?: string;
  readonly resolveRegion?: () => Promise<string>;
  /** `registry/repository` to push to; default: the image's label target, else `<ecr>/<project>-<stage>`. */
  readonly repository?: string;
  /** `ecr`: credentials from ECR GetAuthorizationToken (automatic for *.dkr.ecr.* hosts). */
  readonly auth?: 'ecr' | 'none';
  readonly credentials?: RegistryCredentials;
  readonly ecrClient?: ECRClient;
  readonly insecureRegistries?: readonly string[];
  readonly onProgress?: (p: PushProgress | { phase: 'info'; message: string }) => void;
  /** Account of the stage's credentials (AWS stages); checked against what an engine build received. */
  readonly stageAccount?: (region: string) => Promise<string>;
}

export interface PublishImageResult {
  readonly reference: string;
  readonly digest: string;
  readonly tags: readonly string[];
  readonly bytesUploaded: number;
  readonly blobsUploaded: number;
}

/**
 * The machine-readable line the publish targets print (same shape as @nxstack/deployer's zip
 * publish): `nxstack: publish resource=<name> uploads=<0|1> bytes=<n>`; uploads=1 when any blob
 * or byte was sent.
 */
export function publishSummaryLine(resource: string, result: PublishImageResult): string {
  const uploaded = result.blobsUploaded > 0 ? 1 : 0;
  return `nxstack: publish resource=${resource} uploads=${uploaded} bytes=${uploaded ? result.bytesUploaded : 0}`;
}

async function record(o: PublishImageOptions, region: string | undefined, result: PublishImageResult): Promise<PublishImageResult> {
  const file = path.join(o.workspaceRoot, imagePushRecordPath(o.stage, region, o.projectRoot, o.resource));
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, JSON.stringify(result, null, 2) + '\n');
  return result;
}

export async function publishImage(o: PublishImageOptions): Promise<PublishImageResult> {
  const manifest = await readManifest(o.outputDir);
  if (manifest.kind !== 'image') {
    throw new NxstackError('NXS_NOT_AN_IMAGE', `${o.outputDir} holds a ${manifest.kind} package, not an image.`, { hint: 'push-image publishes image packagings only.' });
  }
  const info = JSON.parse(await fs.readFile(path.join(o.outputDir, IMAGE_INFO_FILE), 'utf8')) as ImageBuildInfo;
  if (info.builtFor) await checkBuiltFor(info.builtFor, o);
  // The record is per region on AWS stages (the region deploy reads it for): resolved before any
  // byte is pushed, so a command without a region fails before it uploads anything.
  const recordRegion = isLocalStage(o.stage) ? undefined : await regionOf(o);
  if (manifest.packager === 'prebuilt-image') {
    return record(o, recordRegion, { reference: info.reference!, digest: manifest.digest, tags: [], bytesUploaded: 0, blobsUploaded: 0 });
  }
  const image = await readLayout(path.join(o.outputDir, manifest.layout));
  if (image.digest !== manifest.digest) {
    throw new NxstackError('NXS_IMAGE_LAYOUT_STALE', `The image layout in ${o.outputDir} does not match its manifest.json.`, { hint: 'Run the package--<resource> target again.' });
  }
  const sha = await gitCommitSha(o.workspaceRoot);
  // The local stage never talks to AWS: a label naming an ECR repository (Sparta's, with an empty
  // account on local) is for AWS stages; the image goes into the local layout store.
  const labelForAws = manifest.targetRepository !== undefined && /\.dkr\.ecr(-fips)?\./.test(manifest.targetRepository.split('/')[0]!);
  if (isLocalStage(o.stage) && !o.repository && (!manifest.targetRepository || labelForAws)) {
    const dir = path.join(o.workspaceRoot, localImageLayoutDir(o.stage, o.projectRoot, o.resource));
    await writeLayout(dir, image, 'latest');
    return record(o, recordRegion, { reference: `oci-layout:${toPosix(path.relative(o.workspaceRoot, dir))}@${image.digest}`, digest: image.digest, tags: ['latest'], bytesUploaded: 0, blobsUploaded: 0 });
  }
  let target = o.repository ?? manifest.targetRepository;
  let credentials = o.credentials;
  let sharedRepository = false;
  const useEcr = o.auth === 'ecr' || (target !== undefined && isEcrRegistry(parseReference(target).registry));
  if (useEcr || !target) {
    const region = (target && ecrRegionOf(parseReference(target).registry)) ?? (await regionOf(o));
    const ecr = o.ecrClient ?? new ECRClient({ region });
    await assertAwsCredentials(() => ecr.config.credentials(), { stage: o.stage, region });
    if (target) {
      const login = await ecrLogin(region, ecr);
      credentials = { username: login.username, password: login.password };
    } else {
      // The stage's repository, shared by the project's image resources; created on first push.
      const stageRepo = await openStageRepository(ecr, region, o.projectName, o.stage, (message) => o.onProgress?.({ phase: 'info', message }));
      credentials = stageRepo.credentials;
      target = `${stageRepo.registry}/${stageRepo.repository}`;
      sharedRepository = true;
    }
  }
  const ref = parseReference(target);
  const tagOf = (tag: string) => (sharedRepository ? stageRepositoryTag(o.resource, tag) : tag);
  // A tag written in the target (`repo:v7`, e.g. from the push-to label) is kept alongside ours.
  const tags = [sharedRepository ? undefined : ref.tag, tagOf('latest'), sha ? tagOf(sha) : undefined, tagOf(info.buildId)].filter((t): t is string => Boolean(t));
  const client = new RegistryClient({ registry: ref.registry, credentials, insecure: o.insecureRegistries?.includes(ref.registry) || undefined });
  const base = info.baseImage ? parseReference(info.baseImage) : undefined;
  const pushed = await pushImage(image, {
    client,
    repository: ref.repository,
    tags,
    mountFrom: base && base.registry === ref.registry ? base.repository : undefined,
    onProgress: o.onProgress,
  });
  return record(o, recordRegion, { reference: pushed.reference, digest: pushed.digest, tags: pushed.tags, bytesUploaded: pushed.bytesUploaded, blobsUploaded: pushed.blobsUploaded.length });
}

async function regionOf(o: PublishImageOptions): Promise<string> {
  if (o.region) return o.region;
  return o.resolveRegion ? o.resolveRegion() : resolveRegion({ region: o.region });
}

/**
 * An engine build's output depends on the stage, region and account it received (build args,
 * labels): the image must have been built for the stage it is pushed to, never reused from another.
 */
async function checkBuiltFor(built: StageIdentity, o: PublishImageOptions): Promise<void> {
  const local = isLocalStage(o.stage);
  const region = local ? built.region : await regionOf(o);
  const account = local || !o.stageAccount ? '' : await o.stageAccount(region);
  const want: StageIdentity = { stage: o.stage, region, accountId: local ? built.accountId : account };
  if (built.stage === want.stage && built.region === want.region && built.accountId === want.accountId) return;
  const show = (s: StageIdentity) => `stage ${s.stage}, region ${s.region}, account ${s.accountId || '(none)'}`;
  throw new NxstackError('NXS_IMAGE_BUILT_FOR_OTHER_STAGE', `The ${o.resource} image was built for ${show(built)}, not for ${show(want)}.`, {
    hint: `Build it for this stage first: run publish--${o.resource} or deploy with --stage ${o.stage} (the stage reaches package--${o.resource}), and add --skip-nx-cache if the AWS credentials changed account.`,
  });
}
