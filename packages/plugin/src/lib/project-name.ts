import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

/**
 * The project name the plugin gives a stack.yml folder: none when project.json names it;
 * package.json's `name` when there is one (what Nx would use), else the folder name, so a folder
 * holding only a stack.yml is a project too.
 */
export function projectName(workspaceRoot: string, projectRoot: string): string | undefined {
  const dir = path.join(workspaceRoot, projectRoot);
  if (existsSync(path.join(dir, 'project.json'))) return undefined;
  const pkgJson = path.join(dir, 'package.json');
  if (existsSync(pkgJson)) {
    try {
      const name = (JSON.parse(readFileSync(pkgJson, 'utf8')) as { name?: unknown }).name;
      if (typeof name === 'string' && name) return name;
    } catch {
      // An unreadable package.json is reported by Nx's own package.json plugin.
    }
  }
  return path.basename(projectRoot === '.' ? workspaceRoot : dir);
}
