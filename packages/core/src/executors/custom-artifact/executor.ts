import * as path from 'node:path';
import { customArtifactOptionsFromExecutor } from '../../lib/custom-artifact/executor-options';
import { packageCustomArtifact } from '../../lib/custom-artifact/package-custom-artifact';
import { toPosix } from '../../lib/output-paths';
import { runExecutor } from '../../lib/run-executor';
import type { CustomArtifactExecutorSchema } from './schema';

/** The parts of Nx's ExecutorContext used here (structural: core does not depend on @nx/devkit). */
interface ExecutorContextLike {
  readonly root: string;
  readonly projectName?: string;
  readonly projectsConfigurations?: { readonly projects: Readonly<Record<string, { readonly root: string }>> };
}

/**
 * `@nxstack/core:custom-artifact` — a prebuilt folder, zip or file as a deterministic Lambda zip.
 * Not tied to a language, so it lives with the packaging code every packager shares.
 */
export default async function customArtifactExecutor(options: CustomArtifactExecutorSchema, context: ExecutorContextLike): Promise<{ success: boolean }> {
  return runExecutor((line) => console.error(line), async () => {
    const projectRoot = context.projectName ? context.projectsConfigurations?.projects[context.projectName]?.root : undefined;
    const result = await packageCustomArtifact(await customArtifactOptionsFromExecutor(options, { workspaceRoot: context.root, projectRoot }));
    const m = result.manifest;
    console.log(`${m.resource}: ${toPosix(path.relative(context.root, result.artifactPath))} ${m.size} B sha256 ${m.sha256.slice(0, 12)} handler ${m.handler}`);
  });
}
