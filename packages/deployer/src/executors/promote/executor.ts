import type { ExecutorContext } from '@nx/devkit';
import { runExecutor, taskLog as logger } from '@nxstack/core';
import { registryCredentialsFromEnv } from '@nxstack/image-builder';
import { commandOptionsFromContext } from '../../lib/executor-context';
import { promoteStack } from '../../lib/promote';
import type { PromoteExecutorSchema } from './schema';

export default async function promoteExecutor(options: PromoteExecutorSchema, context: ExecutorContext): Promise<{ success: boolean }> {
  return runExecutor(
    (line) => logger.error(line),
    () => {
      const { stage: _target, ...common } = commandOptionsFromContext({ ...options, stage: options.to }, context, process.env, (line) => logger.info(line));
      return promoteStack({
        ...common,
        from: options.from,
        to: options.to,
        fromRegion: options.fromRegion,
        forceUnlock: options.forceUnlock,
        repository: options.repository,
        imageRepositories: publishRepositories(context),
        registryCredentials: registryCredentialsFromEnv(process.env),
      });
    },
  );
}

/** The `repository` option of each `publish--<resource>` target (project.json), where publish pushed that image. */
function publishRepositories(context: ExecutorContext): Record<string, string> {
  const targets = context.projectName ? context.projectsConfigurations?.projects[context.projectName]?.targets ?? {} : {};
  const out: Record<string, string> = {};
  for (const [name, target] of Object.entries(targets)) {
    const repository = (target.options as { repository?: unknown } | undefined)?.repository;
    if (name.startsWith('publish--') && typeof repository === 'string') out[name.slice('publish--'.length)] = repository;
  }
  return out;
}
