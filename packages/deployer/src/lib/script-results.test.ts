// deploy's report of what after:deploy scripts returned, read from runner log groups in moto.
import { CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, DescribeLogGroupsCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { describe, expect, it } from 'vitest';
import { motoEnv } from '../../../../tools/test-services/aws-env';
import { printDeleteScriptResults, printScriptResults } from './script-results';

const REGION = 'eu-west-3';
const env = motoEnv(REGION);
const logs = new CloudWatchLogsClient({ region: REGION, endpoint: env.AWS_ENDPOINT_URL, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });

const run = (script: string, trigger: string, token?: string) => ({ Type: 'Custom::DeploymentScript', Properties: { ScriptName: script, Trigger: trigger, ...(token ? { Token: token } : {}) } });
const group = (script: string) => `/aws/lambda/results-${process.pid}-${script}-runner`;
const logGroup = (script: string) => ({ Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: group(script) } });

async function logLines(script: string, lines: readonly string[]): Promise<void> {
  await logs.send(new CreateLogGroupCommand({ logGroupName: group(script) }));
  await logs.send(new CreateLogStreamCommand({ logGroupName: group(script), logStreamName: 's' }));
  await logs.send(new PutLogEventsCommand({ logGroupName: group(script), logStreamName: 's', logEvents: lines.map((message, i) => ({ message, timestamp: Date.now() + i })) }));
}

describe('printDeleteScriptResults', () => {
  it('prints what each before:delete script of the deleted template did (a failure as a warning), then deletes its kept log group', async () => {
    const since = new Date();
    await logLines('purge', ['START', '2026-01-01T00:00:00.000Z\tid\tERROR\tpurge (before:delete) failed, the delete goes on: the archive is gone']);
    await logLines('notify', ['nxstack-result undefined {"sent":true}']);
    await logLines('quiet', ['not run: Create of a before:delete script']);
    await logLines('migrate-on-deploy', ['nxstack-result new {"rows":2}']);
    const template = {
      Resources: {
        PurgeRun: run('purge', 'before:delete'), PurgeRunnerLogGroup: logGroup('purge'),
        NotifyRun: run('notify', 'before:delete'), NotifyRunnerLogGroup: logGroup('notify'),
        QuietRun: run('quiet', 'before:delete'), QuietRunnerLogGroup: logGroup('quiet'),
        MissingRun: run('missing', 'before:delete'), MissingRunnerLogGroup: logGroup('missing'),
        MigrateOnDeployRun: run('migrate-on-deploy', 'after:deploy', 'new'), MigrateOnDeployRunnerLogGroup: logGroup('migrate-on-deploy'),
      },
    };
    const lines: string[] = [];
    await printDeleteScriptResults({ logs: () => logs, templateBody: JSON.stringify(template), since, log: (l) => lines.push(l), pollIntervalMs: 50, waitMs: 200 });
    expect(lines).toEqual([
      'warning: before:delete script purge failed: the archive is gone\n  the stack is deleted anyway',
      `deleted the runner log group ${group('purge')} of before:delete script purge`,
      'before:delete script notify returned: {"sent":true}',
      `deleted the runner log group ${group('notify')} of before:delete script notify`,
      `before:delete script quiet: ${group('quiet')} has no line of this delete; the script may not have run`,
      `deleted the runner log group ${group('quiet')} of before:delete script quiet`,
      expect.stringMatching(new RegExp(`^before:delete script missing: what it did could not be read from ${group('missing')}: .*ResourceNotFoundException`)),
    ]);
    const left = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: `/aws/lambda/results-${process.pid}-` }));
    const names = left.logGroups?.map((g) => g.logGroupName) ?? [];
    for (const gone of ['purge', 'notify', 'quiet']) expect(names).not.toContain(group(gone));
    expect(names).toContain(group('migrate-on-deploy')); // after:deploy's group is CloudFormation's to delete
  });
});

describe('printScriptResults', () => {
  it("prints the result logged with this run's token for each after:deploy run the change set added or modified", async () => {
    const since = new Date();
    for (const [script, lines] of [['seed', ['nxstack-result old {"rows":1}', 'START', 'nxstack-result new {"rows":2}']], ['migrate', ['nothing here']]] as const) {
      await logs.send(new CreateLogGroupCommand({ logGroupName: group(script) }));
      await logs.send(new CreateLogStreamCommand({ logGroupName: group(script), logStreamName: 's' }));
      await logs.send(new PutLogEventsCommand({ logGroupName: group(script), logStreamName: 's', logEvents: lines.map((message, i) => ({ message, timestamp: Date.now() + i })) }));
    }
    const template = {
      Resources: {
        SeedRun: run('seed', 'after:deploy', 'new'), SeedRunnerLogGroup: logGroup('seed'),
        MigrateRun: run('migrate', 'after:deploy', 'new'), MigrateRunnerLogGroup: logGroup('migrate'),
        CleanupRun: run('cleanup', 'before:delete'), CleanupRunnerLogGroup: logGroup('cleanup'),
        StaleRun: run('stale', 'after:deploy', 'new'), StaleRunnerLogGroup: logGroup('stale'),
        GoneRun: run('gone', 'after:deploy', 'new'), GoneRunnerLogGroup: logGroup('gone'),
      },
    };
    const changes = ['SeedRun', 'MigrateRun', 'CleanupRun', 'GoneRun'].map((logicalId) => ({ action: 'Modify' as const, logicalId, resourceType: 'Custom::DeploymentScript', details: [] }));
    const lines: string[] = [];
    await printScriptResults({ logs: () => logs, templateBody: JSON.stringify(template), changes, since, log: (l) => lines.push(l), pollIntervalMs: 50, waitMs: 200 });
    expect(lines).toEqual([
      'after:deploy script seed returned: {"rows":2}',
      `after:deploy script migrate: ran; its result is not in ${group('migrate')} yet`,
      expect.stringMatching(new RegExp(`^after:deploy script gone: ran; its result could not be read from ${group('gone')}: .*ResourceNotFoundException`)),
    ]);
  });
});
