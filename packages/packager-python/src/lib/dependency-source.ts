import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { NxstackError, resolveInsideWorkspace, type SourceLocation } from '@nxstack/core';
import { type PackageManager, type PyLanguageSpecificConfig, resolvePackageManager } from './python-config';

/** Where a function's dependencies are declared: the file pip installs from, or the lock we export. */
export interface DependencySource {
  readonly packageManager: PackageManager;
  /** Absolute path of the requirements file or lock file that defines the dependency set. */
  readonly lockFile: string;
  /** pyproject.toml beside a poetry.lock, read only for lock files that record no groups. */
  readonly pyproject?: string;
}

const LOCK_NAMES: Record<Exclude<PackageManager, 'pip'>, string> = { pipenv: 'Pipfile.lock', poetry: 'poetry.lock', uv: 'uv.lock' };
const LOCK_COMMANDS: Record<Exclude<PackageManager, 'pip'>, { lock: string; install: string }> = {
  pipenv: { lock: 'pipenv lock', install: 'pip install --user pipenv (or pipx install pipenv)' },
  poetry: { lock: 'poetry lock', install: 'pipx install poetry (or pip install --user poetry)' },
  uv: { lock: 'uv lock', install: 'pip install --user uv (or pipx install uv)' },
};

function managerFromFile(file: string): PackageManager {
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

/** Files in the project root that name a package manager, in the order they are preferred. */
const DETECT: Array<[string, PackageManager]> = [['uv.lock', 'uv'], ['poetry.lock', 'poetry'], ['Pipfile.lock', 'pipenv'], ['Pipfile', 'pipenv'], ['requirements.txt', 'pip']];

/**
 * Works out the dependency source of a function. `projectRoot` is absolute. Returns undefined when
 * the project declares no dependencies (no packageManagerFile and none of the usual files).
 */
export function resolveDependencySource(
  projectRoot: string,
  config: PyLanguageSpecificConfig | undefined,
  where: { packageManager?: SourceLocation; packageManagerFile?: SourceLocation } = {},
  /** When given, packageManagerFile must stay inside it (symlinks too). */
  workspaceRoot?: string,
): DependencySource | undefined {
  let manager = resolvePackageManager(config?.packageManager, where.packageManager);
  const file = config?.packageManagerFile;
  let declared = file ? (workspaceRoot ? resolveInsideWorkspace(projectRoot, file, { workspaceRoot, what: 'packageManagerFile', location: where.packageManagerFile }) : path.resolve(projectRoot, file)) : undefined;
  if (!declared) {
    const found = DETECT.find(([name, m]) => (!manager || manager === m) && existsSync(path.join(projectRoot, name)));
    if (!found) {
      if (manager && manager !== 'pip') declared = path.join(projectRoot, manager === 'pipenv' ? 'Pipfile' : 'pyproject.toml');
      else return undefined;
    } else {
      declared = path.join(projectRoot, found[0]);
      manager ??= found[1];
    }
  }
  manager ??= managerFromFile(declared);
  if (manager === 'pip') {
    if (!existsSync(declared)) throw lockMissing(declared, 'pip', where.packageManagerFile);
    return { packageManager: 'pip', lockFile: declared };
  }
  const lockFile = path.join(path.dirname(declared), LOCK_NAMES[manager]);
  if (!existsSync(lockFile)) throw lockMissing(lockFile, manager, where.packageManagerFile);
  const pyproject = path.join(path.dirname(declared), 'pyproject.toml');
  return { packageManager: manager, lockFile, pyproject: manager === 'poetry' && existsSync(pyproject) ? pyproject : undefined };
}

function lockMissing(file: string, manager: PackageManager, location?: SourceLocation): NxstackError {
  if (manager === 'pip') {
    return new NxstackError('NXS_PYTHON_LOCK_MISSING', `The requirements file ${file} does not exist.`, {
      location,
      hint: 'Fix languageSpecificConfig.packageManagerFile (relative to the project folder), or write the file (pip freeze > requirements.txt).',
    });
  }
  const cmd = LOCK_COMMANDS[manager];
  return new NxstackError('NXS_PYTHON_LOCK_MISSING', `${manager} is the package manager but its lock file ${file} does not exist.`, {
    location,
    hint: `Run \`${cmd.lock}\` in ${path.dirname(file)} and commit the lock (nxstack installs exactly what it pins, for the Lambda platform). To get ${manager}: ${cmd.install}.`,
  });
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

/**
 * The files whose content decides a Python function's dependency layer, as workspace-relative
 * posix paths (for the Nx task's `inputs`, e.g. `{workspaceRoot}/<path>`). Nothing else about
 * dependencies needs hashing: a lock change rebuilds the layer, and only that does.
 * `projectRoot` is workspace-relative; paths that do not exist yet are listed too, so creating
 * one invalidates the cache.
 */
export function pythonTaskInputs(projectRoot: string, config: PyLanguageSpecificConfig | undefined, workspaceRoot?: string): string[] {
  // Without a workspace root the answer is computed from the config alone (no -r/-c includes).
  const root = workspaceRoot ?? path.parse(process.cwd()).root;
  const absRoot = path.resolve(root, projectRoot);
  const includes = (file: string) => (workspaceRoot ? requirementsIncludes(file) : []);
  const files = new Set<string>();
  const manager = config?.packageManager;
  if (config?.packageManagerFile) {
    const declared = path.resolve(absRoot, config.packageManagerFile);
    const m = (manager ?? managerFromFile(declared)) as PackageManager;
    if (m === 'pip') {
      files.add(declared);
      for (const inc of includes(declared)) files.add(inc);
    } else {
      files.add(path.join(path.dirname(declared), LOCK_NAMES[m] ?? path.basename(declared)));
      if (m === 'poetry') files.add(path.join(path.dirname(declared), 'pyproject.toml'));
    }
  } else if (manager && manager !== 'pip') {
    files.add(path.join(absRoot, LOCK_NAMES[manager as Exclude<PackageManager, 'pip'>]));
    if (manager === 'poetry') files.add(path.join(absRoot, 'pyproject.toml'));
  } else {
    for (const [name, m] of DETECT) if (!manager || m === manager) files.add(path.join(absRoot, name));
    if (!manager) files.add(path.join(absRoot, 'pyproject.toml'));
    for (const inc of includes(path.join(absRoot, 'requirements.txt'))) files.add(inc);
  }
  return [...files].map((f) => path.relative(root, f).split(path.sep).join('/')).sort();
}
