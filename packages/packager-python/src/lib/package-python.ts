import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { type BuildpackPackageOptions, DEFAULT_LAMBDA_ARCHITECTURE, mergeZips, NxstackError, resourceOutputDir, type SourceLocation, splitPythonAppEntry, writeLambdaArtifact, writeZip, type ZipPackageManifest } from '@nxstack/core';
import { appServerSource } from './app-server-source';
import { getDependencyLayer } from './dependency-layer';
import { resolveDependencySource } from './dependency-source';
import { type PyLanguageSpecificConfig, resolvePythonVersion } from './python-config';
import { selectSourceFiles } from './source-files';
import { findPythonToolchain } from './toolchain';
import { chooseInstaller, type PythonInstaller } from './uv-tool';

/** Where in stack.yml each option came from, so errors point at the line to fix. */
export type PythonOptionLocations = Partial<Record<'resource' | 'entryfilePath' | 'handlerFunction' | 'runtime' | 'architecture' | 'pythonVersion' | 'packageManager' | 'packageManagerFile', SourceLocation>>;

/** entryfilePath is relative to the project folder; runtime `python3.X` defaults from languageSpecificConfig.pythonVersion (3.12). */
export interface PackagePythonOptions extends BuildpackPackageOptions<PyLanguageSpecificConfig> {
  /** Cache root; default <workspace>/node_modules/.cache/nxstack. */
  readonly cacheDir?: string;
  /** Python used to run pip; default python3. */
  readonly python?: string;
  /** Environment for pip (index URLs, proxies, PIP_* settings). */
  readonly env?: NodeJS.ProcessEnv;
  readonly locations?: PythonOptionLocations;
  /**
   * Who installs the dependencies: `uv` (default; from PATH, else provisioned once into
   * `<workspace>/node_modules/.cache/nxstack/uv/<version>`, pip when it cannot be had) or `pip`.
   * Default from env NXSTACK_PYTHON_INSTALLER.
   */
  readonly installer?: PythonInstaller;
  /** Progress lines (the executor passes console.log). */
  readonly log?: (line: string) => void;
}

export interface PackagePythonResult {
  readonly outputDir: string;
  readonly artifactFile: string;
  readonly manifest: ZipPackageManifest;
  /** True when the dependency layer came from the cache (or there were no dependencies). */
  readonly dependencyCacheHit: boolean;
  readonly dependencyLayerKey?: string;
}

export function defaultCacheDir(workspaceRoot: string): string {
  return path.join(workspaceRoot, 'node_modules', '.cache', 'nxstack');
}

