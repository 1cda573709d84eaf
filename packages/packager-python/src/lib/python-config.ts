import { NxstackError, type PythonAppServerKind, type PythonPackageManager, type SourceLocation } from '@nxstack/core';

export const SUPPORTED_PYTHON_VERSIONS = ['3.9', '3.10', '3.11', '3.12', '3.13'] as const;
export type PythonVersion = (typeof SUPPORTED_PYTHON_VERSIONS)[number];
export const DEFAULT_PYTHON_VERSION: PythonVersion = '3.12';

export type PackageManager = PythonPackageManager;
export const PACKAGE_MANAGERS: readonly PackageManager[] = ['pip', 'pipenv', 'poetry', 'uv'];

/** `languageSpecificConfig` of a Python function, as written in stack.yml (PyLanguageSpecificConfig). */
export interface PyLanguageSpecificConfig {
  readonly pythonVersion?: string | number;
  readonly packageManager?: string;
  /** requirements file, Pipfile/Pipfile.lock, pyproject.toml/poetry.lock, uv.lock; relative to the project root. */
  readonly packageManagerFile?: string;
  /** Service images: run `entryfilePath` (`file.py:app`) under gunicorn (WSGI) or uvicorn (ASGI), installed beside the dependencies. */
  readonly runAppAs?: PythonAppServerKind;
}

/** The resolved runtime/version pair: `runtime` wins when both are given and they agree. */
export function resolvePythonVersion(
  config: PyLanguageSpecificConfig | undefined,
  runtime: string | undefined,
  where?: { runtime?: SourceLocation; pythonVersion?: SourceLocation },
): { pythonVersion: PythonVersion; runtime: string } {
  const fromConfig = config?.pythonVersion === undefined ? undefined : normalizeVersion(config.pythonVersion);
  let fromRuntime: string | undefined;
  if (runtime !== undefined) {
    const m = /^python(\d+\.\d+)$/.exec(runtime);
    if (!m) {
      throw new NxstackError('NXS_PYTHON_UNSUPPORTED_RUNTIME', `Runtime "${runtime}" is not a Python Lambda runtime.`, {
        location: where?.runtime,
        hint: `Use one of ${SUPPORTED_PYTHON_VERSIONS.map((v) => `python${v}`).join(', ')}, or leave runtime out to use languageSpecificConfig.pythonVersion.`,
      });
    }
    fromRuntime = m[1];
  }
  const version = fromRuntime ?? fromConfig ?? DEFAULT_PYTHON_VERSION;
  if (!(SUPPORTED_PYTHON_VERSIONS as readonly string[]).includes(version)) {
    throw new NxstackError('NXS_PYTHON_UNSUPPORTED_VERSION', `Python ${version} is not supported for Lambda packaging.`, {
      location: fromRuntime ? where?.runtime : where?.pythonVersion,
      hint: `Supported versions: ${SUPPORTED_PYTHON_VERSIONS.join(', ')} (default ${DEFAULT_PYTHON_VERSION}).`,
    });
  }
  if (fromRuntime && fromConfig && fromRuntime !== fromConfig) {
    throw new NxstackError('NXS_PYTHON_VERSION_MISMATCH', `runtime python${fromRuntime} disagrees with languageSpecificConfig.pythonVersion ${fromConfig}.`, {
      location: where?.pythonVersion ?? where?.runtime,
      hint: 'Set only one of them, or make them name the same Python version.',
    });
  }
  return { pythonVersion: version as PythonVersion, runtime: `python${version}` };
}

/** YAML turns `3.10` into the number 3.1: accept the string form and repair the common number forms. */
function normalizeVersion(v: string | number): string {
  if (typeof v === 'number') {
    const s = String(v);
    return s === '3.1' ? '3.10' : s;
  }
  return v.trim().replace(/^python/, '');
}

export function resolvePackageManager(value: string | undefined, location?: SourceLocation): PackageManager | undefined {
  if (value === undefined) return undefined;
  if ((PACKAGE_MANAGERS as readonly string[]).includes(value)) return value as PackageManager;
  throw new NxstackError('NXS_PYTHON_UNSUPPORTED_PACKAGE_MANAGER', `packageManager "${value}" is not supported.`, {
    location,
    hint: `Use one of ${PACKAGE_MANAGERS.join(', ')}.`,
  });
}
