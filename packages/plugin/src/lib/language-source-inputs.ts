import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pythonTaskInputs, type PythonDependencyConfig } from '@nxstack/core';
import type { PackagingLanguage } from './resource-packaging';

/** What the packager of a Python/Go/Java function reads, as far as stack.yml says. */
export interface BuildpackSource {
  readonly language: Exclude<PackagingLanguage, 'node'>;
  /** Relative to the project root. */
  readonly entryfilePath: string;
  readonly includeFiles?: readonly string[];
  readonly languageSpecificConfig?: Readonly<Record<string, unknown>>;
}

const MAVEN_BUILD_FILES = ['pom.xml'];
const GRADLE_BUILD_FILES = ['build.gradle', 'build.gradle.kts'];

/** Workspace-relative posix path, or undefined when it leaves the workspace. */
export function inWorkspace(p: string): string | undefined {
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

/**
 * Python: the entry file's folder tree (the zip's code) + the files that decide the dependency
 * layer, by the packager's own rule (core's pythonTaskInputs); one outside the workspace hashes
 * the whole project instead.
 */
function pythonSources(workspaceRoot: string, projectRoot: string, src: BuildpackSource, entryDir: string): string[] | undefined {
  const dependencyFiles = pythonTaskInputs(projectRoot, src.languageSpecificConfig as PythonDependencyConfig | undefined, workspaceRoot);
  if (dependencyFiles.some((f) => inWorkspace(f) === undefined)) return undefined;
  return [fileSet(entryDir, true), ...dependencyFiles.map((f) => fileSet(f))];
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