/** Builds `<resource>.zip` + manifest.json: handler code at the root, dependencies beside it. */
export async function packagePythonFunction(opts: PackagePythonOptions): Promise<PackagePythonResult> {
  const loc = opts.locations ?? {};
  const architecture = opts.architecture ?? DEFAULT_LAMBDA_ARCHITECTURE;
  if (architecture !== 'x86_64' && architecture !== 'arm64') {
    throw new NxstackError('NXS_PYTHON_UNSUPPORTED_ARCHITECTURE', `architecture "${architecture as string}" is not a Lambda architecture.`, { location: loc.architecture, hint: 'Use x86_64 (default) or arm64.' });
  }
  const { pythonVersion, runtime } = resolvePythonVersion(opts.languageSpecificConfig, opts.runtime, { runtime: loc.runtime, pythonVersion: loc.pythonVersion });
  const projectAbs = path.resolve(opts.workspaceRoot, opts.projectRoot);
  const outputDir = path.resolve(opts.workspaceRoot, opts.outputPath ?? resourceOutputDir(opts.projectRoot, opts.resourceName));
  const cacheDir = path.resolve(opts.workspaceRoot, opts.cacheDir ?? defaultCacheDir(opts.workspaceRoot));
  // A project at the workspace root would otherwise package dist/, .nxstack/ and the cache.
  const skipDirs = [outputDir, cacheDir, path.join(opts.workspaceRoot, 'dist', 'stack'), path.join(opts.workspaceRoot, '.nxstack')];
  // runAppAs (service images): `file.py:app` names the callable gunicorn / uvicorn runs.
  const runAppAs = opts.languageSpecificConfig?.runAppAs;
  const appEntry = runAppAs ? splitPythonAppEntry(opts.entryfilePath) : { file: opts.entryfilePath, callable: opts.handlerFunction };
  if (runAppAs && !appEntry.callable) {
    throw new NxstackError('NXS_RUN_APP_AS_INVALID', `runAppAs: ${runAppAs} needs the app callable after the entry file: '${opts.entryfilePath}' names none.`, { location: loc.entryfilePath, hint: 'Write entryfilePath as path/to/file.py:app.' });
  }
  const source = await selectSourceFiles({ workspaceRoot: path.resolve(opts.workspaceRoot), projectRoot: projectAbs, entryfilePath: appEntry.file, handlerFunction: appEntry.callable, includeFiles: opts.includeFiles, excludeFiles: opts.excludeFiles, locations: loc, skipDirs });
  const deps = resolveDependencySource(projectAbs, opts.languageSpecificConfig, { packageManager: loc.packageManager, packageManagerFile: loc.packageManagerFile ?? loc.resource }, opts.workspaceRoot);

  // Set inside the zip writer below: whether the dependency layer came from the cache.
  const installed: { layer?: Awaited<ReturnType<typeof getDependencyLayer>> } = {};
  const { artifactPath, manifest } = await writeLambdaArtifact(outputDir, opts.resourceName, async (artifactFile) => {
    if (!deps && !runAppAs) return writeZip(source.entries, artifactFile);
    const toolchain = () => findPythonToolchain(opts.python, opts.env, loc.resource);
    const install = (what: string, from: typeof deps & {}, zipPrefix?: string) =>
      getDependencyLayer({
        toolchain: () => {
          opts.log?.(`${opts.resourceName}: installing ${what} (packageManager ${from.packageManager}) for ${runtime} ${architecture}…`);
          return toolchain();
        },
        source: from, pythonVersion, architecture, cacheDir, excludeDependencies: zipPrefix ? undefined : opts.excludeDependencies, env: opts.env, location: loc.packageManagerFile ?? loc.resource,
        installer: chooseInstaller(opts.installer, opts.env),
        uvProvisionDir: path.join(defaultCacheDir(opts.workspaceRoot), 'uv'),
        log: opts.log && ((line) => opts.log?.(`${opts.resourceName}: ${line}`)),
        zipPrefix,
      });
    const layers: string[] = [];
    if (deps) layers.push((installed.layer = await install(`dependencies from ${path.relative(opts.workspaceRoot, deps.lockFile)}`, deps)).zipFile);
    if (runAppAs) {
      const server = await appServerSource(runAppAs, cacheDir);
      layers.push((await install(`the ${runAppAs} server (${server.pins.join(', ')})`, server.source, server.dir)).zipFile);
    }
    // The layer zips are cached compressed: merging copies their entries instead of deflating them again.
    const codeZip = `${artifactFile}.code.${process.pid}.zip`;
    try {
      await writeZip(source.entries, codeZip);
      return await mergeZips([...layers, codeZip], artifactFile, { conflictError: pathConflict });
    } finally {
      await fs.rm(codeZip, { force: true });
    }
  }, { handler: source.handler, runtime, architecture, packager: 'python' });
  return { outputDir, artifactFile: artifactPath, manifest, dependencyCacheHit: installed.layer?.cacheHit ?? true, dependencyLayerKey: installed.layer?.key };
}

function pathConflict(name: string): NxstackError {
  return new NxstackError('NXS_PYTHON_PATH_CONFLICT', `"${name}" is both in the function's code and in its dependencies.`, {
    hint: 'Rename the local module or folder, or add the dependency to excludeDependencies.',
  });
}
