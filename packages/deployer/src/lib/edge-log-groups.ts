/**
 * An edge-lambda-function's `logging` (Stacktape semantics). Lambda@Edge writes its logs to
 * `/aws/lambda/us-east-1.<function>` in the region of the regional edge cache that ran it, so the
 * stack (one region) cannot own those log groups: after each deploy to an AWS stage, in every
 * region with a regional edge cache (Stacktape's list), the group is created when missing and
 * given the retention (`retentionDays`, default nxstack's log retention), or, with `disabled`,
 * deleted (the function's role then has no permission to write logs: cfn-compiler).
 * The local stage runs no Lambda@Edge replicas, so it has no such log groups.
 */
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { DEFAULT_LOG_RETENTION_DAYS, lambdaFunctionName } from '@nxstack/cfn-compiler';
import { NxstackError, type EdgeLambdaFunctionProperties, type LoadedStack } from '@nxstack/core';

/** Regions with a regional edge cache: where Lambda@Edge runs functions and writes their logs. */
export const EDGE_LOG_REGIONS = ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ap-south-1', 'ap-northeast-1', 'ap-northeast-2', 'ap-southeast-1', 'ap-southeast-2', 'eu-west-1', 'eu-west-2', 'eu-central-1', 'sa-east-1'] as const;

export const edgeLogGroupName = (functionName: string) => `/aws/lambda/us-east-1.${functionName}`;

export interface EdgeLoggingOptions {
  readonly stack: LoadedStack;
  readonly projectName: string;
  readonly stage: string;
  /** The local stage: nothing to set up (it runs no replicas); a function's logging setting is named as not applying there. */
  readonly local: boolean;
  /** CloudWatch Logs of a region. */
  readonly logsIn: (region: string) => CloudWatchLogsClient;
  readonly log: (line: string) => void;
}

export async function applyEdgeLogging(o: EdgeLoggingOptions): Promise<void> {
  const edge = Object.entries(o.stack.config.resources).filter(([, r]) => r.type === 'edge-lambda-function');
  for (const [name, r] of edge) {
    const logging = (r.properties as EdgeLambdaFunctionProperties).logging;
    if (o.local) {
      if (logging) o.log(`${name}: logging applies on AWS stages (its log groups in each edge region); the local stage runs no Lambda@Edge replicas`);
      continue;
    }
    // Loaded here, not with the deploy executor: only a stack with an edge function calls it.
    const { CreateLogGroupCommand, DeleteLogGroupCommand, DescribeLogGroupsCommand, PutRetentionPolicyCommand } = require('@aws-sdk/client-cloudwatch-logs') as typeof import('@aws-sdk/client-cloudwatch-logs');
    const group = edgeLogGroupName(lambdaFunctionName(o.projectName, o.stage, name));
    const retentionInDays = logging?.retentionDays ?? DEFAULT_LOG_RETENTION_DAYS;
    await Promise.all(EDGE_LOG_REGIONS.map(async (region) => {
      const logs = o.logsIn(region);
      try {
        const found = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: group }));
        const exists = (found.logGroups ?? []).some((g) => g.logGroupName === group);
        if (logging?.disabled) {
          if (exists) await logs.send(new DeleteLogGroupCommand({ logGroupName: group }));
          return;
        }
        if (!exists) await logs.send(new CreateLogGroupCommand({ logGroupName: group }));
        await logs.send(new PutRetentionPolicyCommand({ logGroupName: group, retentionInDays }));
      } catch (cause) {
        throw new NxstackError('NXS_EDGE_LOGGING_FAILED', `edge-lambda-function '${name}': setting up log group ${group} in ${region} failed: ${(cause as Error).name ?? ''} ${(cause as Error).message ?? cause}`, {
          location: o.stack.locate(['resources', name, 'properties', 'logging']),
          hint: 'The stack is deployed; the deploy role needs logs:DescribeLogGroups, CreateLogGroup, PutRetentionPolicy and DeleteLogGroup in every region with a regional edge cache. Deploy again once fixed.',
          cause,
        });
      }
    }));
    o.log(logging?.disabled
      ? `${name}: logging disabled: log group ${group} removed from the ${EDGE_LOG_REGIONS.length} regions Lambda@Edge logs in`
      : `${name}: log group ${group} kept ${retentionInDays} days in the ${EDGE_LOG_REGIONS.length} regions Lambda@Edge logs in`);
  }
}
