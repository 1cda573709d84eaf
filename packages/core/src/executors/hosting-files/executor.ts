import { hostingOptionsFromExecutor } from '../../lib/hosting/hosting-resource';
import { packageHostingFiles } from '../../lib/hosting/package-hosting-files';
import { runExecutor } from '../../lib/run-executor';
import type { HostingFilesExecutorSchema } from './schema';

/** The parts of Nx's ExecutorContext used here (structural: core does not depend on @nx/devkit). */
interface ExecutorContextLike {
  readonly root: string;
  readonly projectName?: string;
  readonly projectsConfigurations?: { readonly projects: Readonly<Record<string, { readonly root: string }>> };
}

/**
 * `@nxstack/core:hosting-files` — a hosting-bucket's folder as the package artifact: its files
 * copied with a manifest of keys, MD5s and headers, which deploy uploads (only what changed).
 */
export default async function hostingFilesExecutor(options: HostingFilesExecutorSchema, context: ExecutorContextLike): Promise<{ success: boolean }> {
  return runExecutor((line) => console.error(line), async () => {
    const projectRoot = context.projectName ? context.projectsConfigurations?.projects[context.projectName]?.root : undefined;
    const { manifest } = await packageHostingFiles(await hostingOptionsFromExecutor(options, { workspaceRoot: context.root, projectRoot }));
    console.log(`${manifest.resource}: ${manifest.files.length} file(s), ${manifest.size} B, digest ${manifest.digest.slice(0, 12)}`);
  });
}
