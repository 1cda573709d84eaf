import { NxstackError, type SourceLocation, spawnTool } from '@nxstack/core';

export interface PythonToolchain {
  /** argv prefix that runs pip: `[python, '-m', 'pip']`. */
  readonly pip: readonly string[];
  readonly python: string;
  readonly pythonVersion: string;
  readonly pipVersion: string;
}

/** Lines of pip's output shown in an error: its own message is near the end. */
export const PIP_OUTPUT_LINES = 25;

const PROBE = 'import sys, pip; print("%d.%d.%d" % sys.version_info[:3]); print(pip.__version__)';

/**
 * Finds the host Python and its pip. Any Python 3 works: pip downloads wheels for the Lambda
 * runtime's version and platform, so the host version need not match.
 */
export async function findPythonToolchain(python = 'python3', env?: NodeJS.ProcessEnv, location?: SourceLocation): Promise<PythonToolchain> {
  const probe = await spawnTool([python, '-c', PROBE], { env });
  if (probe.notFound) {
    throw new NxstackError('NXS_PYTHON_TOOLCHAIN_MISSING', `"${python}" was not found on PATH; it is needed to resolve the function's dependencies with pip.`, {
      location,
      hint: 'Install Python 3 with pip (Debian/Ubuntu: apt-get install python3 python3-pip; macOS: brew install python; or pyenv). Docker is not needed.',
    });
  }
  if (probe.exitCode !== 0) {
    throw new NxstackError('NXS_PYTHON_TOOLCHAIN_MISSING', `"${python}" runs but has no usable pip: ${probe.output.trim().split('\n').pop()}`, {
      location,
      hint: `Install pip for it: ${python} -m ensurepip --upgrade (Debian/Ubuntu: apt-get install python3-pip).`,
    });
  }
  const [pythonVersion, pipVersion] = probe.stdout.trim().split(/\r?\n/);
  const [major, minor] = pipVersion.split('.').map(Number);
  if (major < 21 || (major === 21 && minor < 1)) {
    throw new NxstackError('NXS_PYTHON_TOOLCHAIN_MISSING', `pip ${pipVersion} is too old to resolve wheels for another platform.`, {
      location,
      hint: `Upgrade it: ${python} -m pip install --upgrade pip (21.1 or newer).`,
    });
  }
  return { pip: [python, '-m', 'pip'], python, pythonVersion, pipVersion };
}
