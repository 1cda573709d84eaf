/**
 * stack.yml `hooks`: the scripts each names, run in order around deploy and destroy (Stacktape's
 * lifecycle hooks). beforeDeploy runs as the `before-deploy` target every package task depends
 * on (a build step's output is what gets packaged); afterDeploy at the end of every successful
 * deploy (also "up to date" and hotswap deploys); beforeDelete before the stack is deleted (a
 * failure stops the destroy); afterDelete after it. The first failing script fails the command.
 */
import { loadStack, type LoadedStack, type SupportedHook } from '@nxstack/core';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { isCiEnvironment } from './ci-environment';
import type { RunStackScriptOptions } from './run-stack-script';
import { stageValues } from '../stage-values';
import type { StageOptions } from '../stage-target';

export type HookRunOptions = Omit<RunStackScriptOptions, 'name'>;

export async function runStackHooks(hook: SupportedHook, o: HookRunOptions): Promise<void> {
  const ci = isCiEnvironment(o.hostEnv);
  for (const h of o.stack.config.hooks?.[hook] ?? []) {
    if (h.skipOnCI && ci) {
      o.log(`${hook} hook ${h.scriptName}: not run (skipOnCI, and this is a CI environment)`);
      continue;
    }
    if (h.skipOnLocal && !ci) {
      o.log(`${hook} hook ${h.scriptName}: not run (skipOnLocal: it runs in CI only)`);
      continue;
    }
    o.log(`${hook} hook ${h.scriptName}: running`);
    // Loaded only when a hook runs: it brings esbuild and the local runtime, which a deploy
    // without hooks (every deploy task process) must not pay for.
    const { runStackScript } = await import('./run-stack-script.js');
    await runStackScript({ ...o, name: h.scriptName });
  }
}

/** Whether the stack names scripts for this hook. */
export function hasHooks(stack: LoadedStack, hook: SupportedHook): boolean {
  return (stack.config.hooks?.[hook] ?? []).length > 0;
}

/**
 * The stack for destroy's hooks: stack.yml as it is now (hooks are commands of the workspace,
 * not recorded in the stack). No stack.yml means no hooks; an invalid one fails the destroy.
 */
export async function stackForHooks(opts: StageOptions & { readonly stackFile?: string }): Promise<LoadedStack | undefined> {
  if (!opts.stackFile || !existsSync(path.resolve(opts.workspaceRoot, opts.stackFile))) return undefined;
  return loadStack(opts.stackFile, { workspaceRoot: opts.workspaceRoot, checkPaths: false, values: await stageValues(opts) });
}
