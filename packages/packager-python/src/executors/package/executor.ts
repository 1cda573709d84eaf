import type { ExecutorContext } from '@nx/devkit';
import { runExecutor } from '@nxstack/core';
import { resolveExecutorOptions } from '../../lib/executor-options';
import { packagePythonFunction } from '../../lib/package-python';
import type { PackageExecutorSchema } from './schema';

export default async function packageExecutor(options: PackageExecutorSchema, context: ExecutorContext): Promise<{ success: boolean }> {
  const projectRoot = context.projectName ? (context.projectsConfigurations?.projects[context.projectName]?.root ?? '.') : '.';
  return runExecutor((line) => console.error(line), async () => {
    const resolved = await resolveExecutorOptions(options, { workspaceRoot: context.root, projectRoot, env: process.env });
    const started = Date.now();
    const result = await packagePythonFunction({ ...resolved, log: (line) => console.log(line) });
    const m = result.manifest;
    console.log(`${m.resource}: ${m.artifact} ${(m.size / 1024).toFixed(0)} KiB sha256 ${m.sha256.slice(0, 12)} handler ${m.handler} ${m.runtime}/${m.architecture} (dependencies ${result.dependencyCacheHit ? 'cached' : 'installed'}, ${Date.now() - started} ms)`);
  });
}
