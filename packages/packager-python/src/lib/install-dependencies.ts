import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { type Architecture, NxstackError, outputTail, type SourceLocation, spawnTool } from '@nxstack/core';
import type { DependencySource } from './dependency-source';
import { exportLock } from './lockfiles/export-lock';
import { canonicalName, toRequirementsText, type ExportedLock } from './lockfiles/pinned';
import { lambdaMarkerEnvironment } from './markers';
import type { PythonVersion } from './python-config';
import { buildPureWheel, type LocalWheel } from './sdist-wheels';
import { pipTargetArgs } from './target-platform';
import { declaredRequirementNames, pruneExcluded } from './prune-excluded';
import { PIP_OUTPUT_LINES, type PythonToolchain } from './toolchain';
import { installWithUv } from './uv-install';
import { findUv, type PythonInstaller } from './uv-tool';

export interface InstallDependenciesOptions {
  readonly toolchain: PythonToolchain;
  readonly source: DependencySource;
  readonly pythonVersion: PythonVersion;
  readonly architecture: Architecture;
  /** Fresh folder pip installs into (`--target`). */
  readonly targetDir: string;
  /** Scratch folder for the exported requirements and locally built wheels. */
  readonly workDir: string;
  readonly excludeDependencies?: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
  readonly location?: SourceLocation;
  /** `uv` (default): uv when it can be had, pip when not or when uv fails. `pip`: pip only. */
  readonly installer?: PythonInstaller;
  /** Where a uv is provisioned when none is on PATH (`<cache>/uv`); without it only PATH is tried. */
  readonly uvProvisionDir?: string;
  readonly log?: (line: string) => void;
}

export interface InstalledDependencies {
  readonly exported?: ExportedLock;
  readonly localWheels: LocalWheel[];
  /** The installer whose output is in targetDir. */
  readonly installer: PythonInstaller;
}

const MAX_LOCAL_WHEELS = 20;

/**
 * Installs the function's dependencies for the Lambda runtime with one pip run: lock files are
 * exported to exact pins (`--no-deps`, hashes checked); a requirements file is resolved by pip.
 * Only when a requirement has no wheel for the target does it build a pure-Python sdist and retry.
 */
export async function installDependencies(opts: InstallDependenciesOptions): Promise<InstalledDependencies> {
  const { toolchain, source, pythonVersion, architecture, workDir, env, location } = opts;
  await fs.mkdir(workDir, { recursive: true });
  const platform = `python${pythonVersion} ${architecture}`;
  const excluded = new Set((opts.excludeDependencies ?? []).map(canonicalName));
  let exported: ExportedLock | undefined;
  let requirementsFile = source.lockFile;
  if (source.packageManager !== 'pip') {
    // Excluded pins are installed too: their Requires-Dist tells pruneExcluded what only they needed.
    exported = await exportLock(source, lambdaMarkerEnvironment(pythonVersion, architecture));
    requirementsFile = path.join(workDir, 'requirements.lock.txt');
  }
  const declaredRoots = async () => (exported ? [] : declaredRequirementNames(source.lockFile));
  const prune = async () => pruneExcluded(opts.targetDir, excluded, await declaredRoots(), lambdaMarkerEnvironment(pythonVersion, architecture));

  if (opts.installer !== 'pip') {
    // uv is the fast path; whatever it cannot do (sdists, AL2-only glibc tags, pip.conf-only
    // settings, errors) pip does, so results and error codes stay pip's.
    const uv = await findUv({ toolchain, provisionDir: opts.uvProvisionDir, env, log: opts.log });
    if (uv) {
      if (exported) await fs.writeFile(requirementsFile, toRequirementsText(exported, new Map()));
      await fs.rm(opts.targetDir, { recursive: true, force: true });
      opts.log?.(`installing with uv ${uv.version} (${uv.origin})`);
      const run = await installWithUv({ uv, toolchain, pythonVersion, architecture, targetDir: opts.targetDir, requirementsFile, pinned: !!exported, cwd: path.dirname(source.lockFile), env });
      if (run.exitCode === 0) {
        await prune();
        return { exported, localWheels: [], installer: 'uv' };
      }
      opts.log?.(`uv could not install them; retrying with pip:\n${outputTail(run.output, 8)}`);
    }
  }
  opts.log?.('installing with pip');
  const localWheels: LocalWheel[] = [];
  for (;;) {
    if (exported) {
      const extraHashes = new Map(localWheels.map((w) => [canonicalName(w.requirement.split('==')[0]), w.hash]));
      await fs.writeFile(requirementsFile, toRequirementsText(exported, extraHashes));
    }
    await fs.rm(opts.targetDir, { recursive: true, force: true });
    const argv = [
      ...toolchain.pip, 'install',
      '--target', opts.targetDir,
      '--no-compile', '--no-warn-script-location', '--no-warn-conflicts', '--disable-pip-version-check', '--no-input', '--progress-bar', 'off',
      ...pipTargetArgs(pythonVersion, architecture),
      ...(exported ? ['--no-deps'] : []),
      ...(localWheels.length ? ['--find-links', path.join(workDir, 'wheels')] : []),
      '-r', requirementsFile,
    ];
    const result = await spawnTool(argv, { cwd: path.dirname(source.lockFile), env });
    if (result.exitCode === 0) break;
    const missing = /No matching distribution found for (\S+)/.exec(result.output)?.[1];
    if (missing && localWheels.length < MAX_LOCAL_WHEELS && !localWheels.some((w) => w.requirement === missing)) {
      localWheels.push(await buildPureWheel({ toolchain, requirement: missing, workDir, platform, env, location }));
      continue;
    }
    throw new NxstackError('NXS_PYTHON_DEPENDENCY_INSTALL_FAILED', `pip could not install the dependencies of ${path.basename(source.lockFile)} for ${platform}:\n${outputTail(result.output, PIP_OUTPUT_LINES)}`, {
      location,
      hint: hintFor(result.output, source),
    });
  }
  // A lock is flat (no roots); a requirements file names its roots.
  await prune();
  return { exported, localWheels, installer: 'pip' };
}

function hintFor(output: string, source: DependencySource): string {
  if (/THESE PACKAGES DO NOT MATCH THE HASHES/.test(output)) return `The downloaded files do not match the hashes in ${path.basename(source.lockFile)}: regenerate the lock.`;
  if (/(Connection|Network|Temporary failure|timed out|SSLError)/i.test(output)) return 'pip could not reach the package index: check the network, proxy, and PIP_INDEX_URL.';
  return 'The lines above are pip\'s own output. Check the pins in the lock/requirements file against what exists on the index for this Python version.';
}
