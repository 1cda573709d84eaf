import * as path from 'node:path';
import { outputTail, provisionPythonPackages, spawnTool } from '@nxstack/core';
import type { PythonToolchain } from './toolchain';

/** uv version the packager installs for itself when none is on PATH (a wheel on PyPI with the binary inside). */
export const PINNED_UV_VERSION = '0.13.9';

export type PythonInstaller = 'uv' | 'pip';

export interface UvTool {
  readonly uv: string;
  readonly version: string;
  /** Where it came from, for the log line. */
  readonly origin: 'PATH' | 'provisioned';
}

/**
 * The installer to use: the option wins, then NXSTACK_PYTHON_INSTALLER, then uv.
 * Anything but `pip` means uv, with pip as the silent fallback when uv cannot be had.
 */
export function chooseInstaller(option: PythonInstaller | undefined, env: NodeJS.ProcessEnv | undefined): PythonInstaller {
  const chosen = option ?? env?.NXSTACK_PYTHON_INSTALLER?.trim().toLowerCase();
  return chosen === 'pip' ? 'pip' : 'uv';
}

async function uvVersion(uv: string, env?: NodeJS.ProcessEnv): Promise<string | undefined> {
  const run = await spawnTool([uv, '--version'], { env });
  return run.exitCode === 0 ? /uv (\S+)/.exec(run.stdout)?.[1] : undefined;
}

/**
 * Finds uv: `uv` on PATH, else `<provisionDir>/<pinned>/bin/uv`, installing it there once with the
 * toolchain's pip (`pip install --target`, PyPI only). Returns undefined when neither works:
 * the caller falls back to pip. `log` receives why uv could not be had.
 */
export async function findUv(opts: {
  readonly toolchain: PythonToolchain;
  /** Parent of the per-version folders, e.g. `<workspace>/node_modules/.cache/nxstack/uv`; absent: PATH only. */
  readonly provisionDir?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly log?: (line: string) => void;
}): Promise<UvTool | undefined> {
  const onPath = await uvVersion('uv', opts.env);
  if (onPath) return { uv: 'uv', version: onPath, origin: 'PATH' };
  if (!opts.provisionDir) return undefined;
  const dir = path.join(opts.provisionDir, PINNED_UV_VERSION);
  const uv = path.join(dir, 'bin', process.platform === 'win32' ? 'uv.exe' : 'uv');
  const existing = await uvVersion(uv, opts.env);
  if (existing) return { uv, version: existing, origin: 'provisioned' };
  const install = await provisionPythonPackages({
    pip: opts.toolchain.pip,
    dir,
    requirements: [`uv==${PINNED_UV_VERSION}`],
    pipArgs: ['--no-deps', '--only-binary=:all:'],
    env: opts.env,
  });
  if (install.exitCode !== 0) {
    opts.log?.(`uv ${PINNED_UV_VERSION} could not be installed from the package index; using pip.\n${outputTail(install.output, 5)}`);
    return undefined;
  }
  const version = await uvVersion(uv, opts.env);
  if (!version) opts.log?.(`the provisioned uv at ${uv} does not run on this machine; using pip.`);
  return version ? { uv, version, origin: 'provisioned' } : undefined;
}
