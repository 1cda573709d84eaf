import { describe, expect, it } from 'vitest';
import { defaultStackValues, stackValuesFor } from './stack-values';

const noAwsConfig = { AWS_CONFIG_FILE: '/nonexistent/config', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials' };

describe('stackValuesFor: what local directives resolve to for a command', () => {
  it('takes --stage, --region and every option as $CliArgs', async () => {
    expect(await stackValuesFor({ stage: 'dev', region: 'eu-west-1', tier: 'pro' }, noAwsConfig)).toEqual({ stage: 'dev', region: 'eu-west-1', cliArgs: { stage: 'dev', region: 'eu-west-1', tier: 'pro' } });
  });

  it('the local stage (the default, or NXSTACK_STAGE) has the region local', async () => {
    expect(await stackValuesFor({}, noAwsConfig)).toMatchObject({ stage: 'local', region: 'local' });
    expect(await stackValuesFor({}, { ...noAwsConfig, NXSTACK_STAGE: 'qa', AWS_REGION: 'us-west-2' })).toMatchObject({ stage: 'qa', region: 'us-west-2' });
  });

  it('an AWS stage without a region leaves it unset (only $Region() then fails) and a bad stage name fails', async () => {
    expect((await stackValuesFor({ stage: 'dev' }, noAwsConfig)).region).toBeUndefined();
    await expect(stackValuesFor({ stage: 'Dev!' }, noAwsConfig)).rejects.toMatchObject({ code: 'NXS_STAGE_INVALID' });
  });

  it('defaultStackValues: the default stage, the environment region, no arguments', () => {
    expect(defaultStackValues({})).toEqual({ stage: 'local', region: 'local', cliArgs: {} });
    expect(defaultStackValues({ NXSTACK_STAGE: 'dev', AWS_DEFAULT_REGION: 'eu-central-1' })).toEqual({ stage: 'dev', region: 'eu-central-1', cliArgs: {} });
    // The command line's options the plugin's preTasksExecution put in the environment.
    expect(defaultStackValues({ NXSTACK_CLI_ARG_tableName: '"orders"', NXSTACK_CLI_ARG_rows: '3' })).toEqual({ stage: 'local', region: 'local', cliArgs: { tableName: 'orders', rows: 3 } });
  });
});
