import { promises as fs } from 'node:fs';
import { type Architecture, spawnTool, type ToolRun } from '@nxstack/core';
import type { PythonVersion } from './python-config';
import { uvTargetArgs } from './target-platform';
import type { PythonToolchain } from './toolchain';
import type { UvTool } from './uv-tool';

export interface UvInstallOptions {
  readonly uv: UvTool;
  readonly toolchain: PythonToolchain;
  readonly pythonVersion: PythonVersion;
  readonly architecture: Architecture;
  readonly targetDir: string;
  readonly requirementsFile: string;
  /** Exact pins exported from a lock: `--no-deps --require-hashes`, like pip's run. */
  readonly pinned: boolean;
  readonly cwd: string;
  readonly env?: NodeJS.ProcessEnv;
}

const split = (v: string | undefined) => (v ?? '').split(/\s+/).filter(Boolean);

/**
 * pip settings from the environment, in uv's words: uv does not read PIP_*, and the dependency
 * layer's cache key already includes these three, so both installers see the same indexes.
 */
export function uvIndexArgs(env: NodeJS.ProcessEnv | undefined): string[] {
  const extra = split(env?.PIP_EXTRA_INDEX_URL);
  return [
    ...(env?.PIP_INDEX_URL ? ['--index-url', env.PIP_INDEX_URL] : []),
    ...extra.flatMap((u) => ['--extra-index-url', u]),
    // pip picks the best version across all indexes; uv's default stops at the first that has the name.
    ...(extra.length ? ['--index-strategy', 'unsafe-best-match'] : []),
    ...split(env?.PIP_FIND_LINKS).flatMap((l) => ['--find-links', l]),
  ];
}

/**
 * One `uv pip install --target` with the same guarantees as the pip run: the Lambda platform and
 * Python version, wheels only, no bytecode, hashes required when the requirements carry them
 * (pip switches to hash-checking mode on the first --hash; uv must be told). `--no-config` keeps a
 * project's uv.toml / [tool.uv] out, as pip never reads them. Never throws.
 */
export async function installWithUv(opts: UvInstallOptions): Promise<ToolRun> {
  const text = await fs.readFile(opts.requirementsFile, 'utf8').catch(() => '');
  const hashed = opts.pinned || /(^|\s)--hash[=\s]/m.test(text);
  const argv = [
    opts.uv.uv, 'pip', 'install',
    '--target', opts.targetDir,
    '--no-config', '--python', opts.toolchain.python, '--color', 'never', '--no-progress',
    ...uvTargetArgs(opts.pythonVersion, opts.architecture),
    ...(opts.pinned ? ['--no-deps'] : []),
    ...(hashed ? ['--require-hashes'] : []),
    ...uvIndexArgs(opts.env),
    '-r', opts.requirementsFile,
  ];
  // Never download a managed Python: the host interpreter only supplies the implementation (CPython).
  const env = { ...(opts.env ?? process.env), UV_PYTHON_DOWNLOADS: 'never', NO_COLOR: '1' };
  return spawnTool(argv, { cwd: opts.cwd, env });
}
