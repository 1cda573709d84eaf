import { existsSync, readFileSync, realpathSync } from 'node:fs';
import * as path from 'node:path';

/** The parts of a package.json the packager reads. */
export interface PackageJson {
  readonly name?: string;
  readonly version?: string;
  readonly dependencies?: Record<string, string>;
  readonly optionalDependencies?: Record<string, string>;
  readonly napi?: unknown;
}

/** `@scope/pkg/deep/file` → `@scope/pkg`, `pkg/deep` → `pkg`; undefined for relative/absolute paths. */
export function packageNameOf(specifier: string): string | undefined {
  if (!specifier || specifier.startsWith('.') || path.isAbsolute(specifier) || specifier.startsWith('node:')) return undefined;
  const parts = specifier.split('/');
  if (specifier.startsWith('@')) return parts.length >= 2 && parts[1] ? `${parts[0]}/${parts[1]}` : undefined;
  return parts[0] || undefined;
}

/**
 * The package a file belongs to when it sits in a node_modules folder: name and folder, from the
 * last `node_modules/` segment (so nested copies resolve to the nested package).
 */
export function packageOfFile(absoluteFile: string): { name: string; dir: string } | undefined {
  const posix = absoluteFile.split(path.sep).join('/');
  const at = posix.lastIndexOf('/node_modules/');
  if (at < 0) return undefined;
  const rest = posix.slice(at + '/node_modules/'.length).split('/');
  const nameParts = rest[0].startsWith('@') ? rest.slice(0, 2) : rest.slice(0, 1);
  if (nameParts.length === 0 || nameParts.some((p) => !p) || rest[0] === '.pnpm') return undefined;
  const name = nameParts.join('/');
  return { name, dir: posix.slice(0, at) + '/node_modules/' + name };
}

const inputOwnerCache = new Map<string, { name: string; dir: string } | undefined>();

/**
 * packageOfFile of a workspace-relative input esbuild read, memoised: the functions of one build
 * share most of their inputs (50 functions × ~700 files of the same packages).
 */
export function packageOfInput(workspaceRoot: string, input: string): { name: string; dir: string } | undefined {
  const key = `${workspaceRoot}\0${input}`;
  if (!inputOwnerCache.has(key)) inputOwnerCache.set(key, packageOfFile(path.resolve(workspaceRoot, input)));
  return inputOwnerCache.get(key);
}

const packageDirCache = new Map<string, string | undefined>();

/** Node's lookup: the nearest `node_modules/<name>` folder at or above `fromDir` (memoised: every import asks). */
export function findPackageDir(name: string, fromDir: string): string | undefined {
  const key = `${fromDir}\0${name}`;
  if (!packageDirCache.has(key)) packageDirCache.set(key, lookUpPackageDir(name, fromDir));
  return packageDirCache.get(key);
}

function lookUpPackageDir(name: string, fromDir: string): string | undefined {
  let dir = path.resolve(fromDir);
  for (;;) {
    if (path.basename(dir) !== 'node_modules') {
      const candidate = path.join(dir, 'node_modules', name);
      if (existsSync(path.join(candidate, 'package.json'))) return candidate;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

const packageJsonCache = new Map<string, PackageJson>();

export function readPackageJson(dir: string): PackageJson {
  let pkg = packageJsonCache.get(dir);
  if (!pkg) {
    try {
      pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as PackageJson;
    } catch {
      pkg = {};
    }
    packageJsonCache.set(dir, pkg);
  }
  return pkg;
}

/**
 * A package linked from the workspace (npm/pnpm/yarn workspaces) rather than installed from a
 * registry: its real path is outside every node_modules folder. Such packages are always bundled.
 */
export function isWorkspaceLinked(dir: string): boolean {
  let linked = linkedCache.get(dir);
  if (linked === undefined) {
    try {
      linked = !realpathSync(dir).split(path.sep).includes('node_modules');
    } catch {
      linked = false;
    }
    linkedCache.set(dir, linked);
  }
  return linked;
}

const linkedCache = new Map<string, boolean>();

/** Forget what was learnt about node_modules (a long-lived process after an install). */
export function clearPackageCaches(): void {
  packageDirCache.clear();
  packageJsonCache.clear();
  inputOwnerCache.clear();
  linkedCache.clear();
}
