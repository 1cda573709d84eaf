/**
 * When stack.yml has schema errors, the checks that need no whole config still run on the parts
 * that parse (each resource, scripts, hooks, providerConfig), so their problems come in the same
 * round as the schema errors. The rest of checkSemantics (paths, references) waits for a valid config.
 */
import type { NxstackError } from '../errors';
import { checkComputeResources } from './compute-checks';
import { checkProviderConfig } from './provider-config';
import { resourceSchemaUnion } from './resource-types';
import { checkScriptsAndHooks } from './script-checks';
import { stackConfigSchema, type StackConfig } from './stack-schema';
import type { YamlSource } from './yaml-source';

export function checksOfValidParts(raw: unknown, source: YamlSource): NxstackError[] {
  if (!raw || typeof raw !== 'object') return [];
  const r = raw as Record<string, unknown>;
  const rawResources = r.resources && typeof r.resources === 'object' && !Array.isArray(r.resources) ? (r.resources as Record<string, unknown>) : {};
  const resources: Record<string, unknown> = {};
  for (const [name, resource] of Object.entries(rawResources)) {
    const parsed = resourceSchemaUnion.safeParse(resource);
    if (parsed.success) resources[name] = parsed.data;
  }
  const part = <K extends 'scripts' | 'hooks' | 'providerConfig'>(key: K): { ok: boolean; value?: StackConfig[K] } => {
    const parsed = stackConfigSchema.shape[key].safeParse(r[key]);
    return parsed.success ? { ok: true, value: parsed.data as StackConfig[K] } : { ok: false };
  };
  const scripts = part('scripts');
  const hooks = part('hooks');
  const providerConfig = part('providerConfig');
  const problems = checkComputeResources({ resources } as StackConfig, source);
  // Names of every resource written (not only those that parse): references are checked against them.
  if (scripts.ok && hooks.ok) problems.push(...checkScriptsAndHooks({ scripts: scripts.value, hooks: hooks.value, resources: rawResources }, source));
  if (providerConfig.ok) problems.push(...checkProviderConfig(providerConfig.value, source));
  return problems;
}
