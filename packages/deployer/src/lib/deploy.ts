/**
 * `deploy`: puts the stack's zips in the stage's store (deploy-artifacts.ts), skips CloudFormation
 * entirely when the stage already runs this template hash; otherwise creates a change set,
 * prints it, executes it with streamed events, runs after:deploy hooks and prints outputs.
 */
import { invalidateCdns } from './cdn-invalidation';
import type { DeployedStackState, StackEvent } from '@nxstack/core';
import { requireApproval, userPoolReplacements } from './approval';
import { CallCounter } from './call-counter';
import { driftOf, reconcileAfterDeploy, tryHotswap } from './deploy-hotswap';
import { runAfterDeployScripts } from './hooks';
import { printScriptResults } from './script-results';
import { deleteRemovedRunnerLogGroups, removedRunnerLogGroups } from './removed-runner-log-groups';
import { runStackHooks } from './stack-scripts/script-hooks';
import { retireReplacedArtifacts } from './artifact-retirement';
import { publishPlanArtifacts, type StagedPlan } from './deploy-artifacts';
import { readReleaseRecord, writeReleaseRecord, type ReleaseRecord } from './release-record';
import type { LocalStackDeployer } from './local-stack-deployer';
import { planStack, type StackCommandOptions, type StackPlan } from './plan-stack';
import { checkedStackState } from './stack-health';
import { withLockOf } from './stage-lock';
import { assertExtensionTypesActivated } from './third-party-types';
import { formatChanges, formatEvent, formatOutputs, summaryLine, table } from './report';
import { syncHostingBuckets } from './hosting/hosting-sync';
import { afterStackUpdate } from './after-stack-update';

export interface DeployResult {
  readonly stackName: string;
  readonly upToDate: boolean;
  readonly hash: string;
  readonly state: DeployedStackState;
  readonly changeCount: number;
  /** S3 objects this deploy uploaded itself (e.g. a large template), counted on its clients. */
  readonly uploads: number;
  /** CloudFormation stack/change-set writes of this run, bootstrap included. */
  readonly cfnWrites: number;
  /** `--hotswap` that updated functions/services directly: what it updated. */
  readonly hotswapped?: readonly string[];
}

export interface DeployOptions extends StackCommandOptions {
  /** Break a stale stage lock before taking it. */
  readonly forceUnlock?: boolean;
  /** Code-only changes go straight to Lambda / ECS (deploy-hotswap.ts); others deploy in full. */
  readonly hotswap?: boolean;
  /** Deleting or replacing a bucket, table, database or user pool needs approval (approval.ts). */
  readonly requireApproval?: boolean;
  readonly approve?: boolean;
  /** Asks a yes/no question on the terminal; undefined without one. */
  readonly confirm?: (question: string) => Promise<boolean>;
}

export async function deployStack(opts: DeployOptions): Promise<DeployResult> {
  const calls = opts.calls ?? new CallCounter();
  const plan = await planStack({ ...opts, calls });
  return withLockOf(plan.target, { stackName: plan.stackName, projectName: opts.projectName, command: 'deploy', forceUnlock: opts.forceUnlock, log: opts.log }, async () => {
    // A stack in a state no deploy can act on is refused before anything is uploaded.
    const known = await checkedStackState(plan.target, { stackName: plan.stackName, projectName: opts.projectName, command: 'deploy' });
    // Its zips go to the stage first (no publish task process): checked in one pass, missing ones uploaded.
    const staged = await publishPlanArtifacts(plan, opts);
    const result = await deployPlan(staged, opts, calls, known);
    // hosting-bucket files: after the stack update (their buckets exist), also when the template was up to date.
    await syncHostingBuckets({ workspaceRoot: opts.workspaceRoot, projectRoot: opts.projectRoot, stack: plan.stack, stackName: plan.stackName, target: plan.target, outputs: result.state.outputs, log: opts.log });
    await afterStackUpdate({ ...opts, stack: plan.stack, stage: plan.target.stage, local: plan.target.kind === 'local', outputs: result.state.outputs });
    // stack.yml hooks.afterDeploy: after every successful deploy, with the stage's deployed values.
    await runStackHooks('afterDeploy', { ...opts, stack: plan.stack, stage: plan.target.stage, region: plan.target.kind === 'aws' ? plan.target.region : undefined, hostEnv: opts.env });
    return result;
  });
}

