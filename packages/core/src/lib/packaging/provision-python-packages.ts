import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { spawnTool, type ToolRun } from './run-tool';

export interface ProvisionPythonPackagesOptions {
  /** argv prefix that runs pip: `[python, '-m', 'pip']`. */
  readonly pip: readonly string[];
  /** The folder the packages end up in (`pip install --target`), e.g. `<cache>/uv/0.13.9`. */
  readonly dir: string;
  /** Requirement specifiers, pinned by the caller (`uv==0.13.9`). */
  readonly requirements: readonly string[];
  /** Extra pip arguments (`--no-deps`, `--only-binary=:all:`). */
  readonly pipArgs?: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * Installs pinned PyPI packages once into `dir` with the host's pip (`pip install --target`),
 * for tools nxstack runs itself (uv for the Python packager, moto for the local stage). The
 * install goes to a scratch folder published by rename, so parallel tasks never see half an
 * install; when another task published first, its copy (same pins) is kept. Returns pip's run
 * (exit code and output) for the caller to report; never throws for a failed install.
 */
export async function provisionPythonPackages(o: ProvisionPythonPackagesOptions): Promise<ToolRun> {
  const tmp = `${o.dir}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await fs.mkdir(path.dirname(o.dir), { recursive: true });
    const install = await spawnTool(
      [...o.pip, 'install', '--target', tmp, ...(o.pipArgs ?? []), '--no-compile', '--disable-pip-version-check', '--no-input', '--progress-bar', 'off', ...o.requirements],
      { env: o.env },
    );
    if (install.exitCode !== 0) return install;
    await fs.rename(tmp, o.dir).catch(async (err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOTEMPTY' && err.code !== 'EEXIST') throw err;
    });
    return install;
  } finally {
    await fs.rm(tmp, { recursive: true, force: true });
  }
}
