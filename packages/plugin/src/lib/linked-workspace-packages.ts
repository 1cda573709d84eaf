import { existsSync, readdirSync, realpathSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import * as path from 'node:path';

/** `@scope/name` or `name` of a bare import such as `@scope/name/sub/path`. */
function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

const isInside = (rel: string) => rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);

/** Where a bare import leads: a linked workspace folder, a third-party package or built-in, or nothing installed. */
export type PackageOrigin = { readonly linkedDir: string } | 'third-party' | 'not-installed';

/**
 * What `specifier`, imported by `importer` (workspace-relative), loads: the first
 * node_modules/<name> from the importer's folder up to the workspace root (Node's lookup order)
 * is either a symlink into the workspace outside any node_modules (a linked workspace package:
 * its folder, workspace-relative posix) or a third-party package. Node built-ins are third-party.
 */
export function packageOrigin(workspaceRoot: string, importer: string, specifier: string): PackageOrigin {
  if (isBuiltin(specifier)) return 'third-party';
  const root = realpathSync(workspaceRoot);
  const name = packageName(specifier);
  for (let dir = path.posix.dirname(importer); ; dir = path.posix.dirname(dir)) {
    const candidate = path.join(workspaceRoot, dir, 'node_modules', name);
    if (existsSync(candidate)) {
      const rel = path.relative(root, realpathSync(candidate));
      if (!isInside(rel) || rel.split(path.sep).includes('node_modules')) return 'third-party';
      return { linkedDir: rel.split(path.sep).join('/') };
    }
    if (dir === '.' || dir === '/' || dir === '') return 'not-installed';
  }
}

const SOURCE = /\.(?:[cm]?[jt]s|[jt]sx)$/;
const SKIP_FILE = /\.d\.[cm]?ts$|\.(?:test|spec)\.[^/]+$/;

/**
 * Every JS/TS file of a linked package folder (workspace-relative), less node_modules, dot
 * folders, declaration files and tests: scanned together they name every package the linked
 * package can import, whichever of its files the bundle reaches (sources or a build output).
 */
export function linkedPackageSources(workspaceRoot: string, dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const e of readdirSync(path.join(workspaceRoot, rel), { withFileTypes: true })) {
      const child = `${rel}/${e.name}`;
      if (e.isDirectory()) {
        if (e.name !== 'node_modules' && e.name !== '__tests__' && !e.name.startsWith('.')) walk(child);
      } else if (e.isFile() && SOURCE.test(e.name) && !SKIP_FILE.test(e.name)) {
        out.push(child);
      }
    }
  };
  walk(dir);
  return out.sort();
}
