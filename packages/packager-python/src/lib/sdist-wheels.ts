import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { NxstackError, outputTail, sha256File, type SourceLocation, spawnTool } from '@nxstack/core';
import { PIP_OUTPUT_LINES, type PythonToolchain } from './toolchain';

// Lists an sdist's members (tar or zip) so we can tell compiled code from pure Python without building it.
const LIST_SDIST = [
  'import sys, tarfile, zipfile',
  'p = sys.argv[1]',
  'names = zipfile.ZipFile(p).namelist() if p.endswith(".zip") else tarfile.open(p).getnames()',
  'print("\\n".join(names))',
].join('\n');

const NATIVE_SOURCE = /\.(c|cc|cpp|cxx|h|hpp|pyx|pxd|f|f90|rs|go)$|(^|\/)Cargo\.toml$/i;

export interface LocalWheel {
  readonly requirement: string;
  readonly wheelFile: string;
  /** `sha256:<hex>` of the built wheel, added to hash-checked requirements. */
  readonly hash: string;
}

function nativeSdistError(requirement: string, platform: string, detail: string, location?: SourceLocation): NxstackError {
  return new NxstackError('NXS_PYTHON_NATIVE_SDIST', `"${requirement}" has no wheel for ${platform} and its source distribution contains compiled code (${detail}); it cannot be built for Lambda without Docker.`, {
    location,
    hint: `Pin a version of ${requirement.split(/[=<>!~ ;[]/)[0]} that publishes manylinux wheels for this Python version and architecture, provide a wheel yourself through PIP_FIND_LINKS, move it to a Lambda layer and list it in excludeDependencies, or package the function as a container image.`,
  });
}

/**
 * A requirement with no wheel for the target: fetch its sdist (no build), refuse compiled code,
 * build a pure-Python one into a wheel locally. Pure-Python wheels run on every platform.
 */
export async function buildPureWheel(opts: {
  readonly toolchain: PythonToolchain;
  readonly requirement: string;
  readonly workDir: string;
  readonly platform: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly location?: SourceLocation;
}): Promise<LocalWheel> {
  const { toolchain, requirement, workDir, env, location } = opts;
  const name = requirement.split(/[=<>!~ ;[]/)[0];
  const sdistDir = path.join(workDir, 'sdists', name);
  const wheelDir = path.join(workDir, 'wheels');
  await fs.mkdir(sdistDir, { recursive: true });
  const download = await spawnTool([...toolchain.pip, 'download', '--no-deps', '--no-binary', name, '--disable-pip-version-check', '-d', sdistDir, requirement], { env, cwd: workDir });
  if (download.exitCode !== 0) {
    throw new NxstackError('NXS_PYTHON_NO_DISTRIBUTION', `No wheel for ${opts.platform} and no source distribution found for "${requirement}".\n${outputTail(download.output, 15)}`, {
      location,
      hint: 'Check the name and version in the lock/requirements file, and that this version supports the function\'s Python version.',
    });
  }
  const [sdist] = (await fs.readdir(sdistDir)).filter((f) => /\.(tar\.gz|tgz|tar\.bz2|zip)$/.test(f));
  if (!sdist) throw nativeSdistError(requirement, opts.platform, 'pip downloaded no source archive', location);
  const listing = await spawnTool([toolchain.python, '-c', LIST_SDIST, path.join(sdistDir, sdist)], { env });
  const native = listing.stdout.split(/\r?\n/).filter((n) => NATIVE_SOURCE.test(n));
  if (listing.exitCode !== 0) throw nativeSdistError(requirement, opts.platform, `the archive cannot be listed: ${outputTail(listing.output, 3)}`, location);
  if (native.length) throw nativeSdistError(requirement, opts.platform, native.slice(0, 3).map((n) => n.split('/').slice(1).join('/')).join(', '), location);
  await fs.mkdir(wheelDir, { recursive: true });
  const before = new Set(await fs.readdir(wheelDir));
  const build = await spawnTool([...toolchain.pip, 'wheel', '--no-deps', '--disable-pip-version-check', '-w', wheelDir, path.join(sdistDir, sdist)], { env, cwd: workDir });
  if (build.exitCode !== 0) {
    throw new NxstackError('NXS_PYTHON_BUILD_FAILED', `Building a wheel from the source distribution of "${requirement}" failed:\n${outputTail(build.output, PIP_OUTPUT_LINES)}`, {
      location,
      hint: 'The output above is pip\'s. Pin a version that publishes wheels, or fix the package\'s build requirements.',
    });
  }
  const wheel = (await fs.readdir(wheelDir)).find((f) => f.endsWith('.whl') && !before.has(f));
  if (!wheel) throw new NxstackError('NXS_PYTHON_BUILD_FAILED', `pip wheel reported success for "${requirement}" but wrote no wheel.`, { location, hint: 'Run the build by hand with pip wheel to see why.' });
  if (!wheel.endsWith('-none-any.whl')) throw nativeSdistError(requirement, opts.platform, `it built the platform wheel ${wheel}`, location);
  const wheelFile = path.join(wheelDir, wheel);
  return { requirement, wheelFile, hash: `sha256:${await sha256File(wheelFile)}` };
}
