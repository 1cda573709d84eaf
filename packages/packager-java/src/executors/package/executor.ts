import type { ExecutorContext } from '@nx/devkit';
import { runExecutor } from '@nxstack/core';
import { packageJava } from '../../lib/package-java';
import { resolveJavaOptions } from '../../lib/resolve-options';
import type { JavaPackageExecutorSchema } from './schema';

export default async function packageExecutor(options: JavaPackageExecutorSchema, context: ExecutorContext): Promise<{ success: boolean }> {
  return runExecutor((line) => console.error(line), async () => {
    const projectRoot = context.projectName ? context.projectsConfigurations?.projects[context.projectName]?.root : undefined;
    const resolved = await resolveJavaOptions(options, { workspaceRoot: context.root, projectRoot, env: process.env });
    const { artifactPath, manifest, buildTool } = await packageJava(resolved);
    console.log(`${manifest.resource}: ${artifactPath} (${buildTool}, ${manifest.handler}, ${manifest.size} bytes, sha256 ${manifest.sha256.slice(0, 12)})`);
  });
}
