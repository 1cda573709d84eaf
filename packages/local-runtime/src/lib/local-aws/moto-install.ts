import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { LOCAL_AWS_CACHE_DIR, NxstackError, outputTail, provisionPythonPackages, spawnTool } from '@nxstack/core';

/** moto version the local stage runs (installed on first use from PyPI into the workspace's cache). */
export const PINNED_MOTO_VERSION = '5.2.1';
/** The services the local stage's data resources need, and the server's web framework. */
const REQUIREMENTS = [`moto[s3,dynamodb,sqs,sns,events]==${PINNED_MOTO_VERSION}`, 'flask', 'flask-cors'];

export interface MotoInstall {
  /** `pip install --target` folder: put first on sys.path. */
  readonly packagesDir: string;
  readonly python: string;
}

/**
 * The moto installation of this workspace: `<root>/.nxstack/cache/local-aws/moto-<version>`
 * (or under NXSTACK_LOCAL_AWS_CACHE),
 * installed once with the host's python3 and pip (no Docker), the same way the Python packager
 * provisions uv (core's provisionPythonPackages).
 */
export async function ensureMoto(workspaceRoot: string, env: NodeJS.ProcessEnv = process.env, log?: (line: string) => void): Promise<MotoInstall> {
  const python = env.NXSTACK_PYTHON || 'python3';
  // NXSTACK_LOCAL_AWS_CACHE shares one install between workspaces (CI runs many).
  const packagesDir = path.join(env.NXSTACK_LOCAL_AWS_CACHE || path.join(workspaceRoot, LOCAL_AWS_CACHE_DIR), `moto-${PINNED_MOTO_VERSION}`);
  const installed = await fs.stat(path.join(packagesDir, 'moto', '__init__.py')).then(() => true, () => false);
  if (installed) return { packagesDir, python };
  const probe = await spawnTool([python, '-c', 'import pip'], { env });
  if (probe.exitCode !== 0) {
    throw new NxstackError('NXS_LOCAL_AWS_UNAVAILABLE', `The local stage's data resources run in a moto server installed with Python's pip, and "${python} -m pip" does not run${probe.notFound ? ` ("${python}" is not on PATH)` : `: ${outputTail(probe.output, 3)}`}.`, {
      hint: 'Install Python 3 with pip (Debian/Ubuntu: apt-get install python3 python3-pip; macOS: brew install python), or set NXSTACK_PYTHON to a Python that has pip.',
    });
  }
  log?.(`installing moto ${PINNED_MOTO_VERSION} (the local stage's AWS data plane) into ${path.relative(workspaceRoot, packagesDir)} …`);
  const run = await provisionPythonPackages({ pip: [python, '-m', 'pip'], dir: packagesDir, requirements: REQUIREMENTS, pipArgs: ['--only-binary=:all:'], env });
  if (run.exitCode !== 0) {
    throw new NxstackError('NXS_LOCAL_AWS_UNAVAILABLE', `moto ${PINNED_MOTO_VERSION} could not be installed from the package index:\n${outputTail(run.output, 10)}`, {
      hint: 'The first local deploy of a stack with data resources needs PyPI (or PIP_INDEX_URL / PIP_FIND_LINKS pointing at a mirror that has moto and its dependencies).',
    });
  }
  return { packagesDir, python };
}