/**
 * Deploys a planned stack whose zips are in the stage's store (deploy-artifacts.ts); the caller
 * holds the stage lock (deployStack, promote).
 */
export async function deployPlan(plan: StagedPlan, opts: DeployOptions, calls: CallCounter, known: { readonly current: DeployedStackState | undefined }): Promise<DeployResult> {
  const { target, stackName, hash } = plan;
  const summary = () => summaryLine('deploy', { stack: stackName, stage: target.stage, uploads: calls.uploads, cfnWrites: calls.cfnWrites });
  // `known`: the caller read and checked the state (checkedStackState) under the same lock, before uploading.
  const current = known.current;
  const drift = await driftOf(plan);
  if (current?.deployedHash === hash && isHealthy(current.status) && !drift) {
    opts.log(`stack ${stackName} is up to date`);
    await recordRelease(plan, opts.log);
    opts.log(summary());
    return { stackName, upToDate: true, hash, state: current, changeCount: 0, uploads: calls.uploads, cfnWrites: calls.cfnWrites };
  }
  if (opts.hotswap) {
    const outcome = await tryHotswap(plan, current !== undefined, drift, opts.log);
    if ('updated' in outcome && current) {
      // The stack's template still names the replaced code (a rollback needs it): nothing is retired.
      await recordRelease(plan, opts.log, false);
      opts.log(`stack ${stackName}: hotswapped ${outcome.updated.length} resource(s) without CloudFormation; the next full deploy reconciles the stack`);
      opts.log(summaryLine('deploy', { stack: stackName, stage: target.stage, mode: 'hotswap', uploads: calls.uploads, cfnWrites: calls.cfnWrites }));
      return { stackName, upToDate: false, hash, state: current, changeCount: outcome.updated.length, uploads: calls.uploads, cfnWrites: calls.cfnWrites, hotswapped: outcome.updated };
    }
    if ('reason' in outcome) opts.log(`hotswap not possible: ${outcome.reason}; deploying through CloudFormation`);
  }
  if (drift) opts.log(`stack ${stackName} was hotswapped since ${drift.since}: this full deploy reconciles it`);
  opts.log(`deploying stack ${stackName} to stage ${target.stage}${target.kind === 'aws' ? ` (${target.region})` : ''}`);
  if (target.kind === 'aws' && target.clients) await assertExtensionTypesActivated({ cloudformation: target.clients.cloudformation, template: plan.template, stack: plan.stack, region: target.region });
  const change = await target.deployer.prepareChange({ stackName, templateBody: plan.templateBody, parameters: plan.parameters, tags: plan.tags });
  for (const line of formatChanges(change.changes)) opts.log(line);
  const gated = opts.requireApproval ? change.changes : target.kind === 'aws' ? userPoolReplacements(change.changes) : [];
  if (gated.length) {
    await requireApproval(gated, { stackName, projectName: opts.projectName, stage: target.stage, approve: opts.approve, confirm: opts.confirm, log: opts.log }).catch(async (e: unknown) => {
      await target.deployer.discard(stackName, change); // nothing of a refused change stays behind
      throw e;
    });
  }
  const restore = target.kind === 'local' ? await (target.deployer as LocalStackDeployer).snapshot() : undefined;
  const removedGroups = target.kind === 'aws' && target.clients ? await removedRunnerLogGroups(target.clients.cloudformation, stackName, change.changes) : [];
  const executed = new Date();
  const onEvent = (e: StackEvent) => opts.log(formatEvent(e));
  const state = target.kind === 'local' ? await (target.deployer as LocalStackDeployer).execute(stackName, change, onEvent, plan.stack) : await target.deployer.execute(stackName, change, onEvent);
  if (removedGroups.length) await deleteRemovedRunnerLogGroups(target.clients!.logs, removedGroups, opts.log);
  if (target.kind === 'aws' && target.clients) await printScriptResults({ logs: () => target.clients!.logs, templateBody: plan.templateBody, changes: change.changes, since: executed, log: opts.log });
  try {
    await runAfterDeployScripts({ workspaceRoot: opts.workspaceRoot, projectName: opts.projectName, stack: plan.stack, stackName, target, state, log: opts.log });
  } catch (e) {
    // A failed after:deploy script leaves the previous local deploy in place (CloudFormation rolls back on AWS).
    if (restore) {
      await restore();
      opts.log(`stack ${stackName}: after:deploy failed; the previous local state is kept`);
    }
    throw e;
  }
  if (target.kind === 'aws' && target.clients && !change.empty) await invalidateCdns(target.clients.cloudfront, state.outputs, hash, opts.log);
  await reconcileAfterDeploy(plan, drift, opts.log);
  await recordRelease(plan, opts.log);
  if (target.kind === 'local') await printLocalDeployment(plan, opts.log);
  for (const line of formatOutputs(state.outputs)) opts.log(line);
  opts.log(`stack ${stackName}: ${change.empty ? 'no changes' : `${change.changes.length} change(s) deployed`}`);
  opts.log(summary());
  return { stackName, upToDate: false, hash, state, changeCount: change.changes.length, uploads: calls.uploads, cfnWrites: calls.cfnWrites };
}

