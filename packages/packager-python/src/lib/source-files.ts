import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { listFiles, NxstackError, resolveInsideWorkspace, type SourceLocation, type ZipEntry } from '@nxstack/core';

/** Never part of the handler's code: bytecode, caches, virtualenvs, tests, VCS folders. */
export const SOURCE_NOISE = [
  '**/__pycache__/**',
  '**/*.pyc',
  '**/*.pyo',
  '**/.pytest_cache/**',
  '**/.mypy_cache/**',
  '**/.ruff_cache/**',
  '**/.venv/**',
  '**/venv/**',
  '**/node_modules/**',
  '**/.git/**',
  '**/.DS_Store',
  '**/*.egg-info/**',
  '**/tests/**',
  '**/test_*.py',
  '**/*_test.py',
  '**/conftest.py',
];

export interface SourceSelection {
  readonly entries: ZipEntry[];
  /** `module.function` for Lambda. */
  readonly handler: string;
}

export interface SelectSourceOptions {
  /** Absolute workspace root: every file taken stays inside it (symlinks too). */
  readonly workspaceRoot: string;
  /** Absolute project folder: entryfilePath, includeFiles and excludeFiles are relative to it. */
  readonly projectRoot: string;
  readonly entryfilePath: string;
  readonly handlerFunction?: string;
  readonly includeFiles?: readonly string[];
  readonly excludeFiles?: readonly string[];
  readonly locations?: { entryfilePath?: SourceLocation; handlerFunction?: SourceLocation };
  /** Absolute folders never packaged even when inside the entry folder (our output, our cache). */
  readonly skipDirs?: readonly string[];
}

/** A glob written relative to the project, rewritten relative to `dir` (undefined if it cannot match there). */
function relativeGlob(glob: string, dirRel: string): string | undefined {
  const g = glob.replace(/^\.\//, '');
  if (!dirRel) return g;
  if (g.startsWith(dirRel + '/')) return g.slice(dirRel.length + 1);
  return g.startsWith('**') ? g : undefined;
}

/**
 * The handler's code: the entry file's folder tree at the zip root (so `module.function` imports
 * as written), minus noise and excludeFiles, plus includeFiles at their project-relative paths.
 */
export async function selectSourceFiles(opts: SelectSourceOptions): Promise<SourceSelection> {
  const where = opts.locations?.entryfilePath;
  const entryAbs = resolveInsideWorkspace(opts.projectRoot, opts.entryfilePath, { workspaceRoot: opts.workspaceRoot, what: 'entryfilePath', location: where });
  if (!entryAbs.endsWith('.py')) {
    throw new NxstackError('NXS_PYTHON_ENTRY_NOT_PYTHON', `entryfilePath "${opts.entryfilePath}" is not a .py file.`, { location: where, hint: 'Point entryfilePath at the Python module that defines the handler, e.g. src/handler.py.' });
  }
  if (!existsSync(entryAbs)) {
    throw new NxstackError('NXS_PYTHON_ENTRY_NOT_FOUND', `entryfilePath "${opts.entryfilePath}" does not exist (looked at ${entryAbs}).`, { location: where, hint: 'Paths are relative to the folder holding stack.yml.' });
  }
  const fn = opts.handlerFunction ?? 'handler';
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(fn)) {
    throw new NxstackError('NXS_PYTHON_HANDLER_INVALID', `handlerFunction "${fn}" is not a Python identifier.`, { location: opts.locations?.handlerFunction ?? where, hint: 'Name the function defined in the entry file, e.g. handler.' });
  }
  const code = await fs.readFile(entryAbs, 'utf8');
  const defines = new RegExp(`^(?:async\\s+)?def\\s+${fn}\\s*\\(|^${fn}\\s*[:=]|^from\\s+\\S+\\s+import\\s+.*\\b${fn}\\b|^import\\s+.*\\bas\\s+${fn}\\b`, 'm');
  if (!defines.test(code)) {
    throw new NxstackError('NXS_PYTHON_HANDLER_NOT_FOUND', `${opts.entryfilePath} defines no top-level "${fn}".`, { location: opts.locations?.handlerFunction ?? where, hint: `Define def ${fn}(event, context): in ${path.basename(entryAbs)}, or set handlerFunction to the function's name.` });
  }
  const entryDir = path.dirname(entryAbs);
  const dirRel = path.relative(opts.projectRoot, entryDir).split(path.sep).join('/');
  const exclude = [...SOURCE_NOISE, ...(opts.excludeFiles ?? []).map((g) => relativeGlob(g, dirRel)).filter((g): g is string => !!g)];
  const byPath = new Map<string, ZipEntry>();
  for (const d of opts.skipDirs ?? []) {
    const rel = path.relative(entryDir, d).split(path.sep).join('/');
    if (rel && !rel.startsWith('..') && !path.isAbsolute(rel)) exclude.push(`${rel}/**`);
  }
  for (const f of await listFiles(entryDir, { exclude, insideWorkspace: { workspaceRoot: opts.workspaceRoot, what: 'a file next to entryfilePath', location: where } })) byPath.set(f.path, { path: f.path, mode: f.mode, sourceFile: f.absolutePath });
  if (opts.includeFiles?.length) {
    const skip = (opts.skipDirs ?? []).map((d) => path.relative(opts.projectRoot, d).split(path.sep).join('/')).filter((r) => r && !r.startsWith('..') && !path.isAbsolute(r));
    for (const f of await listFiles(opts.projectRoot, { include: opts.includeFiles, exclude: [...(opts.excludeFiles ?? []), '**/__pycache__/**', '**/*.pyc', ...skip.map((r) => `${r}/**`)], insideWorkspace: { workspaceRoot: opts.workspaceRoot, what: 'includeFiles match' } })) {
      // Inside the entry folder a file keeps its place in the code tree; elsewhere its project path.
      const zipPath = dirRel && f.path.startsWith(dirRel + '/') ? f.path.slice(dirRel.length + 1) : f.path;
      if (zipPath.startsWith('..')) continue;
      byPath.set(zipPath, { path: zipPath, mode: f.mode, sourceFile: f.absolutePath });
    }
  }
  return { entries: [...byPath.values()], handler: `${path.basename(entryAbs, '.py')}.${fn}` };
}
