/** `destroy`: deletes the stage's stack with streamed events. The deployment bucket stays. */
import { NxstackError, stackName as stackNameOf, validateStageName } from '@nxstack/core';
import { runLocalScripts } from './local-deployment-scripts';
import { runStackHooks, stackForHooks } from './stack-scripts/script-hooks';
import type { LocalStackDeployer } from './local-stack-deployer';
import { formatEvent } from './report';
import { printDeleteScriptResults } from './script-results';
import { retainedResources } from './retained-resources';
import { GetTemplateCommand } from '@aws-sdk/client-cloudformation';
import { emptyHostingBuckets } from './hosting/hosting-sync';
import { checkedStackState } from './stack-health';
import { withLockOf } from './stage-lock';
import { openStage, type StageOptions, type StageTarget } from './stage-target';

export interface DestroyResult {
  readonly stackName: string;
  readonly existed: boolean;
}

export interface DestroyOptions extends StageOptions {
  /** Break a stale stage lock before taking it. */
  readonly forceUnlock?: boolean;
  /** stack.yml, for its beforeDelete / afterDelete hooks. */
  readonly stackFile?: string;
}

export async function destroyStack(opts: DestroyOptions): Promise<DestroyResult> {
  const stackName = stackNameOf(opts.projectName, validateStageName(opts.stage));
  const target = await openStage({ ...opts, bootstrap: false });
  return withLockOf(target, { stackName, projectName: opts.projectName, command: 'destroy', forceUnlock: opts.forceUnlock, log: opts.log }, () => destroyTarget(target, stackName, opts));
}

async function destroyTarget(target: StageTarget, stackName: string, opts: DestroyOptions): Promise<DestroyResult> {
  const { current } = await checkedStackState(target, { stackName, projectName: opts.projectName, command: 'destroy' });
  const existed = current !== undefined;
  if (!existed) {
    opts.log(`stack ${stackName} does not exist on stage ${target.stage}; nothing to destroy`);
    // The local folder may still hold a half-written deploy: clear it anyway.
    if (target.kind === 'local') await target.deployer.destroy(stackName, () => undefined);
    return { stackName, existed };
  }
  await refuseWhileImported(target, stackName);
  // stack.yml hooks: beforeDelete with the deployed values (a failure stops the destroy), afterDelete once it is gone.
  const stack = await stackForHooks(opts);
  const hookOptions = stack && { ...opts, stack, stage: target.stage, region: target.kind === 'aws' ? target.region : undefined, hostEnv: opts.env };
  if (hookOptions) await runStackHooks('beforeDelete', hookOptions);
  if (target.kind === 'local') await runBeforeDeleteScripts(opts, target);
  await emptyHostingBuckets({ workspaceRoot: opts.workspaceRoot, stackName, target, outputs: current.outputs, log: opts.log });
  // The deleted template's before:delete scripts run in CloudFormation: destroy reads what they did afterwards.
  const clients = target.kind === 'aws' ? target.clients : undefined;
  const templateBody = clients && (await clients.cloudformation.send(new GetTemplateCommand({ StackName: stackName, TemplateStage: 'Original' }))).TemplateBody;
  opts.log(`deleting stack ${stackName} (stage ${target.stage})`);
  const since = new Date();
  await target.deployer.destroy(stackName, (e) => opts.log(formatEvent(e)));
  opts.log(`stack ${stackName} deleted${target.kind === 'aws' ? '; the deployment bucket is kept' : ''}`);
  if (clients && templateBody) await printDeleteScriptResults({ logs: () => clients.logs, templateBody, since, log: opts.log });
  // e.g. Lambda@Edge functions: Lambda refuses to delete them until CloudFront drops its replicas.
  for (const r of templateBody ? retainedResources(templateBody) : []) opts.log(`kept by its DeletionPolicy Retain: ${r.logicalId} (${r.type}); delete it yourself once it is no longer needed`);
  if (hookOptions) await runStackHooks('afterDelete', hookOptions);
  return { stackName, existed };
}

/** A provider goes after its consumers: deleting it first would break every stack importing its outputs. */
async function refuseWhileImported(target: StageTarget, stackName: string): Promise<void> {
  const importers = await target.deployer.importingStacks(stackName);
  if (importers.length === 0) return;
  throw new NxstackError('NXS_STACK_IMPORTED', `Stack ${stackName} cannot be destroyed: ${importers.join(', ')} import${importers.length === 1 ? 's' : ''} its outputs ($CfStackOutput).`, {
    hint: `Destroy ${importers.length === 1 ? 'that stack' : 'those stacks'} first (nx run <project>:destroy --stage <stage>), or remove the $CfStackOutput references and deploy them again.`,
  });
}

/** The before:delete scripts of the last local deploy (its state, not today's stack.yml); a failure is reported and the delete goes on. */
async function runBeforeDeleteScripts(opts: StageOptions, target: StageTarget): Promise<void> {
  const state = await (target.deployer as LocalStackDeployer).readState();
  if (!state) return;
  const failures = await runLocalScripts({ workspaceRoot: opts.workspaceRoot, projectName: opts.projectName, stage: target.stage, log: opts.log }, state, 'before:delete', false);
  for (const f of failures) opts.log(`warning: ${f.format()}\n  the stack is deleted anyway`);
}
