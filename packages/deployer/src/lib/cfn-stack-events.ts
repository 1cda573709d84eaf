/**
 * Follows a CloudFormation stack until it settles, streaming events newer than a marker in
 * the order they happened.
 */
import { CloudFormationClient, DescribeStackEventsCommand, DescribeStacksCommand, type Stack, type StackEvent as CfnEvent } from '@aws-sdk/client-cloudformation';
import type { StackEvent } from '@nxstack/core';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function isNotFound(e: unknown): boolean {
  const err = e as { name?: string; message?: string };
  return err?.name === 'ValidationError' && /does not exist/i.test(err.message ?? '');
}

export async function describeStack(cfn: CloudFormationClient, stackName: string): Promise<Stack | undefined> {
  try {
    const res = await cfn.send(new DescribeStacksCommand({ StackName: stackName }));
    return res.Stacks?.[0];
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

export function toStackEvent(e: CfnEvent): StackEvent {
  return {
    timestamp: e.Timestamp ?? new Date(0),
    logicalId: e.LogicalResourceId ?? '',
    resourceType: e.ResourceType ?? '',
    status: e.ResourceStatus ?? '',
    reason: e.ResourceStatusReason || undefined,
  };
}

/** Id of the newest event of a stack (the marker after which events are "new"). */
export async function latestEventId(cfn: CloudFormationClient, stackName: string): Promise<string | undefined> {
  try {
    const res = await cfn.send(new DescribeStackEventsCommand({ StackName: stackName }));
    return res.StackEvents?.[0]?.EventId;
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

/** Events after `afterId`, oldest first. DescribeStackEvents pages newest first. */
export async function eventsSince(cfn: CloudFormationClient, stackName: string, afterId: string | undefined): Promise<CfnEvent[]> {
  const fresh: CfnEvent[] = [];
  let token: string | undefined;
  do {
    const res = await cfn.send(new DescribeStackEventsCommand({ StackName: stackName, NextToken: token }));
    for (const e of res.StackEvents ?? []) {
      if (afterId && e.EventId === afterId) return fresh.reverse();
      fresh.push(e);
    }
    token = res.NextToken;
  } while (token);
  return fresh.reverse();
}

export const isSettled = (status: string) => !status.endsWith('_IN_PROGRESS');

/** The first FAILED event's reason: the root cause, not the cascade of cancellations after it. */
export function firstFailureReason(events: readonly StackEvent[]): string | undefined {
  const failed = events.find((e) => e.status.endsWith('_FAILED') && e.reason && !/cancelled/i.test(e.reason));
  return failed ? `${failed.logicalId} (${failed.resourceType}): ${failed.reason}` : events.find((e) => e.status.endsWith('_FAILED'))?.reason;
}

export interface FollowResult {
  readonly status: string;
  readonly events: StackEvent[];
  readonly stackId?: string;
}

/**
 * Polls until the stack leaves *_IN_PROGRESS (or disappears, for deletes), calling onEvent for
 * every new event as it arrives. `stackRef` may be a name or (better for deletes) the stack id.
 */
export async function followStack(
  cfn: CloudFormationClient,
  stackRef: string,
  afterId: string | undefined,
  onEvent: (e: StackEvent) => void,
  pollIntervalMs: number,
): Promise<FollowResult> {
  const seen: StackEvent[] = [];
  let marker = afterId;
  for (;;) {
    const stack = await describeStack(cfn, stackRef);
    let fresh: CfnEvent[] = [];
    try {
      fresh = await eventsSince(cfn, stackRef, marker);
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
    for (const e of fresh) {
      const ev = toStackEvent(e);
      seen.push(ev);
      onEvent(ev);
    }
    if (fresh.length) marker = fresh[fresh.length - 1].EventId;
    if (!stack) return { status: 'DELETE_COMPLETE', events: seen };
    const status = stack.StackStatus ?? '';
    if (isSettled(status)) return { status, events: seen, stackId: stack.StackId };
    await sleep(pollIntervalMs);
  }
}
