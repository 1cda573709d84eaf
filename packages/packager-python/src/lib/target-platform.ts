import type { Architecture } from '@nxstack/core';
import type { PythonVersion } from './python-config';

/** glibc of the Lambda runtime: Amazon Linux 2 (python3.9–3.11) has 2.26, AL2023 (3.12+) has 2.34. */
export function lambdaGlibcMinor(pythonVersion: PythonVersion): number {
  return Number(pythonVersion.split('.')[1]) >= 12 ? 34 : 26;
}

/**
 * Wheel platform tags the runtime accepts, most specific first (pip prefers earlier ones):
 * manylinux_2_<glibc>…manylinux_2_17 (= manylinux2014), plus the legacy alias names.
 */
export function lambdaPlatformTags(pythonVersion: PythonVersion, architecture: Architecture): string[] {
  const arch = architecture === 'arm64' ? 'aarch64' : 'x86_64';
  const tags: string[] = [];
  for (let minor = lambdaGlibcMinor(pythonVersion); minor >= 17; minor--) tags.push(`manylinux_2_${minor}_${arch}`);
  tags.push(`manylinux2014_${arch}`);
  if (arch === 'x86_64') tags.push('manylinux2010_x86_64', 'manylinux1_x86_64');
  return tags;
}

/** pip options that resolve for the Lambda runtime instead of the build machine. */
export function pipTargetArgs(pythonVersion: PythonVersion, architecture: Architecture): string[] {
  const abi = `cp${pythonVersion.replace('.', '')}`;
  return [
    ...lambdaPlatformTags(pythonVersion, architecture).flatMap((t) => ['--platform', t]),
    '--implementation', 'cp',
    '--python-version', pythonVersion,
    '--abi', abi,
    '--only-binary=:all:',
  ];
}

/**
 * uv's equivalent of pipTargetArgs. uv names glibc levels, not tag lists: `manylinux_2_34` (AL2023,
 * python3.12+) accepts exactly the tags pip gets above; AL2's 2.26 has no uv name, so 3.9–3.11 use
 * `manylinux_2_17` (a subset: a wheel tagged only 2_24/2_26 fails in uv and pip takes over).
 * The implementation is the host interpreter's (CPython), the ABI follows --python-version.
 */
export function uvTargetArgs(pythonVersion: PythonVersion, architecture: Architecture): string[] {
  const arch = architecture === 'arm64' ? 'aarch64' : 'x86_64';
  const glibc = lambdaGlibcMinor(pythonVersion) >= 34 ? 34 : 17;
  return ['--python-platform', `${arch}-manylinux_2_${glibc}`, '--python-version', pythonVersion, '--only-binary', ':all:'];
}
