/**
 * Per stage and region, one CloudFormation stack `nxstack-bootstrap-<stage>` holds the
 * deployment bucket. Created on first use. Parallel publish tasks on one machine take turns
 * through a lock file (moto's CreateStack is not atomic: two creates of one stack both start and
 * the second bucket fails); across machines the loser of CreateStack (AlreadyExists) waits for
 * the winner's stack to finish. The template carries a version (output `BootstrapVersion`, as
 * aws-cdk's bootstrap does): a stack of an older version (e.g. a bucket made before the retired-artifact lifecycle rule) is updated to
 * this one on first use, once; a newer one is left alone.
 */
import { CreateStackCommand, UpdateStackCommand, type CloudFormationClient, type Stack } from '@aws-sdk/client-cloudformation';
import type { STSClient } from '@aws-sdk/client-sts';
import { NxstackError } from '@nxstack/core';
import { describeStack, firstFailureReason, followStack } from './cfn-stack-events';
import { RETIRED_EXPIRY_DAYS, RETIRED_TAG } from './artifact-retirement';
import { withFileLock } from './file-lock';

export interface BootstrapInput {
  readonly stage: string;
  readonly region: string;
  readonly cloudformation: CloudFormationClient;
  readonly sts: STSClient;
  readonly pollIntervalMs?: number;
  readonly log?: (line: string) => void;
  /** Lock file serialising bootstraps of this stage on this machine (`.nxstack/<stage>/bootstrap-<region>.lock`). */
  readonly lockFile?: string;
}

export interface BootstrapResult {
  readonly stackName: string;
  readonly bucket: string;
  readonly created: boolean;
  /** True when an older bootstrap stack was brought to BOOTSTRAP_VERSION. */
  readonly upgraded?: boolean;
}

/** Raise on every change of bootstrapTemplate: existing stages get it on their next deploy. 2: retired-artifact expiry. */
export const BOOTSTRAP_VERSION = 2;
const DESCRIPTION = 'nxstack deployment bucket (artifacts and large templates)';

/** The version a bootstrap stack says it is (its `BootstrapVersion` output); stacks made before versions are 1. */
export function bootstrapVersionOf(stack: Pick<Stack, 'Outputs'>): number {
  const v = Number(stack.Outputs?.find((o) => o.OutputKey === 'BootstrapVersion')?.OutputValue);
  return Number.isInteger(v) && v > 0 ? v : 1;
}

export const bootstrapStackName = (stage: string) => `nxstack-bootstrap-${stage}`;

/** `nxstack-<account>-<region>-<stage>`, lowercase, at most 63 characters, no trailing hyphen. */
export function deploymentBucketName(account: string, region: string, stage: string): string {
  return `nxstack-${account}-${region}-${stage}`.toLowerCase().replace(/[^a-z0-9-]/g, '-').slice(0, 63).replace(/-+$/, '');
}

export function bootstrapTemplate(bucket: string): object {
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: DESCRIPTION,
    Resources: {
      DeploymentBucket: {
        Type: 'AWS::S3::Bucket',
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
        Properties: {
          BucketName: bucket,
          BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
          PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
          LifecycleConfiguration: {
            Rules: [
              { Id: 'abort-incomplete-multipart-uploads', Status: 'Enabled', AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } },
              // Artifacts a later successful deploy replaced (artifact-retirement.ts); never a live one.
              { Id: 'expire-retired-artifacts', Status: 'Enabled', TagFilters: [{ Key: RETIRED_TAG, Value: 'true' }], ExpirationInDays: RETIRED_EXPIRY_DAYS },
            ],
          },
        },
      },
    },
    Outputs: { DeploymentBucketName: { Value: { Ref: 'DeploymentBucket' } }, BootstrapVersion: { Value: String(BOOTSTRAP_VERSION) } },
  };
}

