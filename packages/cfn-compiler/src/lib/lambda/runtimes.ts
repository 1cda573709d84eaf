import { entryFileLanguage, lambdaRuntimesFor, NxstackError, type EntryLanguage } from '@nxstack/core';
import type { ResourceCompileContext } from '../resource-types/resource-type';
import type { LambdaProperties } from './lambda-resources';
import { assertRuntimeCreatable } from './runtime-lifecycle';

const LANGUAGE_BY_PACKAGER: Readonly<Record<string, EntryLanguage>> = { node: 'node', python: 'python', java: 'java', go: 'go' };

/**
 * Language of a Lambda resource: from the buildpack's entry file when there is one, else from the
 * packager that wrote the manifest; undefined for custom artifacts (any runtime goes).
 */
export function lambdaLanguage(properties: Record<string, unknown>, packager: string): EntryLanguage | undefined {
  const packaging = properties.packaging as { type?: string; properties?: { entryfilePath?: string } } | undefined;
  if (packaging?.type === 'custom-artifact') return undefined;
  const entry = packaging?.properties?.entryfilePath;
  return (entry ? entryFileLanguage(entry) : undefined) ?? LANGUAGE_BY_PACKAGER[packager];
}

/**
 * The runtime to deploy: `runtime` from stack.yml wins (the loader checked it fits the language);
 * otherwise the packager's choice, refused here when it does not fit. Either is refused when
 * Lambda no longer creates functions on it (a warning on the local stage).
 */
export function resolveRuntime(ctx: ResourceCompileContext<LambdaProperties>, manifestRuntime: string, packager: string): string {
  const configured = ctx.properties.runtime;
  if (configured !== undefined) {
    assertRuntimeCreatable(ctx, configured, [...ctx.path, 'properties', 'runtime']);
    return configured;
  }
  const language = lambdaLanguage(ctx.properties, packager);
  const allowed = lambdaRuntimesFor(language);
  const where = [...ctx.path, 'properties', 'packaging'];
  if (!allowed.includes(manifestRuntime)) {
    throw new NxstackError('NXS_RUNTIME_UNSUPPORTED', `Runtime '${manifestRuntime}' chosen by the ${packager} packager for resource '${ctx.name}' is not supported.`, {
      location: ctx.locate(where),
      hint: `Set runtime in stack.yml to one of: ${allowed.join(', ')}.`,
    });
  }
  assertRuntimeCreatable(ctx, manifestRuntime, where);
  return manifestRuntime;
}

