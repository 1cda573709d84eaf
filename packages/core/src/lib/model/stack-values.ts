/** The stage, region and command-line arguments local directives resolve to (one rule for every caller). */
import { isNxstackError } from '../errors';
import { commandLineArgs } from './command-line-stage';
import { LOCAL_REGION, resolveStageRegion } from '../aws/region';
import type { StackValues } from './resolve-local-directives';
import { isLocalStage, resolveStage } from './stage-name';

export type { StackValues } from './resolve-local-directives';

/** Options of an nxstack executor that decide the values (all options are `$CliArgs`). */
export interface StackValueOptions {
  readonly stage?: string;
  readonly region?: string;
  readonly profile?: string;
  readonly [option: string]: unknown;
}

/**
 * Values for a command: the stage rule (--stage > NXSTACK_STAGE > local), the stage's region
 * (`local` on the local stage; undefined when none is configured, so only `$Region()` fails) and
 * the command's options as `$CliArgs`.
 */
export async function stackValuesFor(options: StackValueOptions, env: Readonly<Record<string, string | undefined>> = process.env): Promise<StackValues> {
  const stage = resolveStage(options.stage, env);
  const region = await resolveStageRegion(stage, { region: options.region, profile: options.profile, env }).catch((e: unknown) => {
    if (isNxstackError(e)) return undefined;
    throw e;
  });
  return { stage, ...(region ? { region } : {}), cliArgs: options };
}

/**
 * Values when the caller gives none (package tasks, serve): the default stage, the environment's
 * region, and the command line's options the plugin put in the environment (command-line-stage.ts),
 * so `nx run api:deploy --tableName=orders` packages a function whose environment reads
 * `$CliArgs('tableName')`. An artifact never depends on them (`$CliArgs` in its packaging is refused).
 */
export function defaultStackValues(env: Readonly<Record<string, string | undefined>> = process.env): StackValues {
  const stage = resolveStage(undefined, env);
  const region = isLocalStage(stage) ? LOCAL_REGION : env['AWS_REGION'] || env['AWS_DEFAULT_REGION'] || undefined;
  return { stage, ...(region ? { region } : {}), cliArgs: commandLineArgs(env) };
}
