/**
 * Which files decide a Python function's dependency layer. The Python packager installs from
 * them and the plugin hashes them as the package task's inputs: one rule, so the cache key and
 * the build always agree.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

export type PythonPackageManager = 'pip' | 'pipenv' | 'poetry' | 'uv';

/** The lock file each locking package manager installs from. */
export const PYTHON_LOCK_NAMES: Readonly<Record<Exclude<PythonPackageManager, 'pip'>, string>> = { pipenv: 'Pipfile.lock', poetry: 'poetry.lock', uv: 'uv.lock' };

/** Files in the project root that name a package manager, in the order they are preferred. */
export const PYTHON_MANAGER_FILES: ReadonlyArray<readonly [string, PythonPackageManager]> = [['uv.lock', 'uv'], ['poetry.lock', 'poetry'], ['Pipfile.lock', 'pipenv'], ['Pipfile', 'pipenv'], ['requirements.txt', 'pip']];

/** The package manager a declared packageManagerFile implies. */
export function pythonManagerFromFile(file: string): PythonPackageManager {
  const base = path.basename(file);
  if (base === 'Pipfile' || base === 'Pipfile.lock') return 'pipenv';
  if (base === 'poetry.lock') return 'poetry';
  if (base === 'uv.lock') return 'uv';
  if (base === 'pyproject.toml') {
    const dir = path.dirname(file);
    if (existsSync(path.join(dir, 'uv.lock'))) return 'uv';
    return 'poetry';
  }
  return 'pip';
}

/** `-r`/`-c` files a requirements file pulls in, recursively (they change what pip installs). */
export function requirementsIncludes(file: string, seen = new Set<string>()): string[] {
  if (seen.has(file) || !existsSync(file)) return [];
  seen.add(file);
  const out: string[] = [];
  for (const line of readFileSync(file, 'utf8').split(/\r?\n/)) {
    const m = /^\s*(?:-r|--requirement|-c|--constraint)\s*=?\s*(\S+)/.exec(line);
    if (!m) continue;
    const inc = path.resolve(path.dirname(file), m[1]);
    out.push(inc, ...requirementsIncludes(inc, seen));
  }
  return out;
}

/** The Python languageSpecificConfig fields that pick the dependency files. */
export interface PythonDependencyConfig {
  readonly packageManager?: string;
  readonly packageManagerFile?: string;
}

/**
 * The files whose content decides a Python function's dependency layer, as workspace-relative
 * posix paths (for the Nx task's `inputs`, e.g. `{workspaceRoot}/<path>`). Nothing else about
 * dependencies needs hashing: a lock change rebuilds the layer, and only that does.
 * `projectRoot` is workspace-relative; paths that do not exist yet are listed too, so creating
 * one invalidates the cache. A path outside the workspace starts with `../`.
 */
export function pythonTaskInputs(projectRoot: string, config: PythonDependencyConfig | undefined, workspaceRoot?: string): string[] {
  // Without a workspace root the answer is computed from the config alone (no -r/-c includes).
  const root = workspaceRoot ?? path.parse(process.cwd()).root;
  const absRoot = path.resolve(root, projectRoot);
  const includes = (file: string) => (workspaceRoot ? requirementsIncludes(file) : []);
  const files = new Set<string>();
  const manager = config?.packageManager;
  if (config?.packageManagerFile) {
    const declared = path.resolve(absRoot, config.packageManagerFile);
    const m = (manager ?? pythonManagerFromFile(declared)) as PythonPackageManager;
    if (m === 'pip') {
      files.add(declared);
      for (const inc of includes(declared)) files.add(inc);
    } else {
      files.add(path.join(path.dirname(declared), PYTHON_LOCK_NAMES[m] ?? path.basename(declared)));
      if (m === 'poetry') files.add(path.join(path.dirname(declared), 'pyproject.toml'));
    }
  } else if (manager && manager !== 'pip') {
    files.add(path.join(absRoot, PYTHON_LOCK_NAMES[manager as Exclude<PythonPackageManager, 'pip'>]));
    if (manager === 'poetry') files.add(path.join(absRoot, 'pyproject.toml'));
  } else {
    for (const [name, m] of PYTHON_MANAGER_FILES) if (!manager || m === manager) files.add(path.join(absRoot, name));
    if (!manager) files.add(path.join(absRoot, 'pyproject.toml'));
    for (const inc of includes(path.join(absRoot, 'requirements.txt'))) files.add(inc);
  }
  return [...files].map((f) => path.relative(root, f).split(path.sep).join('/')).sort();
}