/**
 * What the stage now runs, for promote (AWS stages; the local stage keeps its own state); the
 * zips the previous record named and this one does not are retired (artifact-retirement.ts).
 */
async function recordRelease(plan: StackPlan, log: (line: string) => void, retire = true): Promise<void> {
  const { target } = plan;
  if (target.kind !== 'aws' || !target.clients) return;
  const record: ReleaseRecord = {
    stackName: plan.stackName,
    stage: target.stage,
    region: target.region,
    deployedAt: new Date().toISOString(),
    hash: plan.hash,
    artifacts: plan.artifacts,
    images: plan.images,
  };
  const previous = await readReleaseRecord(target.clients.s3, target.bucket, plan.stackName);
  // Unchanged (a no-op deploy): the record already says what runs and nothing is to retire.
  if (previous && sameRelease(previous, record)) return;
  await writeReleaseRecord(target.clients.s3, target.bucket, record);
  if (retire) await retireReplacedArtifacts(target.clients.s3, target.bucket, previous, record, log);
}

function sameRelease(a: ReleaseRecord, b: ReleaseRecord): boolean {
  const what = (r: ReleaseRecord) => JSON.stringify([r.stackName, r.stage, r.region, r.hash, r.artifacts, r.images]);
  return what(a) === what(b);
}

/** Stable, successfully deployed states; a rolled-back stack is redeployed even if tagged. */
function isHealthy(status: string): boolean {
  return status === 'DEPLOYED' || ((status.endsWith('_COMPLETE') && !status.includes('ROLLBACK')) && !status.startsWith('DELETE'));
}

async function printLocalDeployment(plan: StackPlan, log: (line: string) => void): Promise<void> {
  const deployer = plan.target.deployer as LocalStackDeployer;
  const state = await deployer.readState();
  log(`template: ${deployer.templateFile}`);
  log(`state:    ${deployer.stateFile}`);
  for (const line of table(['logical id', 'type', 'local id'], (state?.resources ?? []).map((r) => [r.logicalId, r.type, r.physicalId]))) log(line);
  const store = plan.target.store as { pathOf?: (key: string) => string };
  for (const [name, a] of Object.entries(plan.artifacts)) if (store.pathOf) log(`artifact ${name}: ${store.pathOf(a.location.key)}`);
}
