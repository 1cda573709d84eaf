import { describe, expect, it } from 'vitest';
import { evaluateMarker, lambdaMarkerEnvironment } from './markers';

const x86312 = lambdaMarkerEnvironment('3.12', 'x86_64');
const arm39 = lambdaMarkerEnvironment('3.9', 'arm64');

describe('evaluateMarker for the Lambda runtime', () => {
  it.each([
    ['', true],
    ["sys_platform == 'win32'", false],
    ['sys_platform == "linux"', true],
    ["platform_system != 'Windows'", true],
    ["python_version >= '3.10'", true],
    ["python_version < '3.10'", false],
    ["python_full_version >= '3.12.1'", true],
    ["python_version == '3.12.*'", true],
    ["python_version ~= '3.11'", true],
    ["platform_machine == 'x86_64' and implementation_name == 'cpython'", true],
    ["(sys_platform == 'darwin' or os_name == 'posix') and python_version > '3.8'", true],
    ["os.name == 'nt'", false],
    ["extra == 'socks'", false],
    ["'linux' in sys_platform", true],
    ["platform_python_implementation not in 'PyPy Jython'", true],
  ])('%s → %s (python3.12 x86_64)', (marker, expected) => {
    expect(evaluateMarker(marker, x86312)).toBe(expected);
  });

  it('uses the target architecture and version, not the build machine', () => {
    expect(evaluateMarker("platform_machine == 'aarch64'", arm39)).toBe(true);
    expect(evaluateMarker("platform_machine == 'aarch64'", x86312)).toBe(false);
    expect(evaluateMarker("python_full_version < '3.10'", arm39)).toBe(true);
    // 3.10 must compare above 3.9 numerically, never as text.
    expect(evaluateMarker("python_version >= '3.9'", lambdaMarkerEnvironment('3.10', 'x86_64'))).toBe(true);
  });

  it('rejects malformed markers', () => {
    expect(() => evaluateMarker("python_version >= '3.9' and", x86312)).toThrow(/marker/);
    expect(() => evaluateMarker("(python_version >= '3.9'", x86312)).toThrow(/parenthes/);
  });
});
