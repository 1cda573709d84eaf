import { NxstackError } from '@nxstack/core';
import type { ResourceCompileContext } from '../resource-types/resource-type';
import { assertRuntimeCreatable } from './runtime-lifecycle';

export type LambdaLanguage = 'javascript' | 'python' | 'java' | 'go';

/** Zip-package runtimes nxstack knows, per language; runtime-lifecycle.ts refuses those Lambda no longer creates. */
export const RUNTIMES_BY_LANGUAGE: Readonly<Record<LambdaLanguage, readonly string[]>> = {
  javascript: ['nodejs18.x', 'nodejs20.x', 'nodejs22.x', 'nodejs24.x'],
  python: ['python3.9', 'python3.10', 'python3.11', 'python3.12', 'python3.13', 'python3.14'],
  java: ['java11', 'java17', 'java21', 'java25'],
  go: ['provided.al2', 'provided.al2023'],
};

const ALL_RUNTIMES = Object.values(RUNTIMES_BY_LANGUAGE).flat();

const LANGUAGE_BY_EXTENSION: Readonly<Record<string, LambdaLanguage>> = {
  '.js': 'javascript', '.mjs': 'javascript', '.cjs': 'javascript', '.ts': 'javascript', '.mts': 'javascript', '.cts': 'javascript', '.jsx': 'javascript', '.tsx': 'javascript',
  '.py': 'python',
  '.java': 'java', '.kt': 'java', '.scala': 'java', '.groovy': 'java',
  '.go': 'go',
};

const LANGUAGE_BY_PACKAGER: Readonly<Record<string, LambdaLanguage>> = { node: 'javascript', python: 'python', java: 'java', go: 'go' };

/**
 * Language of a Lambda resource: from the buildpack's entry file when there is one, else from the
 * packager that wrote the manifest; undefined for custom artifacts (any runtime goes).
 */
export function lambdaLanguage(properties: Record<string, unknown>, packager: string): LambdaLanguage | undefined {
  const packaging = properties.packaging as { type?: string; properties?: { entryfilePath?: string } } | undefined;
  if (packaging?.type === 'custom-artifact') return undefined;
  const entry = packaging?.properties?.entryfilePath;
  const ext = entry ? entry.slice(entry.lastIndexOf('.')).toLowerCase() : '';
  return LANGUAGE_BY_EXTENSION[ext] ?? LANGUAGE_BY_PACKAGER[packager];
}

/** The runtime to deploy: `runtime` from stack.yml wins over the packager's choice; refused when it does not fit the language. */
export function resolveRuntime(ctx: ResourceCompileContext, manifestRuntime: string, packager: string): string {
  const configured = ctx.properties.runtime as string | undefined;
  const runtime = configured ?? manifestRuntime;
  const language = lambdaLanguage(ctx.properties, packager);
  const allowed = language ? RUNTIMES_BY_LANGUAGE[language] : ALL_RUNTIMES;
  const where = configured !== undefined ? [...ctx.path, 'properties', 'runtime'] : [...ctx.path, 'properties', 'packaging'];
  if (!allowed.includes(runtime)) {
    throw new NxstackError(
      'NXS_RUNTIME_UNSUPPORTED',
      `Runtime '${runtime}' of resource '${ctx.name}' is not supported${language ? ` for ${language}` : ''}.`,
      { location: ctx.locate(where), hint: `Use one of: ${allowed.join(', ')}.` },
    );
  }
  assertRuntimeCreatable(ctx, runtime, where);
  return runtime;
}

