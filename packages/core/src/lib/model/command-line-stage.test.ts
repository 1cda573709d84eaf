import { describe, expect, it } from 'vitest';
// Nx's own parser of a command's overrides: what a task would get with `params: 'forward'`.
import { createOverrides } from 'nx/src/utils/command-line-utils.js';
import { COMMAND_LINE_STAGE_ENV, commandLineArgs, commandLineArgsEnv, commandLineStageEnv, withCommandLineStage } from './command-line-stage';
import { NxstackError } from '../errors';

const NONE = { NXSTACK_CLI_STAGE: '', NXSTACK_CLI_REGION: '', NXSTACK_CLI_PROFILE: '' };

describe('commandLineStageEnv', () => {
  it.each([
    [['run', 'api:deploy', '--stage', 'dev', '--hotswap']],
    [['run', 'api:deploy', '--stage=dev', '--region', 'eu-west-1', '--approve', '--require-approval']],
    [['run-many', '-t', 'deploy', '--profile', 'ci', '--stage', 'pr-12', '--force-unlock']],
    [['deploy', 'api', '--hotswap', '--region=us-east-1', '--stage', 'qa']],
    [['run', 'api:deploy', '--skip-nx-cache', '--stage', 'dev', '--', '--hotswap']],
  ])('reads --stage/--region/--profile as Nx reads them: %j', (args) => {
    const overrides = createOverrides(args) as Record<string, unknown>;
    const env = commandLineStageEnv(args);
    for (const [option, name] of Object.entries(COMMAND_LINE_STAGE_ENV)) expect(env[name], option).toBe(overrides[option] === undefined ? '' : String(overrides[option]));
  });

  it('sets every variable, empty when its flag is absent (a nested nx run does not inherit its parent stage)', () => {
    expect(commandLineStageEnv(['run', 'api:deploy', '--hotswap'])).toEqual(NONE);
  });

  it('refuses a flag without a value or given twice', () => {
    for (const args of [['run', 'api:deploy', '--stage'], ['run', 'api:deploy', '--stage', '--hotswap'], ['run', 'api:deploy', '--stage', 'a', '--stage=b']]) {
      const e = (() => {
        try {
          commandLineStageEnv(args);
        } catch (err) {
          return err;
        }
        return undefined;
      })();
      expect(e, args.join(' ')).toBeInstanceOf(NxstackError);
      expect((e as NxstackError).code).toBe('NXS_CLI_ARGUMENT_INVALID');
    }
  });
});

describe('withCommandLineStage', () => {
  it("the command line's values win over the task's options; empty ones leave them", () => {
    const options = { stackFile: 's.yml', stage: 'staging', region: 'eu-west-1' };
    expect(withCommandLineStage(options, { NXSTACK_CLI_STAGE: 'dev', NXSTACK_CLI_REGION: '', NXSTACK_CLI_PROFILE: 'ci' })).toEqual({ stackFile: 's.yml', stage: 'dev', region: 'eu-west-1', profile: 'ci' });
    expect(withCommandLineStage(options, NONE)).toEqual(options);
    expect(withCommandLineStage(options, {})).toEqual(options);
  });
});

describe('commandLineArgsEnv / commandLineArgs', () => {
  it('carries each option as JSON under its own variable and reads it back typed', () => {
    const env = commandLineArgsEnv(createOverrides(['run', 'api:deploy', '--tier=pro', '--mem', '512', '--hotswap']));
    expect(env).toEqual({ NXSTACK_CLI_ARG_tier: '"pro"', NXSTACK_CLI_ARG_mem: '512', NXSTACK_CLI_ARG_hotswap: 'true' });
    expect(commandLineArgs({ ...env, PATH: '/bin', NXSTACK_CLI_ARG_empty: '', NXSTACK_CLI_ARG_byHand: 'plain text' })).toEqual({ tier: 'pro', mem: 512, hotswap: true, byHand: 'plain text' });
  });
});
