/**
 * CloudFormation change sets: create (CREATE or UPDATE), wait until ready, read the resource
 * changes. A change set that failed because nothing changes is reported as empty, not an error.
 */
import {
  CreateChangeSetCommand,
  DescribeChangeSetCommand,
  type CloudFormationClient,
  type DescribeChangeSetCommandOutput,
  type ResourceChange,
} from '@aws-sdk/client-cloudformation';
import type { ChangeSummary } from '@nxstack/core';
import { NxstackError } from '@nxstack/core';
import { sleep } from './cfn-stack-events';

const NO_CHANGES = /didn't contain changes|No updates are to be performed|no changes/i;

export interface ChangeSetRequest {
  readonly stackName: string;
  readonly type: 'CREATE' | 'UPDATE';
  /** Exactly one of body / url. */
  readonly templateBody?: string;
  readonly templateUrl?: string;
  readonly parameters: Readonly<Record<string, string>>;
  readonly tags: Readonly<Record<string, string>>;
}

export interface ReadyChangeSet {
  readonly id: string;
  readonly stackId?: string;
  readonly empty: boolean;
  readonly changes: ChangeSummary[];
}

export async function createChangeSet(cfn: CloudFormationClient, req: ChangeSetRequest, pollIntervalMs: number): Promise<ReadyChangeSet> {
  const name = `nxstack-${new Date().toISOString().replace(/[^0-9]/g, '').slice(0, 17)}`;
  const created = await cfn.send(
    new CreateChangeSetCommand({
      StackName: req.stackName,
      ChangeSetName: name,
      ChangeSetType: req.type,
      TemplateBody: req.templateBody,
      TemplateURL: req.templateUrl,
      Parameters: Object.entries(req.parameters).map(([ParameterKey, ParameterValue]) => ({ ParameterKey, ParameterValue })),
      Tags: Object.entries(req.tags).map(([Key, Value]) => ({ Key, Value })),
      Capabilities: ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM', 'CAPABILITY_AUTO_EXPAND'],
      Description: 'nxstack deploy',
    }),
  );
  const id = created.Id ?? name;
  for (;;) {
    const first = await cfn.send(new DescribeChangeSetCommand({ ChangeSetName: id, StackName: req.stackName }));
    const status = first.Status ?? '';
    if (status === 'CREATE_COMPLETE') {
      return { id, stackId: created.StackId, empty: false, changes: await allChanges(cfn, id, req.stackName, first) };
    }
    if (status === 'FAILED') {
      if (NO_CHANGES.test(first.StatusReason ?? '')) return { id, stackId: created.StackId, empty: true, changes: [] };
      throw new NxstackError('NXS_CHANGE_SET_FAILED', `Change set for stack ${req.stackName} failed: ${first.StatusReason ?? 'no reason given'}`, {
        hint: 'The template was rejected by CloudFormation; run the diff target to see it, fix the stack.yml resource it names.',
      });
    }
    await sleep(pollIntervalMs);
  }
}

async function allChanges(cfn: CloudFormationClient, id: string, stackName: string, first: DescribeChangeSetCommandOutput): Promise<ChangeSummary[]> {
  const out: ChangeSummary[] = [];
  let page: DescribeChangeSetCommandOutput = first;
  for (;;) {
    for (const c of page.Changes ?? []) if (c.ResourceChange) out.push(toSummary(c.ResourceChange));
    if (!page.NextToken) return out;
    page = await cfn.send(new DescribeChangeSetCommand({ ChangeSetName: id, StackName: stackName, NextToken: page.NextToken }));
  }
}

function toSummary(rc: ResourceChange): ChangeSummary {
  const details = (rc.Details ?? [])
    .map((d) => d.Target?.Name ?? d.Target?.Attribute ?? '')
    .filter((d, i, all) => d && all.indexOf(d) === i);
  return {
    action: (rc.Action ?? 'Modify') as ChangeSummary['action'],
    logicalId: rc.LogicalResourceId ?? '',
    resourceType: rc.ResourceType ?? '',
    replacement: rc.Replacement as ChangeSummary['replacement'],
    details,
  };
}
