import type { ExecutorContext } from '@nx/devkit';
import { runExecutor } from '@nxstack/core';
import { packageGo } from '../../lib/package-go';
import { resolveGoOptions } from '../../lib/resolve-options';
import type { GoPackageExecutorSchema } from './schema';

export default async function packageExecutor(options: GoPackageExecutorSchema, context: ExecutorContext): Promise<{ success: boolean }> {
  return runExecutor((line) => console.error(line), async () => {
    const projectRoot = context.projectName ? context.projectsConfigurations?.projects[context.projectName]?.root : undefined;
    const resolved = await resolveGoOptions(options, { workspaceRoot: context.root, projectRoot, env: process.env });
    const { artifactPath, manifest } = await packageGo(resolved);
    console.log(`${manifest.resource}: ${artifactPath} (${manifest.size} bytes, sha256 ${manifest.sha256.slice(0, 12)})`);
  });
}
