import { describe, expect, it } from 'vitest';
import { resolvePackageManager, resolvePythonVersion } from './python-config';
import { lambdaPlatformTags, pipTargetArgs } from './target-platform';

describe('resolvePythonVersion', () => {
  it('defaults to python3.12 and derives one from the other', () => {
    expect(resolvePythonVersion(undefined, undefined)).toEqual({ pythonVersion: '3.12', runtime: 'python3.12' });
    expect(resolvePythonVersion({ pythonVersion: '3.11' }, undefined)).toEqual({ pythonVersion: '3.11', runtime: 'python3.11' });
    expect(resolvePythonVersion(undefined, 'python3.9')).toEqual({ pythonVersion: '3.9', runtime: 'python3.9' });
    // YAML reads 3.10 as the number 3.1.
    expect(resolvePythonVersion({ pythonVersion: 3.1 }, undefined).runtime).toBe('python3.10');
    expect(resolvePythonVersion({ pythonVersion: 3.13 }, 'python3.13').runtime).toBe('python3.13');
  });

  it('refuses unsupported versions, non-Python runtimes and disagreements, pointing at the line', () => {
    const where = { pythonVersion: { file: 'stack.yml', line: 9, column: 24 }, runtime: { file: 'stack.yml', line: 4, column: 16 } };
    expect(() => resolvePythonVersion({ pythonVersion: '3.8' }, undefined, where)).toThrow(expect.objectContaining({ code: 'NXS_PYTHON_UNSUPPORTED_VERSION', location: where.pythonVersion, hint: expect.stringContaining('3.9, 3.10, 3.11, 3.12, 3.13') }));
    expect(() => resolvePythonVersion(undefined, 'nodejs20.x', where)).toThrow(expect.objectContaining({ code: 'NXS_PYTHON_UNSUPPORTED_RUNTIME', location: where.runtime }));
    expect(() => resolvePythonVersion({ pythonVersion: '3.11' }, 'python3.12', where)).toThrow(expect.objectContaining({ code: 'NXS_PYTHON_VERSION_MISMATCH' }));
    expect(() => resolvePackageManager('conda')).toThrow(expect.objectContaining({ code: 'NXS_PYTHON_UNSUPPORTED_PACKAGE_MANAGER' }));
  });
});

describe('Lambda platform tags', () => {
  it('AL2 runtimes (3.9–3.11) stop at glibc 2.26, AL2023 runtimes (3.12+) include manylinux_2_28 and up to 2.34', () => {
    const al2 = lambdaPlatformTags('3.11', 'x86_64');
    expect(al2[0]).toBe('manylinux_2_26_x86_64');
    expect(al2).toContain('manylinux2014_x86_64');
    expect(al2).not.toContain('manylinux_2_28_x86_64');
    const al2023 = lambdaPlatformTags('3.12', 'arm64');
    expect(al2023[0]).toBe('manylinux_2_34_aarch64');
    expect(al2023).toContain('manylinux_2_28_aarch64');
    expect(al2023).toContain('manylinux2014_aarch64');
    expect(al2023.every((t) => t.endsWith('_aarch64'))).toBe(true);
  });

  it('asks pip for cp wheels of the runtime version only', () => {
    const args = pipTargetArgs('3.13', 'arm64');
    expect(args).toEqual(expect.arrayContaining(['--implementation', 'cp', '--python-version', '3.13', '--abi', 'cp313', '--only-binary=:all:']));
  });
});
