import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { NxstackError, PYTHON_LOCK_NAMES, PYTHON_MANAGER_FILES, pythonManagerFromFile, pythonTaskInputs, requirementsIncludes, resolveInsideWorkspace, type SourceLocation } from '@nxstack/core';
import { type PackageManager, type PyLanguageSpecificConfig, resolvePackageManager } from './python-config';

/** Where a function's dependencies are declared: the file pip installs from, or the lock we export. */
export interface DependencySource {
  readonly packageManager: PackageManager;
  /** Absolute path of the requirements file or lock file that defines the dependency set. */
  readonly lockFile: string;
  /** pyproject.toml beside a poetry.lock, read only for lock files that record no groups. */
  readonly pyproject?: string;
}

const LOCK_NAMES = PYTHON_LOCK_NAMES;
const LOCK_COMMANDS: Record<Exclude<PackageManager, 'pip'>, { lock: string; install: string }> = {
  pipenv: { lock: 'pipenv lock', install: 'pip install --user pipenv (or pipx install pipenv)' },
  poetry: { lock: 'poetry lock', install: 'pipx install poetry (or pip install --user poetry)' },
  uv: { lock: 'uv lock', install: 'pip install --user uv (or pipx install uv)' },
};

const DETECT = PYTHON_MANAGER_FILES;

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
  manager ??= pythonManagerFromFile(declared);
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

// Which files decide the dependency layer is core's rule (the plugin hashes the same files).
export { pythonTaskInputs, requirementsIncludes };
