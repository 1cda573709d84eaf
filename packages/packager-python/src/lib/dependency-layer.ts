import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { listFiles, sha256File, sha256Hex, writeZip } from '@nxstack/core';
import { requirementsIncludes } from './dependency-source';
import { canonicalName } from './lockfiles/pinned';
import { installDependencies, type InstallDependenciesOptions } from './install-dependencies';
import type { PythonToolchain } from './toolchain';

// Bump when the layer's layout, noise rules or compression change, so old cache entries are not reused.
const LAYER_FORMAT = 2;

/**
 * Deflate level of the layer zip. Measured on numpy + pydantic (65 MB installed, 1,050 files):
 * level 6 took 2.2-2.7 s for 17.8 MB, level 1 0.9-1.5 s for 19.9 MB (+12%). The layer is
 * zipped on every cold build and re-used compressed by every code change, so time wins.
 */
export const LAYER_DEFLATE_LEVEL = 1;

/**
 * What never goes into the zip from site-packages: bytecode (the runtime compiles its own),
 * console scripts (shebangs name the build machine's python), test suites, and dist-info files
 * that record the install rather than the package (RECORD would list paths we dropped).
 */
export const DEPENDENCY_NOISE = [
  'bin/**',
  '**/__pycache__/**',
  '**/*.pyc',
  '**/*.pyo',
  '**/tests/**',
  '*.dist-info/RECORD',
  '*.dist-info/INSTALLER',
  '*.dist-info/REQUESTED',
  '*.dist-info/direct_url.json',
  // uv's lock file in the --target folder.
  '.lock',
];

// pip settings from the environment that change which files are installed.
const PIP_ENV_KEYS = ['PIP_INDEX_URL', 'PIP_EXTRA_INDEX_URL', 'PIP_FIND_LINKS'];

/** What installing needs, less the folders and toolchain the layer cache decides on itself. */
export interface DependencyLayerOptions extends Omit<InstallDependenciesOptions, 'toolchain' | 'targetDir' | 'workDir'> {
  /** Looked up only on a cache miss: a cached build never starts Python. */
  readonly toolchain: () => Promise<PythonToolchain>;
  /** Root of the cache, e.g. `<workspace>/node_modules/.cache/nxstack`. */
  readonly cacheDir: string;
  /** Folder of the artifact the layer's files go under (runAppAs servers); default its root. */
  readonly zipPrefix?: string;
}

export interface DependencyLayer {
  /** Deterministic zip of the installed dependencies (paths relative to the artifact root). */
  readonly zipFile: string;
  readonly key: string;
  readonly cacheHit: boolean;
}

/** The cache key: lock content (and -r/-c includes), Python version, architecture, exclusions, pip env. */
export async function dependencyLayerKey(opts: Omit<DependencyLayerOptions, 'toolchain' | 'cacheDir' | 'location' | 'installer' | 'uvProvisionDir' | 'log'>): Promise<string> {
  const files = [opts.source.lockFile, ...(opts.source.packageManager === 'pip' ? requirementsIncludes(opts.source.lockFile) : []), ...(opts.source.pyproject ? [opts.source.pyproject] : [])];
  const digests = await Promise.all(files.map(async (f) => sha256File(f).catch(() => 'missing')));
  return sha256Hex(
    JSON.stringify({
      format: LAYER_FORMAT,
      manager: opts.source.packageManager,
      digests,
      pythonVersion: opts.pythonVersion,
      architecture: opts.architecture,
      exclude: [...new Set((opts.excludeDependencies ?? []).map(canonicalName))].sort(),
      pipEnv: PIP_ENV_KEYS.map((k) => opts.env?.[k] ?? ''),
      ...(opts.zipPrefix ? { zipPrefix: opts.zipPrefix } : {}),
    }),
  ).slice(0, 32);
}

/**
 * Returns the dependency layer zip from `<cacheDir>/python-deps/<key>/`, installing and zipping
 * it first on a miss. Entries are published by rename, so parallel builds never see half a layer.
 */
export async function getDependencyLayer(opts: DependencyLayerOptions): Promise<DependencyLayer> {
  const key = await dependencyLayerKey(opts);
  const dir = path.join(opts.cacheDir, 'python-deps', key);
  const zipFile = path.join(dir, 'dependencies.zip');
  if (await fs.stat(zipFile).then((s) => s.isFile(), () => false)) return { zipFile, key, cacheHit: true };
  const tmp = path.join(opts.cacheDir, 'python-deps', `.tmp-${key}-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    const site = path.join(tmp, 'site-packages');
    const { exported, localWheels, installer } = await installDependencies({ ...opts, toolchain: await opts.toolchain(), targetDir: site, workDir: path.join(tmp, 'work') });
    const files = await listFiles(site, { exclude: DEPENDENCY_NOISE });
    await writeZip(files.map((f) => ({ path: opts.zipPrefix ? `${opts.zipPrefix}/${f.path}` : f.path, mode: f.mode, sourceFile: f.absolutePath })), path.join(tmp, 'dependencies.zip'), { level: LAYER_DEFLATE_LEVEL });
    const info = { key, lockFile: opts.source.lockFile, packageManager: opts.source.packageManager, pythonVersion: opts.pythonVersion, architecture: opts.architecture, installer, pins: exported?.requirements.map((r) => `${r.name}==${r.version}`), builtFromSdist: localWheels.map((w) => w.requirement) };
    await fs.writeFile(path.join(tmp, 'layer.json'), JSON.stringify(info, null, 2) + '\n');
    await fs.rm(site, { recursive: true, force: true });
    await fs.rm(path.join(tmp, 'work'), { recursive: true, force: true });
    await fs.rename(tmp, dir).catch(async (err: NodeJS.ErrnoException) => {
      // Another build published the same key first: identical content, keep theirs.
      if (err.code !== 'ENOTEMPTY' && err.code !== 'EEXIST') throw err;
    });
    return { zipFile, key, cacheHit: false };
  } finally {
    await fs.rm(tmp, { recursive: true, force: true });
  }
}
