import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { buildSync, type Metafile } from 'esbuild';

/**
 * The workspace files a JS/TS function's bundle is made of, found by esbuild itself at graph
 * time (bare package imports left external, so it reads only the workspace's own sources and
 * takes milliseconds). Computed the same way before and after a build, so a repeat run with no
 * change hashes alike and hits the cache; a change that makes the bundle read another file has
 * to edit a file already read (the importer), so the task runs again. Packages come in through
 * the lockfile input; sources of npm/yarn workspaces (linked packages) are added as folders.
 * Undefined when esbuild cannot follow the imports: the caller falls back to the whole project.
 */
export function nodeSourceInputs(workspaceRoot: string, projectRoot: string, entryfilePath: string, tsConfigPath?: string): string[] | undefined {
  const entry = path.posix.normalize(path.posix.join(projectRoot, entryfilePath));
  let metafile: Metafile | undefined;
  try {
    metafile = buildSync({
      absWorkingDir: workspaceRoot,
      entryPoints: [entry],
      outdir: path.join(workspaceRoot, '.nxstack-inputs-scan'),
      write: false,
      bundle: true,
      metafile: true,
      packages: 'external',
      platform: 'node',
      logLevel: 'silent',
      tsconfig: tsConfigPath ? path.posix.join(projectRoot, tsConfigPath) : undefined,
    }).metafile;
  } catch {
    return undefined;
  }
  const files = Object.keys(metafile?.inputs ?? {}).filter((f) => !f.split('/').includes('node_modules') && !f.includes(':') && !f.startsWith('..'));
  if (!files.includes(entry)) return undefined;
  return [...files.sort().map((f) => `{workspaceRoot}/${f}`), ...linkedWorkspaceInputs(workspaceRoot)];
}

/** `{workspaceRoot}/<pattern>/**` for each npm/yarn workspace pattern of the root package.json. */
function linkedWorkspaceInputs(workspaceRoot: string): string[] {
  try {
    const pkg = JSON.parse(readFileSync(path.join(workspaceRoot, 'package.json'), 'utf8')) as { workspaces?: string[] | { packages?: string[] } };
    const patterns = Array.isArray(pkg.workspaces) ? pkg.workspaces : (pkg.workspaces?.packages ?? []);
    return patterns.filter((p) => !p.startsWith('!') && !p.includes('..')).flatMap((p) => [`{workspaceRoot}/${p.replace(/\/+$/, '')}/**/*`, `!{workspaceRoot}/${p.replace(/\/+$/, '')}/**/node_modules/**`]);
  } catch {
    return [];
  }
}
