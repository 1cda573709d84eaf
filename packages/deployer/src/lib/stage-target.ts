/**
 * Everything a command needs about the stage it targets: the artifact store, the stack
 * deployer and the bucket name the template points at. `local` (and any stage with
 * `local: true`) stays on disk; every other stage bootstraps its AWS deployment bucket.
 */
import * as path from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import type { ArtifactStore, StackDeployer } from '@nxstack/core';
import { assertAwsCredentials, isLocalStage, LOCAL_REGION, localArtifactsDir, localStackDir, localStageDir, validateStageName } from '@nxstack/core';
import { createAwsClients, createS3Client, type AwsClients } from './aws-clients';
import { ensureBootstrap, findBootstrap } from './bootstrap';
import { cachedBootstrapBucket, recordBootstrapBucket } from './bootstrap-cache';
import type { CallCounter } from './call-counter';
import { CloudFormationStackDeployer } from './cfn-stack-deployer';
import { S3ArtifactStore } from './s3-artifact-store';
import { uploadRetryPolicyFromEnv } from './upload-retry';
import { resolveTransferAcceleration } from './transfer-acceleration';

export interface StageOptions {
  readonly workspaceRoot: string;
  readonly projectName: string;
  readonly stage: string;
  readonly region?: string;
  readonly profile?: string;
  /** The command's options, read by stack.yml's `$CliArgs('name')`. */
  readonly cliArgs?: Readonly<Record<string, unknown>>;
  /** Environment for AWS region/endpoint overrides (executors pass process.env). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Pre-built clients (tests instrument them); built from region/profile/env otherwise. */
  readonly clients?: AwsClients;
  readonly useS3TransferAcceleration?: boolean;
  readonly pollIntervalMs?: number;
  /** False for commands that must not create the deployment bucket (destroy). */
  readonly bootstrap?: boolean;
  /** Counts the S3 uploads / CloudFormation writes made through the stage's clients. */
  readonly calls?: CallCounter;
  readonly log: (line: string) => void;
}

export interface StageTarget {
  readonly kind: 'local' | 'aws';
  readonly stage: string;
  readonly region: string;
  readonly bucket: string;
  readonly store: ArtifactStore;
  readonly deployer: StackDeployer;
  /** Local stage only: where the deployer writes template + state. */
  readonly localProjectDir?: string;
  /** AWS stages: the stage's clients (the stage lock, hotswap and promote use them). */
  readonly clients?: AwsClients;
}

export const LOCAL_BUCKET = 'nxstack-local-artifacts';

export async function openStage(opts: StageOptions): Promise<StageTarget> {
  const stage = validateStageName(opts.stage);
  if (isLocalStage(stage)) {
    // Loaded on use: the local deployer brings the local runtime, which AWS stages never need.
    const [{ LocalArtifactStore }, { LocalStackDeployer }] = await Promise.all([import('./local-artifact-store.js'), import('./local-stack-deployer.js')]);
    const localProjectDir = path.join(opts.workspaceRoot, localStackDir(stage, opts.projectName));
    return {
      kind: 'local',
      stage,
      region: LOCAL_REGION,
      bucket: LOCAL_BUCKET,
      store: new LocalArtifactStore(path.join(opts.workspaceRoot, localArtifactsDir(stage))),
      deployer: new LocalStackDeployer(localProjectDir, { workspaceRoot: opts.workspaceRoot, log: opts.log, env: opts.env as NodeJS.ProcessEnv }),
      localProjectDir,
    };
  }
  const retry = uploadRetryPolicyFromEnv(opts.env); // a bad setting fails before any AWS call
  const clients = opts.clients ?? await createAwsClients({ region: opts.region, profile: opts.profile, env: opts.env });
  // Before the first call: missing credentials say which stage/region and how to provide them.
  await assertAwsCredentials(() => clients.s3.config.credentials(), { stage, region: clients.region, profile: opts.profile });
  opts.calls?.attach(clients.s3, clients.cloudformation);
  if (opts.bootstrap === false) {
    // The bucket of an existing bootstrap ('' when the stage was never bootstrapped).
    const bucket = (await findBootstrap(clients.cloudformation, stage)) ?? '';
    const deployer = new CloudFormationStackDeployer({ cloudformation: clients.cloudformation, s3: clients.s3, region: clients.region, bucket, pollIntervalMs: opts.pollIntervalMs, log: opts.log });
    return { kind: 'aws', stage, region: clients.region, bucket, store: new S3ArtifactStore({ client: clients.s3, bucket }), deployer, clients };
  }
  const bucket = await bootstrapBucket(opts, stage, clients);
  // Transfer acceleration is looked up on the first upload: most commands upload nothing.
  let uploads: Promise<S3Client> | undefined;
  const uploadClient = () =>
    (uploads ??= resolveTransferAcceleration({ requested: opts.useS3TransferAcceleration ?? true, customEndpoint: clients.customS3Endpoint, client: clients.s3, bucket, log: opts.log }).then((accelerate) => {
      if (!accelerate) return clients.s3;
      const s3 = createS3Client({ region: clients.region, profile: opts.profile, env: opts.env, useAccelerateEndpoint: true });
      opts.calls?.attach(s3);
      return s3;
    }));
  return {
    kind: 'aws',
    stage,
    region: clients.region,
    bucket,
    store: new S3ArtifactStore({ client: clients.s3, bucket, retry, onRetry: opts.log, uploadClient }),
    deployer: new CloudFormationStackDeployer({ cloudformation: clients.cloudformation, s3: clients.s3, region: clients.region, bucket, pollIntervalMs: opts.pollIntervalMs, log: opts.log }),
    clients,
  };
}

/**
 * The stage's deployment bucket: the recorded one when HeadBucket still finds it
 * (bootstrap-cache.ts), otherwise the bootstrap stack's (described, created on first use), checked
 * and recorded for the next command.
 */
async function bootstrapBucket(opts: StageOptions, stage: string, clients: AwsClients): Promise<string> {
  const cacheOptions = { workspaceRoot: opts.workspaceRoot, stage, region: clients.region, profile: opts.profile, env: opts.env };
  const cached = await cachedBootstrapBucket(cacheOptions, clients.s3);
  if (cached.bucket) return cached.bucket;
  const boot = await ensureBootstrap({
    stage,
    region: clients.region,
    cloudformation: clients.cloudformation,
    get sts() {
      return clients.sts; // only a stage bootstrapped now asks who the caller is
    },
    pollIntervalMs: opts.pollIntervalMs,
    log: opts.log,
    lockFile: path.join(opts.workspaceRoot, localStageDir(stage), `bootstrap-${clients.region}.lock`),
  });
  if (cached.checked === 'missing') opts.log(`stage ${stage}: the recorded deployment bucket is gone; bootstrap stack ${boot.stackName} described again`);
  await recordBootstrapBucket(cacheOptions, clients.s3, boot.bucket);
  return boot.bucket;
}
