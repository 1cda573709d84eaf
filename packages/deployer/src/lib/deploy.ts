/**
 * `deploy`: skips CloudFormation entirely when the stage already runs this template hash;
 * otherwise checks every artifact is published, creates a change set, prints it, executes it
 * with streamed events, runs after:deploy hooks and prints outputs.
 */
import type { DeployedStackState } from '@nxstack/core';
import { NxstackError } from '@nxstack/core';
import { CallCounter } from './call-counter';
import { runAfterDeployScripts } from './hooks';
import type { LocalStackDeployer } from './local-stack-deployer';
import { planStack, type StackCommandOptions, type StackPlan } from './plan-stack';
import { formatChanges, formatEvent, formatOutputs, summaryLine, table } from './report';

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
}

export async function deployStack(opts: StackCommandOptions): Promise<DeployResult> {
  const calls = opts.calls ?? new CallCounter();
  const plan = await planStack({ ...opts, calls });
  const { target, stackName, hash } = plan;
  const summary = () => summaryLine('deploy', { stack: stackName, stage: target.stage, uploads: calls.uploads, cfnWrites: calls.cfnWrites });
  const current = await target.deployer.current(stackName);
  if (current?.deployedHash === hash && isHealthy(current.status)) {
    opts.log(`stack ${stackName} is up to date`);
    opts.log(summary());
    return { stackName, upToDate: true, hash, state: current, changeCount: 0, uploads: calls.uploads, cfnWrites: calls.cfnWrites };
  }
  await ensureArtifactsPublished(plan, opts);
  opts.log(`deploying stack ${stackName} to stage ${target.stage}${target.kind === 'aws' ? ` (${target.region})` : ''}`);
  const change = await target.deployer.prepareChange({ stackName, templateBody: plan.templateBody, parameters: plan.parameters, tags: plan.tags });
  for (const line of formatChanges(change.changes)) opts.log(line);
  const restore = target.kind === 'local' ? await (target.deployer as LocalStackDeployer).snapshot() : undefined;
  const state = await target.deployer.execute(stackName, change, (e) => opts.log(formatEvent(e)));
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
  if (target.kind === 'local') await printLocalDeployment(plan, opts.log);
  for (const line of formatOutputs(state.outputs)) opts.log(line);
  opts.log(`stack ${stackName}: ${change.empty ? 'no changes' : `${change.changes.length} change(s) deployed`}`);
  opts.log(summary());
  return { stackName, upToDate: false, hash, state, changeCount: change.changes.length, uploads: calls.uploads, cfnWrites: calls.cfnWrites };
}

/** Stable, successfully deployed states; a rolled-back stack is redeployed even if tagged. */
function isHealthy(status: string): boolean {
  return status === 'DEPLOYED' || ((status.endsWith('_COMPLETE') && !status.includes('ROLLBACK')) && !status.startsWith('DELETE'));
}

async function ensureArtifactsPublished(plan: StackPlan, opts: StackCommandOptions): Promise<void> {
  const missing: string[] = [];
  for (const [name, a] of Object.entries(plan.artifacts)) {
    if (!(await plan.target.store.has(a.location.key))) missing.push(`${name} (${plan.target.store.location}/${a.location.key})`);
  }
  if (missing.length) {
    throw new NxstackError('NXS_ARTIFACT_NOT_PUBLISHED', `Artifacts missing from stage ${plan.target.stage}: ${missing.join(', ')}.`, {
      location: { file: opts.stackFile },
      hint: `Run the publish targets first (nx run ${opts.projectName}:deploy runs them through dependsOn; or nx run ${opts.projectName}:publish--<resource> --stage ${plan.target.stage}).`,
    });
  }
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
