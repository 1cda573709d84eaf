/**
 * A failed deployment script is the usual reason a deploy with scripts rolls back: name it and
 * give the script's own message, not CloudFormation's wrapping of it.
 */
import { SCRIPT_RUN_TYPE } from '@nxstack/cfn-compiler';
import type { StackEvent } from '@nxstack/core';

export interface ScriptFailure {
  readonly reason: string;
  readonly hint: string;
}

/** When the root-cause event (the first failure that is not a cancellation) is a deployment script's run. */
export function deploymentScriptFailure(events: readonly StackEvent[]): ScriptFailure | undefined {
  const failed = events.find((e) => e.status.endsWith('_FAILED') && e.reason && !/cancelled/i.test(e.reason));
  if (!failed || failed.resourceType !== SCRIPT_RUN_TYPE || !failed.reason) return undefined;
  // CloudFormation: "Received response status [FAILED] from custom resource. Message returned: <Reason> (RequestId: …)".
  const message = /Message returned:\s*([\s\S]*?)(?:\s*\(RequestId: [^)]*\))?\s*$/.exec(failed.reason)?.[1] ?? failed.reason;
  return {
    reason: `deployment script ${failed.logicalId} failed: ${message}`,
    hint: `The after:deploy script threw, so CloudFormation rolled the stack back. Its logs are in the script function's CloudWatch log group (and the runner's, /aws/lambda/<project>-<stage>-<script>-runner); fix it and deploy again.`,
  };
}
