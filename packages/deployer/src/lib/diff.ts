/** `diff`: the change set a deploy would execute, printed and then deleted (never executed). */
import type { ChangeSummary } from '@nxstack/core';
import { planStack, type StackCommandOptions } from './plan-stack';
import { formatChanges } from './report';
import { assertExtensionTypesActivated } from './third-party-types';

export interface DiffResult {
  readonly stackName: string;
  readonly hash: string;
  readonly changes: readonly ChangeSummary[];
}

export async function diffStack(opts: StackCommandOptions): Promise<DiffResult> {
  const plan = await planStack(opts, { allowUnpublishedImages: true });
  const { target } = plan;
  if (target.kind === 'aws' && target.clients) await assertExtensionTypesActivated({ cloudformation: target.clients.cloudformation, template: plan.template, stack: plan.stack, region: target.region });
  const change = await plan.target.deployer.prepareChange({ stackName: plan.stackName, templateBody: plan.templateBody, parameters: plan.parameters, tags: plan.tags });
  try {
    opts.log(`stack ${plan.stackName} (stage ${plan.target.stage}):`);
    for (const line of formatChanges(change.changes)) opts.log(line);
  } finally {
    await plan.target.deployer.discard(plan.stackName, change);
  }
  return { stackName: plan.stackName, hash: plan.hash, changes: change.changes };
}
