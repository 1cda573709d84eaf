/** What the `script--<name>` and `before-deploy` targets run: stack.yml loaded for the stage, then the script or the hooks. */
import { loadStack, type SupportedHook } from '@nxstack/core';
import type { StackCommandOptions } from '../plan-stack';
import { stageValues } from '../stage-values';
import { runStackScript } from './run-stack-script';
import { runStackHooks } from './script-hooks';

export async function runScriptTarget(opts: StackCommandOptions & ({ readonly script: string } | { readonly hook: SupportedHook })): Promise<void> {
  const stack = await loadStack(opts.stackFile, { workspaceRoot: opts.workspaceRoot, checkPaths: false, values: await stageValues(opts) });
  const run = { ...opts, stack, hostEnv: opts.env };
  if ('script' in opts) await runStackScript({ ...run, name: opts.script });
  else await runStackHooks(opts.hook, run);
}