const READY = new Set(['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'UPDATE_ROLLBACK_COMPLETE']);

export async function ensureBootstrap(input: BootstrapInput): Promise<BootstrapResult> {
  const stackName = bootstrapStackName(input.stage);
  // Fast path without the lock: an existing, settled stack is only read.
  const existing = await describeStack(input.cloudformation, stackName);
  if (existing && READY.has(existing.StackStatus ?? '') && bootstrapVersionOf(existing) >= BOOTSTRAP_VERSION) return settled(stackName, existing, false);
  if (!input.lockFile) return createOrWait(input, stackName);
  const log = input.log ?? (() => undefined);
  return withFileLock(input.lockFile, () => createOrWait(input, stackName), {
    onWait: (holder) => log(`waiting for the bootstrap of stage ${input.stage}${holder ? ` (pid ${holder.pid})` : ''}`),
  });
}

async function createOrWait(input: BootstrapInput, stackName: string): Promise<BootstrapResult> {
  const poll = input.pollIntervalMs ?? 2000;
  const log = input.log ?? (() => undefined);
  let stack = await describeStack(input.cloudformation, stackName);
  let created = false;
  if (!stack) {
    const { GetCallerIdentityCommand } = require('@aws-sdk/client-sts') as typeof import('@aws-sdk/client-sts'); // loaded only to create a bootstrap
    const identity = await input.sts.send(new GetCallerIdentityCommand({}));
    const bucket = deploymentBucketName(identity.Account ?? '000000000000', input.region, input.stage);
    log(`bootstrapping stage ${input.stage} in ${input.region}: stack ${stackName}, bucket ${bucket}`);
    try {
      await input.cloudformation.send(new CreateStackCommand({ StackName: stackName, TemplateBody: JSON.stringify(bootstrapTemplate(bucket)), Tags: [{ Key: 'nxstack:stage', Value: input.stage }] }));
      created = true;
    } catch (e) {
      // Another machine won the race: fall through and wait for its stack.
      if ((e as { name?: string }).name !== 'AlreadyExistsException') throw bootstrapError(stackName, (e as Error).message, e);
    }
    stack = await describeStack(input.cloudformation, stackName);
  }
  stack = await waitUntilSettled(input.cloudformation, stackName, stack, poll);
  if (!created && stack && READY.has(stack.StackStatus ?? '') && bootstrapVersionOf(stack) < BOOTSTRAP_VERSION) return upgrade(input, stackName, stack, poll);
  return settled(stackName, stack, created);
}

/** UpdateStack to this version's template, keeping the bucket; a concurrent upgrade by another machine is waited for. */
async function upgrade(input: BootstrapInput, stackName: string, stack: Stack, poll: number): Promise<BootstrapResult> {
  const bucket = settled(stackName, stack, false).bucket;
  (input.log ?? (() => undefined))(`upgrading bootstrap stack ${stackName} from version ${bootstrapVersionOf(stack)} to ${BOOTSTRAP_VERSION} (bucket ${bucket} kept)`);
  try {
    await input.cloudformation.send(new UpdateStackCommand({ StackName: stackName, TemplateBody: JSON.stringify(bootstrapTemplate(bucket)), Tags: [{ Key: 'nxstack:stage', Value: input.stage }] }));
  } catch (e) {
    // Another machine is upgrading it (its update is waited for below), or it already is this template.
    if (!/IN_PROGRESS|No updates are to be performed/i.test((e as Error).message ?? '')) throw bootstrapError(stackName, `upgrade failed: ${(e as Error).message}`, e);
  }
  const after = await waitUntilSettled(input.cloudformation, stackName, await describeStack(input.cloudformation, stackName), poll);
  if (!after || bootstrapVersionOf(after) < BOOTSTRAP_VERSION) throw bootstrapError(stackName, `still at version ${after ? bootstrapVersionOf(after) : '?'} after the upgrade to ${BOOTSTRAP_VERSION}`);
  return { ...settled(stackName, after, false), upgraded: true };
}

/** The deployment bucket of the stage's bootstrap if it exists and is settled; never creates it. */
export async function findBootstrap(cfn: CloudFormationClient, stage: string): Promise<string | undefined> {
  const stack = await describeStack(cfn, bootstrapStackName(stage));
  if (!stack || !READY.has(stack.StackStatus ?? '')) return undefined;
  return stack.Outputs?.find((o) => o.OutputKey === 'DeploymentBucketName')?.OutputValue;
}

function settled(stackName: string, stack: Stack | undefined, created: boolean): BootstrapResult {
  if (!stack || !READY.has(stack.StackStatus ?? '')) {
    throw bootstrapError(stackName, `stack is ${stack?.StackStatus ?? 'missing'}`);
  }
  const bucket = stack.Outputs?.find((o) => o.OutputKey === 'DeploymentBucketName')?.OutputValue;
  if (!bucket) throw bootstrapError(stackName, 'stack has no DeploymentBucketName output');
  return { stackName, bucket, created };
}

async function waitUntilSettled(cfn: CloudFormationClient, stackName: string, stack: Stack | undefined, poll: number): Promise<Stack | undefined> {
  if (!stack?.StackStatus?.endsWith('_IN_PROGRESS')) return stack;
  const result = await followStack(cfn, stackName, undefined, () => undefined, poll);
  if (!READY.has(result.status)) throw bootstrapError(stackName, `${result.status}: ${firstFailureReason(result.events) ?? 'no reason reported'}`);
  return describeStack(cfn, stackName);
}

function bootstrapError(stackName: string, detail: string, cause?: unknown): NxstackError {
  return new NxstackError('NXS_BOOTSTRAP_FAILED', `Bootstrap stack ${stackName} is not usable: ${detail}`, {
    hint: `Check the stack in the CloudFormation console; delete it if it is in ROLLBACK_COMPLETE and run publish/deploy again.`,
    cause,
  });
}
