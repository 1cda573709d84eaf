import type { TargetConfiguration } from '@nx/devkit';
import { SCRIPT_NAME_PATTERN } from '@nxstack/core';

const TECH = { technologies: ['nxstack'] };

/**
 * Targets of stack.yml's top-level `scripts` and `hooks`: `script--<name>` per script, and
 * `before-deploy` when hooks.beforeDeploy names scripts (the package tasks depend on it, so a
 * build hook's output is what gets packaged; afterDeploy/beforeDelete/afterDelete run inside
 * deploy and destroy).
 */
export function scriptTargets(input: {
  readonly scripts: readonly string[];
  readonly hasBeforeDeploy: boolean;
  readonly stackFile: string;
  readonly stageOptions: Readonly<Record<string, string>>;
  readonly t: (name: string) => string;
}): Record<string, TargetConfiguration> {
  const { stackFile, stageOptions, t } = input;
  const targets: Record<string, TargetConfiguration> = {};
  // An invalid name is reported by validate (NXS_SCRIPT_NAME_INVALID); it gets no target.
  for (const name of input.scripts.filter((n) => SCRIPT_NAME_PATTERN.test(n))) {
    targets[t(`script--${name}`)] = {
      executor: '@nxstack/deployer:script',
      options: { stackFile, script: name, ...stageOptions },
      cache: false,
      metadata: { ...TECH, description: `Run script '${name}' of stack.yml with its connectTo values (--stage for an AWS stage's)` },
    };
  }
  if (input.hasBeforeDeploy) {
    targets[t('before-deploy')] = {
      executor: '@nxstack/deployer:hooks',
      options: { stackFile, hook: 'beforeDeploy', ...stageOptions },
      cache: false,
      metadata: { ...TECH, description: "Run the scripts of stack.yml's hooks.beforeDeploy (every package task waits for them)" },
    };
  }
  return targets;
}

/** Adds `before-deploy` to the dependencies of every package task, a hosting bucket's build--<resource>, `package` (its esbuild fast path) and deploy (a stack with nothing to package). */
export function dependOnBeforeDeploy(targets: Record<string, TargetConfiguration>, t: (name: string) => string): void {
  const before = t('before-deploy');
  if (!targets[before]) return;
  for (const [name, target] of Object.entries(targets)) {
    if (name.startsWith(t('package--')) || name.startsWith(t('package-code--')) || name.startsWith(t('build--')) || name === t('package') || name === t('deploy')) target.dependsOn = [before, ...(target.dependsOn ?? [])];
  }
}
