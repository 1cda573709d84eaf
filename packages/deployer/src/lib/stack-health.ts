/**
 * Stack states a command cannot act on, checked before it changes anything: each is explained
 * and the command that recovers it is printed. Stacks in these states only come from a run that
 * died, another tool, or a failed rollback — nxstack's own runs hold the stage lock.
 */
import { NxstackError, type DeployedStackState, type StackDeployer } from '@nxstack/core';

export interface StackHealthInput {
  readonly stackName: string;
  /** CloudFormation status; undefined when the stack does not exist. */
  readonly status: string | undefined;
  readonly projectName: string;
  readonly stage: string;
  readonly region: string;
  readonly command: 'deploy' | 'promote' | 'destroy';
}

/**
 * Reads the stack's state and refuses a state the command cannot act on. Deploy and promote call
 * it first, before they upload or copy anything; its answer saves deployPlan a second read.
 */
export async function checkedStackState(
  target: { readonly deployer: Pick<StackDeployer, 'current'>; readonly stage: string; readonly region: string },
  check: Omit<StackHealthInput, 'status' | 'stage' | 'region'>,
): Promise<{ readonly current: DeployedStackState | undefined }> {
  const current = await target.deployer.current(check.stackName);
  assertStackActionable({ ...check, status: current?.status, stage: target.stage, region: target.region });
  return { current };
}

export function assertStackActionable(input: StackHealthInput): void {
  const { stackName, status, command } = input;
  if (!status || status === 'REVIEW_IN_PROGRESS') return; // none, or only an unexecuted CREATE change set
  const aws = `--stack-name ${stackName} --region ${input.region}`;
  const nx = (target: string) => `nx run ${input.projectName}:${target} --stage ${input.stage} --region ${input.region}`;
  if (status.endsWith('_IN_PROGRESS')) {
    const cancel = status === 'UPDATE_IN_PROGRESS' ? ` To stop it instead: aws cloudformation cancel-update-stack ${aws}.` : '';
    throw new NxstackError('NXS_STACK_BUSY', `Stack ${stackName} is ${status}: a CloudFormation operation outside this run is still going on (another tool, or a run that was killed).`, {
      hint: `Wait until it settles (aws cloudformation describe-stacks ${aws} shows the status), then ${command} again.${cancel}`,
    });
  }
  if (command === 'destroy') return; // every settled state can be deleted
  if (status === 'ROLLBACK_COMPLETE' || status === 'ROLLBACK_FAILED') {
    throw new NxstackError('NXS_STACK_NOT_DEPLOYABLE', `Stack ${stackName} is ${status}: its first create failed and CloudFormation rolled it back; such a stack cannot be updated, only deleted.`, {
      hint: `Delete it, then ${command} again: ${nx('destroy')}`,
    });
  }
  if (status === 'UPDATE_ROLLBACK_FAILED') {
    throw new NxstackError('NXS_STACK_NOT_DEPLOYABLE', `Stack ${stackName} is UPDATE_ROLLBACK_FAILED: a failed update could not be rolled back, so CloudFormation accepts no further update.`, {
      hint: `Finish the rollback, then ${command} again: aws cloudformation continue-update-rollback ${aws} (add --resources-to-skip <LogicalId> for a resource that cannot roll back).`,
    });
  }
  if (status === 'DELETE_FAILED') {
    throw new NxstackError('NXS_STACK_NOT_DEPLOYABLE', `Stack ${stackName} is DELETE_FAILED: a destroy stopped half-way.`, {
      hint: `Finish the delete (the stack events name the resource that blocked it), then ${command} again: ${nx('destroy')}`,
    });
  }
}
