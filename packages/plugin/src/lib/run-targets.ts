import type { TargetConfiguration } from '@nx/devkit';
import type { PackagedResource } from './resource-packaging';

const TECH = { technologies: ['nxstack'] };

/**
 * `run-script--<script>` for every deployment script (it runs the packaged script locally, so it
 * waits for its cached package) and `logs--<resource>` for every zip Lambda (function or script).
 */
export function runTargets(input: {
  readonly resources: readonly PackagedResource[];
  readonly stackFile: string;
  readonly stageOptions: Readonly<Record<string, string>>;
  readonly t: (name: string) => string;
}): Record<string, TargetConfiguration> {
  const { resources, stackFile, stageOptions, t } = input;
  const targets: Record<string, TargetConfiguration> = {};
  for (const r of resources) {
    if (r.isScript && r.kind !== 'image') {
      targets[t(`run-script--${r.resource}`)] = {
        executor: '@nxstack/deployer:run-script',
        options: { stackFile, script: r.resource, ...stageOptions },
        dependsOn: [t(`package--${r.resource}`)],
        cache: false,
        metadata: { ...TECH, description: `Run deployment script '${r.resource}' (locally, or the deployed one with --stage)` },
      };
    }
    if (r.kind !== 'image' && r.kind !== 'hosting') {
      targets[t(`logs--${r.resource}`)] = {
        executor: '@nxstack/local-runtime:logs',
        options: { resource: r.resource, ...stageOptions },
        cache: false,
        metadata: { ...TECH, description: `Print the logs of '${r.resource}' (local invocations, or CloudWatch with --stage) [--since 10m] [--follow]` },
      };
    }
  }
  return targets;
}
