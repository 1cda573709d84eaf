import { stackValuesFor, type StackValues } from '@nxstack/core';
import type { StageOptions } from './stage-target';

/** The values stack.yml's local directives resolve to for a deployer command ($Stage, $Region, $CliArgs). */
export function stageValues(opts: StageOptions): Promise<StackValues> {
  return stackValuesFor({ ...opts.cliArgs, stage: opts.stage, region: opts.region, profile: opts.profile }, opts.env);
}
