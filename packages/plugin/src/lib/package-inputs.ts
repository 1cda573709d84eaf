import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { resourceOutputDir } from '@nxstack/core';
import { nodeSourceInputs } from './node-source-inputs';
import { buildpackSourceInputs } from './language-source-inputs';
import type { PackagedResource } from './resource-packaging';
import { hostingFolderInputs } from './hosting-inputs';
import { recorded } from './graph-cache/session';

/** Nx input entries (file sets, `{ externalDependencies }`, `{ runtime }`). */
export type TargetInput = string | { externalDependencies: string[] } | { runtime: string } | { dependentTasksOutputFiles: string };

const NODE_LOCKFILES = ['package-lock.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lock', 'bun.lockb'];

/** Workspace-root lockfiles that exist, as Nx inputs. */
export function presentLockfiles(workspaceRoot: string): string[] {
  return NODE_LOCKFILES.filter((f) => existsSync(path.join(workspaceRoot, f))).map((f) => `{workspaceRoot}/${f}`);
}

/**
 * The project's files that can change an artifact: everything except stack.yml (the resource's
 * own section travels as a config-hash input, see config-hash.ts; deploymentConfig does not
 * change artifacts, so it is left out) and test files.
 */
export function projectSourceInputs(): string[] {
  return [
    '{projectRoot}/**/*',
    '!{projectRoot}/stack.yml',
    '!{projectRoot}/**/*.test.*',
    '!{projectRoot}/**/*.spec.*',
    '!{projectRoot}/**/__tests__/**',
  ];
}

/** The tool whose version changes the artifact, per packaging. */
function toolInput(r: PackagedResource): TargetInput | undefined {
  if (r.kind === 'image' || r.kind === 'custom-artifact' || r.kind === 'hosting') return undefined;
  switch (r.language) {
    case 'node':
      return { externalDependencies: ['esbuild'] };
    case 'python':
      return { runtime: 'python3 --version' };
    case 'go':
      return { runtime: 'go version' };
    case 'java':
      return { runtime: 'java -version 2>&1' };
  }
}

/**
 * Inputs of `package--<resource>`: the project's sources (a custom artifact: its packagePath
 * only; a Python/Go/Java function: its code folder and dependency files), the workspace
 * lockfiles and the packaging tool; the config-hash input is added by stack-targets.ts.
 *
 * Node resources are narrowed to the workspace files their bundle reads (node-source-inputs.ts):
 * editing one function's handler re-packages only that function.
 */
export function packageInputs(r: PackagedResource, projectRoot: string, workspaceRoot: string): TargetInput[] {
  if (r.kind === 'custom-artifact') return customArtifactInputs(r.packagePath, projectRoot);
  // A hosting bucket's files are copied as they are: its folder is the whole input (hosting-inputs.ts).
  if (r.kind === 'hosting') return hostingFolderInputs(r.uploadDirectoryPath, projectRoot, workspaceRoot) ?? [];
  const lockfiles = recorded('lockfiles', presentLockfiles, workspaceRoot);
  const tool = toolInput(r);
  const narrowed = r.kind === 'lambda-buildpack' && r.language === 'node' && r.source
    ? recorded('nodeInputs', nodeSourceInputs, workspaceRoot, projectRoot, r.source.entryfilePath, r.source.languageSpecificConfig?.['tsConfigPath'] as string | undefined)
    : undefined;
  // includeFiles are copied into the zip as they are: they are inputs beside the bundle's sources.
  const included = narrowed && r.kind === 'lambda-buildpack' ? (r.source?.includeFiles ?? []).map((g) => `{projectRoot}/${g}`) : [];
  const files = narrowed ? [...narrowed, ...included] : (buildpackInputs(r, projectRoot, workspaceRoot) ?? projectSourceInputs());
  return [...files, ...lockfiles, ...(tool ? [tool] : [])];
}

/**
 * Python/Go/Java functions: the folders their packager builds from (see
 * language-source-inputs.ts), with the project input's exclusions; undefined → whole project.
 */
function buildpackInputs(r: PackagedResource, projectRoot: string, workspaceRoot: string): string[] | undefined {
  if (r.kind !== 'lambda-buildpack' || r.language === 'node' || !r.source) return undefined;
  const sources = recorded('buildpackInputs', buildpackSourceInputs, workspaceRoot, projectRoot, { language: r.language, ...r.source });
  if (!sources) return undefined;
  // The project input's exclusions, as workspace file sets: Nx hashes `{projectRoot}` and
  // `{workspaceRoot}` sets separately, so a negation only applies within its own kind.
  const at = projectRoot === '.' ? '{workspaceRoot}/' : `{workspaceRoot}/${projectRoot}/`;
  const exclusions = projectSourceInputs()
    .filter((i) => i.startsWith('!'))
    .map((i) => `!${at}${i.slice('!{projectRoot}/'.length)}`);
  return [...sources, ...exclusions];
}

/**
 * A custom artifact is zipped as it is: only its packagePath (a file, or a folder and all in
 * it) can change the output, so editing the project's other sources leaves it cached.
 * packagePath is relative to the folder of stack.yml; one that leaves the workspace falls back
 * to the whole project.
 */
export function customArtifactInputs(packagePath: string, projectRoot: string): TargetInput[] {
  const target = path.posix.normalize(path.posix.join(projectRoot, packagePath.replace(/\\/g, '/'))).replace(/\/+$/, '');
  if (!packagePath || path.posix.isAbsolute(packagePath) || target === '..' || target.startsWith('../')) return projectSourceInputs();
  return [`{workspaceRoot}/${target}`, `{workspaceRoot}/${target}/**/*`];
}

/** Union of input lists, first occurrence order, objects compared by JSON. */
export function unionInputs(lists: TargetInput[][]): TargetInput[] {
  const seen = new Set<string>();
  const out: TargetInput[] = [];
  for (const input of lists.flat()) {
    const key = JSON.stringify(input);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(input);
  }
  return out;
}
