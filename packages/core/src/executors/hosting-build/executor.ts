import { runHostingBuild } from '../../lib/hosting/hosting-command';
import { loadStack } from '../../lib/model';
import { runExecutor } from '../../lib/run-executor';
import type { HostingBuildExecutorSchema } from './schema';

/** The parts of Nx's ExecutorContext used here (structural: core does not depend on @nx/devkit). */
interface ExecutorContextLike {
  readonly root: string;
}

/**
 * `@nxstack/core:hosting-build` — runs a hosting-bucket's `build.command` in its workingDirectory;
 * the folder it writes (uploadDirectoryPath) is the task's output, so Nx caches and restores it.
 */
export default async function hostingBuildExecutor(options: HostingBuildExecutorSchema, context: ExecutorContextLike): Promise<{ success: boolean }> {
  return runExecutor((line) => console.error(line), async () => {
    const stack = await loadStack(options.stackFile, { workspaceRoot: context.root, packagingOf: options.resource });
    await runHostingBuild({ workspaceRoot: context.root, stack, resource: options.resource, log: (line) => console.log(line) });
  });
}
