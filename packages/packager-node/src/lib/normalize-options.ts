import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_LAMBDA_ARCHITECTURE, DEFAULT_OUTPUT_MODULE_FORMAT, NxstackError, resolveInsideWorkspace, resourceOutputDir, type NxstackErrorCode } from '@nxstack/core';
import type { NormalizedNodeFunction, PackageNodeFunctionOptions } from './options';

export const DEFAULT_NODE_RUNTIME = 'nodejs24.x';
const OLDEST_NODE = 18;

/** `nodejs20.x` → `node20`; anything that is not a supported Node.js Lambda runtime is an error. */
export function esbuildTargetForRuntime(runtime: string): string {
  const match = /^nodejs(\d+)\.x$/.exec(runtime);
  if (!match) {
    throw new NxstackError('NXS_NODE_RUNTIME_INVALID', `Runtime "${runtime}" is not a Node.js Lambda runtime.`, {
      hint: `Use one of nodejs${OLDEST_NODE}.x, nodejs20.x, nodejs22.x, nodejs24.x (or leave runtime out for ${DEFAULT_NODE_RUNTIME}).`,
    });
  }
  const major = Number(match[1]);
  if (major < OLDEST_NODE) {
    throw new NxstackError('NXS_NODE_RUNTIME_UNSUPPORTED', `Runtime ${runtime} is deprecated by AWS Lambda and not supported.`, {
      hint: `Use nodejs${OLDEST_NODE}.x or newer (default ${DEFAULT_NODE_RUNTIME}).`,
    });
  }
  return `node${major}`;
}

function requireFile(file: string, code: NxstackErrorCode, what: string, hint: string): void {
  if (!existsSync(file) || !statSync(file).isFile()) {
    throw new NxstackError(code, `${what} ${file} does not exist.`, { location: { file }, hint });
  }
}

function stringList(value: readonly string[] | undefined, name: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || v === '')) {
    throw new NxstackError('NXS_NODE_OPTION_INVALID', `Option ${name} must be a list of non-empty strings.`, {
      hint: `Write ${name} as a YAML/JSON list, e.g. ["assets/**"].`,
    });
  }
  return [...value];
}

/** Globs stay inside the project: the zip mirrors project-relative paths. */
function projectGlobs(value: readonly string[] | undefined, name: string): string[] {
  const globs = stringList(value, name);
  const bad = globs.find((g) => path.posix.isAbsolute(g) || path.win32.isAbsolute(g) || g.split(/[\\/]/).includes('..'));
  if (bad) {
    throw new NxstackError('NXS_NODE_OPTION_INVALID', `${name} entry "${bad}" points outside the project.`, {
      hint: `${name} globs are relative to the project root and cannot use ".." or absolute paths; move the files into the project.`,
    });
  }
  return globs;
}

/** Applies defaults, resolves paths and rejects bad options before any build work starts. */
export function normalizeOptions(options: PackageNodeFunctionOptions): NormalizedNodeFunction {
  const workspaceRoot = path.resolve(options.workspaceRoot);
  if (!options.resourceName || !/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(options.resourceName)) {
    throw new NxstackError('NXS_NODE_OPTION_INVALID', `Resource name "${options.resourceName}" is not valid.`, {
      hint: 'Resource names are letters, digits, "-" and "_", as in stack.yml.',
    });
  }
  if (!options.entryfilePath) {
    throw new NxstackError('NXS_NODE_ENTRY_MISSING', `Function ${options.resourceName} has no entryfilePath.`, {
      hint: 'Set packaging.properties.entryfilePath (relative to the project root), e.g. src/handler.ts.',
    });
  }
  const projectRoot = options.projectRoot || '.';
  const projectDir = path.resolve(workspaceRoot, projectRoot);
  // stack.yml paths stay inside the workspace (the loader checks them too; explicit options are checked here).
  const inside = (what: string) => ({ workspaceRoot, what });
  const entryFile = resolveInsideWorkspace(projectDir, options.entryfilePath, inside('entryfilePath'));
  requireFile(entryFile, 'NXS_NODE_ENTRY_NOT_FOUND', `Entry file of ${options.resourceName}:`, 'entryfilePath is relative to the project root (the folder holding stack.yml).');

  const runtime = options.runtime ?? DEFAULT_NODE_RUNTIME;
  const target = esbuildTargetForRuntime(runtime);
  const architecture = options.architecture ?? DEFAULT_LAMBDA_ARCHITECTURE;
  if (architecture !== 'x86_64' && architecture !== 'arm64') {
    throw new NxstackError('NXS_NODE_OPTION_INVALID', `Architecture "${architecture}" is not supported.`, { hint: 'Use x86_64 (default) or arm64.' });
  }

  const lang = options.languageSpecificConfig ?? {};
  const format = lang.outputModuleFormat ?? DEFAULT_OUTPUT_MODULE_FORMAT;
  if (format !== 'cjs' && format !== 'esm') {
    throw new NxstackError('NXS_NODE_OPTION_INVALID', `outputModuleFormat "${format as string}" is not supported.`, { hint: 'Use cjs (default) or esm.' });
  }
  let tsConfigFile: string | undefined;
  if (lang.tsConfigPath) {
    tsConfigFile = resolveInsideWorkspace(projectDir, lang.tsConfigPath, inside('tsConfigPath'));
    requireFile(tsConfigFile, 'NXS_NODE_TSCONFIG_NOT_FOUND', 'tsconfig', 'languageSpecificConfig.tsConfigPath is relative to the project root.');
  }

  return {
    workspaceRoot,
    projectRoot,
    projectDir,
    resourceName: options.resourceName,
    entryFile,
    handlerFunction: options.handlerFunction || undefined,
    runtime,
    target,
    architecture,
    includeFiles: projectGlobs(options.includeFiles, 'includeFiles'),
    excludeFiles: projectGlobs(options.excludeFiles, 'excludeFiles'),
    excludeDependencies: stringList(options.excludeDependencies, 'excludeDependencies'),
    tsConfigFile,
    emitTsDecoratorMetadata: lang.emitTsDecoratorMetadata ?? false,
    dependenciesToExcludeFromBundle: stringList(lang.dependenciesToExcludeFromBundle, 'dependenciesToExcludeFromBundle'),
    format,
    bundleAwsSdk: options.bundleAwsSdk ?? false,
    sourceMap: options.sourceMap ?? !(lang.disableSourceMaps ?? false),
    sourcesContent: options.sourcesContent ?? false,
    minify: options.minify ?? false,
    outputDir: path.resolve(workspaceRoot, options.outputPath ?? resourceOutputDir(projectRoot, options.resourceName)),
  };
}
