/** The stage used when nothing names one: deploys stay on this machine (.nxstack/local/). */
export const DEFAULT_STAGE = 'local';

/**
 * The one stage rule of every executor: `--stage` / the plugin option `stage` (both reach the
 * executor as its `stage` option; the command line wins inside Nx) > env `NXSTACK_STAGE` > `local`.
 * Executor schemas carry no stage default: Nx would merge it into the options and it would beat
 * NXSTACK_STAGE.
 */
export function resolveStage(explicit: string | undefined, env: Readonly<Record<string, string | undefined>>): string {
  return nonEmpty(explicit) ?? nonEmpty(env['NXSTACK_STAGE']) ?? DEFAULT_STAGE;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== '' ? value.trim() : undefined;
}
