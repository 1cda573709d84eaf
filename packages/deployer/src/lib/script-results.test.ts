// deploy's report of what after:deploy scripts returned, read from runner log groups in moto.
import { CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { describe, expect, it } from 'vitest';
import { motoEnv } from '../../../../tools/test-services/aws-env';
import { printScriptResults } from './script-results';

const REGION = 'eu-west-3';
const env = motoEnv(REGION);
const logs = new CloudWatchLogsClient({ region: REGION, endpoint: env.AWS_ENDPOINT_URL, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });

const run = (script: string, trigger: string, token?: string) => ({ Type: 'Custom::DeploymentScript', Properties: { ScriptName: script, Trigger: trigger, ...(token ? { Token: token } : {}) } });
const group = (script: string) => `/aws/lambda/results-${process.pid}-${script}-runner`;
const logGroup = (script: string) => ({ Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: group(script) } });

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
