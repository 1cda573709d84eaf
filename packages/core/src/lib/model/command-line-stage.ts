/**
 * The command line's --stage, --region and --profile, carried to cached tasks through the
 * environment instead of Nx's `params: 'forward'`.
 *
 * Nx hashes every override a task receives, and `params: 'forward'` hands a dependency all of
 * them: `nx run api:deploy --stage dev --hotswap` would give validate and a Dockerfile image's
 * build `hotswap: true`, so they would miss the cache (and a non-reproducible Dockerfile would
 * ship a new digest for unchanged code). The plugin's `preTasksExecution` writes these three
 * values (empty when absent) into the run's environment; the cached tasks that depend on them
 * declare the variables as env inputs (so the stage is in their hash and nothing else of the
 * command is) and read them through `withCommandLineStage`.
 */
import { NxstackError } from '../errors';

export const COMMAND_LINE_STAGE_ENV = { stage: 'NXSTACK_CLI_STAGE', region: 'NXSTACK_CLI_REGION', profile: 'NXSTACK_CLI_PROFILE' } as const;

type StageOptionName = keyof typeof COMMAND_LINE_STAGE_ENV;

/** `options` with --stage/--region/--profile of the command line (the environment above) in place of its own. */
export function withCommandLineStage<T extends { stage?: string; region?: string; profile?: string }>(options: T, env: Readonly<Record<string, string | undefined>>): T {
  const out: T = { ...options };
  for (const [option, name] of Object.entries(COMMAND_LINE_STAGE_ENV) as Array<[StageOptionName, string]>) {
    const value = env[name]?.trim();
    if (value) out[option] = value as T[StageOptionName];
  }
  return out;
}

/**
 * The environment for one nx command line (the arguments after the nx binary): each variable
 * set, to '' when its flag is absent (a nested nx run must not inherit its parent's stage).
 * Reads `--stage dev` and `--stage=dev` as Nx's override parser does; a flag without a value or
 * given twice is refused (Nx would hand the task `true` or an array).
 */
export function commandLineStageEnv(args: readonly string[]): Record<string, string> {
  const env: Record<string, string> = Object.fromEntries(Object.values(COMMAND_LINE_STAGE_ENV).map((name) => [name, '']));
  const seen = new Set<string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    for (const [option, name] of Object.entries(COMMAND_LINE_STAGE_ENV) as Array<[StageOptionName, string]>) {
      const flag = `--${option}`;
      let value: string | undefined;
      if (arg === flag) {
        const next = args[i + 1];
        if (next === undefined || next.startsWith('-')) throw flagError(flag, `${flag} needs a value`);
        value = next;
        i++;
      } else if (arg.startsWith(`${flag}=`)) {
        value = arg.slice(flag.length + 1);
      } else {
        continue;
      }
      if (seen.has(option)) throw flagError(flag, `${flag} is given more than once`);
      seen.add(option);
      env[name] = value;
    }
  }
  return env;
}

function flagError(flag: string, message: string): NxstackError {
  return new NxstackError('NXS_CLI_ARGUMENT_INVALID', message, { hint: `Give ${flag} once, with a value: e.g. nx run api:deploy ${flag} ${flag === '--stage' ? 'dev' : flag === '--region' ? 'eu-west-1' : 'my-profile'}.` });
}

/**
 * The command's other options, for stack.yml's `$CliArgs('name')`, one variable each:
 * `--tier=pro` → NXSTACK_CLI_ARG_tier='"pro"' (JSON, so a number or a boolean stays one, as Nx
 * hands it to the executor). validate declares only the variables of the names its stack.yml
 * reads as env inputs: `--tier` is in its hash, deploy's `--hotswap` is not.
 */
export const COMMAND_LINE_ARG_ENV_PREFIX = 'NXSTACK_CLI_ARG_';

/** The variable carrying option `name` of the command line. */
export const commandLineArgEnvName = (name: string): string => `${COMMAND_LINE_ARG_ENV_PREFIX}${name}`;

/** The variables for the command's options as Nx parsed them (`_` and Nx's bookkeeping left out). */
export function commandLineArgsEnv(options: Readonly<Record<string, unknown>>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(options)) {
    if (name === '_' || name.startsWith('__') || value === undefined) continue;
    env[commandLineArgEnvName(name)] = JSON.stringify(value);
  }
  return env;
}

/** The options commandLineArgsEnv put in the environment. */
export function commandLineArgs(env: Readonly<Record<string, string | undefined>>): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(env)) {
    if (!key.startsWith(COMMAND_LINE_ARG_ENV_PREFIX) || !raw) continue;
    try {
      args[key.slice(COMMAND_LINE_ARG_ENV_PREFIX.length)] = JSON.parse(raw) as unknown;
    } catch {
      args[key.slice(COMMAND_LINE_ARG_ENV_PREFIX.length)] = raw; // set by hand: the text itself
    }
  }
  return args;
}
