import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { PackagingLanguage } from './resource-packaging';

/** What the packager of a Python/Go/Java function reads, as far as stack.yml says. */
export interface BuildpackSource {
  readonly language: Exclude<PackagingLanguage, 'node'>;
  /** Relative to the project root. */
  readonly entryfilePath: string;
  readonly includeFiles?: readonly string[];
  readonly languageSpecificConfig?: Readonly<Record<string, unknown>>;
}

const PYTHON_DEPENDENCY_FILES = ['requirements.txt', 'Pipfile', 'Pipfile.lock', 'pyproject.toml', 'poetry.lock', 'uv.lock'];
const MAVEN_BUILD_FILES = ['pom.xml'];
const GRADLE_BUILD_FILES = ['build.gradle', 'build.gradle.kts'];

/** Workspace-relative posix path, or undefined when it leaves the workspace. */
function inWorkspace(p: string): string | undefined {
  const n = path.posix.normalize(p.replace(/\\/g, '/')).replace(/\/+$/, '');
  if (path.posix.isAbsolute(n) || n === '..' || n.startsWith('../')) return undefined;
  return n === '' ? '.' : n;
}

const fileSet = (rel: string, tree = false) => (rel === '.' ? `{workspaceRoot}/${tree ? '**/*' : ''}` : `{workspaceRoot}/${rel}${tree ? '/**/*' : ''}`);

/** Nearest folder from `fromDir` up to `projectRoot` (both workspace-relative) holding one of `names`. */
function nearestWith(workspaceRoot: string, fromDir: string, projectRoot: string, names: readonly string[]): string | undefined {
  let dir = fromDir;
  for (;;) {
    if (names.some((n) => existsSync(path.join(workspaceRoot, dir, n)))) return dir;
    if (dir === projectRoot || dir === '.' || !dir.startsWith(projectRoot === '.' ? '' : `${projectRoot}/`)) return undefined;
    dir = path.posix.dirname(dir);
  }
}

/** `-r`/`-c` files a requirements file pulls in, recursively, workspace-relative (undefined: one leaves the workspace). */
function requirementsIncludes(workspaceRoot: string, file: string, seen = new Set<string>()): string[] | undefined {
  if (seen.has(file) || !existsSync(path.join(workspaceRoot, file))) return [];
  seen.add(file);
  const out: string[] = [];
  for (const line of readFileSync(path.join(workspaceRoot, file), 'utf8').split(/\r?\n/)) {
    const m = /^\s*(?:-r|--requirement|-c|--constraint)\s*=?\s*(\S+)/.exec(line);
    if (!m) continue;
    const inc = inWorkspace(path.posix.join(path.posix.dirname(file), m[1]));
    const nested = inc === undefined ? undefined : requirementsIncludes(workspaceRoot, inc, seen);
    if (inc === undefined || nested === undefined) return undefined;
    out.push(inc, ...nested);
  }
  return out;
}

/** Python: the entry file's folder tree (the zip's code) + the files that decide the dependency layer. */
function pythonSources(workspaceRoot: string, projectRoot: string, src: BuildpackSource, entryDir: string): string[] | undefined {
  const declared = src.languageSpecificConfig?.['packageManagerFile'];
  const depDir = typeof declared === 'string' ? inWorkspace(path.posix.join(projectRoot, path.posix.dirname(declared))) : projectRoot;
  if (depDir === undefined) return undefined;
  const depFiles = PYTHON_DEPENDENCY_FILES.map((f) => (depDir === '.' ? f : `${depDir}/${f}`));
  if (typeof declared === 'string') depFiles.push(path.posix.join(projectRoot, declared));
  const includes: string[] = [];
  for (const f of depFiles.filter((f) => /\.(txt|in)$/.test(f))) {
    const inc = requirementsIncludes(workspaceRoot, f);
    if (inc === undefined) return undefined;
    includes.push(...inc);
  }
  return [fileSet(entryDir, true), ...[...new Set([...depFiles, ...includes])].map((f) => fileSet(f))];
}

/** Go: the module (nearest go.mod at or above the entry, inside the project) unless it replaces modules with local paths. */
function goSources(workspaceRoot: string, projectRoot: string, entryDir: string): string[] | undefined {
  const moduleRoot = nearestWith(workspaceRoot, entryDir, projectRoot, ['go.mod']);
  if (moduleRoot === undefined) return undefined;
  const goMod = readFileSync(path.join(workspaceRoot, moduleRoot, 'go.mod'), 'utf8');
  // `replace x => ../lib` builds code from outside the module: hash the whole project then.
  if (/=>\s*\.{1,2}[/\\]/.test(goMod)) return undefined;
  return [fileSet(moduleRoot, true), fileSet(projectRoot === '.' ? 'go.work' : `${projectRoot}/go.work`)];
}

/** Java: a standalone Maven build root (no parent pom, no modules); Gradle builds may span the project, so they keep it all. */
function javaSources(workspaceRoot: string, projectRoot: string, src: BuildpackSource, entryDir: string): string[] | undefined {
  const declared = src.languageSpecificConfig?.['packageManagerFile'];
  const buildRoot =
    typeof declared === 'string'
      ? inWorkspace(path.posix.join(projectRoot, path.posix.dirname(declared)))
      : nearestWith(workspaceRoot, entryDir, projectRoot, [...MAVEN_BUILD_FILES, ...GRADLE_BUILD_FILES]);
  if (buildRoot === undefined) return undefined;
  if (GRADLE_BUILD_FILES.some((f) => existsSync(path.join(workspaceRoot, buildRoot, f)))) return undefined;
  const pom = path.join(workspaceRoot, buildRoot, 'pom.xml');
  if (!existsSync(pom) || /<parent>|<modules>/.test(readFileSync(pom, 'utf8'))) return undefined;
  return [fileSet(buildRoot, true)];
}

/**
 * The source file sets of a Python/Go/Java function's package task, or undefined when the whole
 * project must be hashed. Narrowing keeps one function's edit from re-packaging the others of a
 * polyglot project. Build outputs inside these folders (Maven's target/) stay out of the hash as
 * long as they are git-ignored, as they are for the project-wide input too.
 */
export function buildpackSourceInputs(workspaceRoot: string, projectRoot: string, src: BuildpackSource): string[] | undefined {
  const entry = inWorkspace(path.posix.join(projectRoot, src.entryfilePath.split(':')[0]));
  if (!src.entryfilePath || entry === undefined) return undefined;
  const entryDir = path.posix.dirname(entry);
  const includes: string[] = [];
  for (const glob of src.includeFiles ?? []) {
    const rel = inWorkspace(path.posix.join(projectRoot, glob));
    if (rel === undefined) return undefined;
    includes.push(fileSet(rel));
  }
  const sources =
    src.language === 'python'
      ? pythonSources(workspaceRoot, projectRoot, src, entryDir)
      : src.language === 'go'
        ? goSources(workspaceRoot, projectRoot, entryDir)
        : javaSources(workspaceRoot, projectRoot, src, entryDir);
  return sources && [...sources, ...includes];
}
