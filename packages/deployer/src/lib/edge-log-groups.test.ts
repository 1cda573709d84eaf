import { CloudWatchLogsClient, CreateLogGroupCommand, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { parseStack } from '@nxstack/core';
import { describe, expect, it } from 'vitest';
import { motoEnv } from '../../../../tools/test-services/aws-env';
import { applyEdgeLogging, EDGE_LOG_REGIONS } from './edge-log-groups';

const logsIn = (region: string) => new CloudWatchLogsClient({ region, endpoint: motoEnv(region).AWS_ENDPOINT_URL, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
const stack = (logging: string) => parseStack(`resources:\n  stamp:\n    type: edge-lambda-function\n    properties:\n      packaging: { type: stacktape-lambda-buildpack, properties: { entryfilePath: src/edge.ts } }\n${logging}`, 'stack.yml', { checkPaths: false });
const groups = async (region: string, prefix: string) => ((await logsIn(region).send(new DescribeLogGroupsCommand({ logGroupNamePrefix: prefix }))).logGroups ?? []).map((g) => [g.logGroupName, g.retentionInDays]);

describe('edge-lambda-function logging (against moto, every regional edge cache region)', () => {
  it('creates the group with retentionDays (default nxstack log retention) or keeps an existing one, and deletes them all when disabled', async () => {
    const stage = `edge${Date.now().toString(36)}`;
    const group = `/aws/lambda/us-east-1.shop-${stage}-stamp`;
    // Lambda@Edge already created the group in one region (it ran there): deploy sets its retention too.
    await logsIn('eu-west-2').send(new CreateLogGroupCommand({ logGroupName: group }));
    const lines: string[] = [];
    const run = (logging: string) => applyEdgeLogging({ stack: stack(logging), projectName: 'shop', stage, local: false, logsIn, log: (l) => lines.push(l) });
    await run('      logging: { retentionDays: 14 }\n');
    for (const region of EDGE_LOG_REGIONS) expect(await groups(region, group), region).toEqual([[group, 14]]);
    await run('');
    expect(await groups('ap-south-1', group)).toEqual([[group, 90]]);
    await run('      logging: { disabled: true }\n');
    for (const region of EDGE_LOG_REGIONS) expect(await groups(region, group), region).toEqual([]);
    expect(lines).toEqual([
      `stamp: log group ${group} kept 14 days in the 13 regions Lambda@Edge logs in`,
      `stamp: log group ${group} kept 90 days in the 13 regions Lambda@Edge logs in`,
      `stamp: logging disabled: log group ${group} removed from the 13 regions Lambda@Edge logs in`,
    ]);
  });

  it('on the local stage it calls nothing and says the setting applies on AWS stages', async () => {
    const lines: string[] = [];
    await applyEdgeLogging({ stack: stack('      logging: { retentionDays: 14 }\n'), projectName: 'shop', stage: 'local', local: true, logsIn: () => { throw new Error('no AWS call on the local stage'); }, log: (l) => lines.push(l) });
    expect(lines).toEqual(['stamp: logging applies on AWS stages (its log groups in each edge region); the local stage runs no Lambda@Edge replicas']);
  });
});
