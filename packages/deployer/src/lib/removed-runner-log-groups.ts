/**
 * A before:delete runner's log group outlives its removal from the template too (its
 * RetainExceptOnCreate policy is there for destroy: script-results.ts). A deploy that removes the
 * script deletes the group itself once the change succeeded, so the script can be added back
 * (CloudFormation would fail to create a group of the same name).
 */
import { ListStackResourcesCommand, type CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { ChangeSummary } from '@nxstack/core';
import { serviceErrorText } from './service-error';

/** Before the change runs: the names of the runner log groups it removes (after:deploy's are CloudFormation's to delete; deleting a gone one is harmless). */
export async function removedRunnerLogGroups(cfn: CloudFormationClient, stackName: string, changes: readonly ChangeSummary[]): Promise<string[]> {
  const removed = changes.filter((c) => c.action === 'Remove' && c.resourceType === 'AWS::Logs::LogGroup' && c.logicalId.endsWith('RunnerLogGroup'));
  if (!removed.length) return [];
  const ids = new Set(removed.map((c) => c.logicalId));
  const names: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await cfn.send(new ListStackResourcesCommand({ StackName: stackName, NextToken: nextToken }));
    for (const r of page.StackResourceSummaries ?? []) if (r.LogicalResourceId && ids.has(r.LogicalResourceId) && r.PhysicalResourceId) names.push(r.PhysicalResourceId);
    nextToken = page.NextToken;
  } while (nextToken);
  return names;
}

/** After the change succeeded. A group this identity cannot delete is said, not a failure of the deploy that succeeded. */
export async function deleteRemovedRunnerLogGroups(logs: CloudWatchLogsClient, groups: readonly string[], log: (line: string) => void): Promise<void> {
  // Loaded on use: every deploy imports this file, few remove a script.
  const { DeleteLogGroupCommand } = require('@aws-sdk/client-cloudwatch-logs') as typeof import('@aws-sdk/client-cloudwatch-logs');
  for (const group of groups) {
    await logs.send(new DeleteLogGroupCommand({ logGroupName: group })).then(
      () => log(`deleted the log group ${group} of a removed deployment script's runner`),
      (e: unknown) => {
        if (!/ResourceNotFound/.test(serviceErrorText(e))) log(`warning: the log group ${group} of a removed deployment script's runner is left behind: ${serviceErrorText(e)}`);
      },
    );
  }
}
