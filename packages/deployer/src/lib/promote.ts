/**
 * `promote --from staging --to prod`: the target stage gets exactly what the source stage runs.
 * The source stage's release record (release-record.ts) names its zip keys; they are copied
 * between the stages' buckets under the same keys and the target stack is deployed from them:
 * no package task, and both stacks hold the same keys. Images are copied by digest into the
 * target stage's repository (promote-images.ts), so both templates pin the same digests. The
 * target's stack.yml settings come from this workspace, as for any deploy.
 */
import { CopyObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { NxstackError, stackName as stackNameOf, validateStageName } from '@nxstack/core';
import type { RegistryCredentials } from '@nxstack/image-builder';
import { afterStackUpdate } from './after-stack-update';
import { CallCounter } from './call-counter';
import { deployPlan, type DeployResult } from './deploy';
import { checkPlanArtifacts } from './deploy-artifacts';
import { planStack, type StackCommandOptions } from './plan-stack';
import { hostingBuckets } from './hosting/hosting-sync';
import { promoteImages } from './promote-images';
import { readReleaseRecord } from './release-record';
import { serviceErrorText } from './service-error';
import { checkedStackState } from './stack-health';
import { withLockOf } from './stage-lock';
import { openStage, type StageTarget } from './stage-target';

export interface PromoteOptions extends Omit<StackCommandOptions, 'stage'> {
  readonly from: string;
  readonly to: string;
  /** Region of the source stage (default: the target's region). */
  readonly fromRegion?: string;
  readonly forceUnlock?: boolean;
  /** `--repository`: the target stage's repository for all the project's images (tags `<resource>-latest`). */
  readonly repository?: string;
  /** Each image resource's `publish--<resource>` target `repository` option, if set. */
  readonly imageRepositories?: Readonly<Record<string, string>>;
  /** For registries other than ECR (NXS_REGISTRY_USERNAME/PASSWORD). */
  readonly registryCredentials?: RegistryCredentials;
}

export interface PromoteResult extends DeployResult {
  readonly copiedArtifacts: number;
}

export async function promoteStack(opts: PromoteOptions): Promise<PromoteResult> {
  const from = validateStageName(opts.from);
  const to = validateStageName(opts.to);
  if (from === to) {
    throw new NxstackError('NXS_STAGE_INVALID', `promote needs two different stages (got --from ${from} --to ${to}).`, { hint: `nx run ${opts.projectName}:promote --from staging --to prod` });
  }
  const source = await openStage({ ...opts, stage: from, region: opts.fromRegion ?? opts.region, bootstrap: false });
  if (source.kind !== 'aws') {
    throw new NxstackError('NXS_STAGE_INVALID', `promote copies between AWS stages; ${from} is a local stage.`, { hint: 'Deploy the source stage to AWS first, then promote it.' });
  }
  const sourceStack = stackNameOf(opts.projectName, from);
  const record = source.bucket && source.clients ? await readReleaseRecord(source.clients.s3, source.bucket, sourceStack) : undefined;
  if (!record) {
    throw new NxstackError('NXS_PROMOTE_SOURCE_MISSING', `Nothing to promote: stage ${from} (${source.region}) has no deployment of ${opts.projectName} recorded.`, {
      location: { file: opts.stackFile },
      hint: `Deploy it first: nx run ${opts.projectName}:deploy --stage ${from} --region ${source.region}`,
    });
  }
  opts.log(`promoting ${sourceStack} (${source.region}, deployed ${record.deployedAt}) to stage ${to}`);

  const calls = new CallCounter();
  const target = await openStage({ ...opts, stage: to, calls });
  const stackName = stackNameOf(opts.projectName, to);
  return withLockOf(target, { stackName, projectName: opts.projectName, command: 'promote', forceUnlock: opts.forceUnlock, log: opts.log }, async () => {
    // A target stack in a state no deploy can act on is refused before any artifact or image is copied.
    const known = await checkedStackState(target, { stackName, projectName: opts.projectName, command: 'promote' });
    const copiedArtifacts = await copyArtifacts(source, target, record.artifacts, opts.log);
    const images = await promoteImages({
      images: record.images,
      projectName: opts.projectName,
      to,
      region: target.region,
      repository: opts.repository,
      imageRepositories: opts.imageRepositories,
      credentials: opts.registryCredentials,
      aws: { profile: opts.profile, env: opts.env },
      log: opts.log,
    });
    // Compiled like any deploy of the target, with the source's artifacts (their bucket becomes the target's) and images (same digests).
    const plan = await planStack({ ...opts, stage: to, calls }, { released: { artifacts: { ...record.artifacts }, images } });
    // A site's files are not in the release record: promoting would leave the target's site empty or stale.
    const site = hostingBuckets(plan.stack)[0];
    if (site) {
      throw new NxstackError('NXS_NOT_SUPPORTED_YET', `promote of a stack with ${plan.stack.config.resources[site[0]].type === 'bucket' ? 'a bucket directoryUpload' : 'a hosting-bucket'} ('${site[0]}') is not supported yet`, {
        location: plan.stack.locate(['resources', site[0]]),
        hint: `Deploy the target stage from this workspace instead: nx run ${opts.projectName}:deploy --stage ${to}.`,
      });
    }
    const deployOptions = { ...opts, stage: to };
    const result = await deployPlan(await checkPlanArtifacts(plan, deployOptions), deployOptions, calls, known);
    await afterStackUpdate({ ...opts, stack: plan.stack, stage: to, local: false, outputs: result.state.outputs });
    return { ...result, copiedArtifacts };
  });
}

/** CopyObject under the same key into the target's bucket; an object already there is kept. */
async function copyArtifacts(source: StageTarget, target: StageTarget, artifacts: ReleaseArtifacts, log: (line: string) => void): Promise<number> {
  const [sourceS3, sourceBucket, targetS3, targetBucket] = [source.clients!.s3, source.bucket, target.clients!.s3, target.bucket];
  let copied = 0;
  for (const [name, a] of Object.entries(artifacts)) {
    const key = a.location.key;
    if (await exists(targetS3, targetBucket, key)) {
      log(`${name}: s3://${targetBucket}/${key} already there`);
      continue;
    }
    if (!(await exists(sourceS3, sourceBucket, key))) {
      throw new NxstackError('NXS_PROMOTE_SOURCE_MISSING', `${name}: s3://${sourceBucket}/${key}, which the source stage runs, is gone.`, {
        hint: 'Deploy the source stage again (it uploads its artifacts), then promote.',
      });
    }
    try {
      await targetS3.send(new CopyObjectCommand({ Bucket: targetBucket, Key: key, CopySource: `${sourceBucket}/${key.split('/').map(encodeURIComponent).join('/')}` }));
    } catch (e) {
      throw new NxstackError('NXS_S3_FAILED', `Copying ${name} from s3://${sourceBucket}/${key} to s3://${targetBucket} failed: ${serviceErrorText(e)}`, { cause: e });
    }
    copied++;
    log(`${name}: copied s3://${sourceBucket}/${key} → s3://${targetBucket}/${key}`);
  }
  return copied;
}

type ReleaseArtifacts = Readonly<Record<string, { readonly location: { readonly key: string } }>>;

async function exists(s3: S3Client, bucket: string, key: string): Promise<boolean> {
  try {
    await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return true;
  } catch (e) {
    if ((e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return false;
    throw e;
  }
}
