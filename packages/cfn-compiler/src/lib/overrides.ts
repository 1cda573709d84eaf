import { didYouMeanText, NxstackError } from '@nxstack/core';
import type { StackPath } from './resource-types/resource-type';
import type { TemplateBuilder } from './template-builder';
import type { CfnTemplate, LoadedStack } from './types';

/** Top-level keys of a CloudFormation resource; any other first path segment is under Properties. */
const RESOURCE_KEYS = new Set(['Properties', 'DependsOn', 'DeletionPolicy', 'UpdateReplacePolicy', 'Condition', 'Metadata', 'UpdatePolicy', 'CreationPolicy']);

/**
 * `overrides` (Stacktape): patch the CloudFormation a resource generated, by logical id and
 * property path — `overrides: { MyLambdaFunction: { 'Properties.MemorySize': 256 } }` (the
 * `Properties.` prefix may be left out). Only the resource's own logical ids can be patched;
 * values may use directives.
 */
export function applyOverrides(
  stack: LoadedStack,
  template: CfnTemplate,
  builder: TemplateBuilder,
  resolve: (value: unknown, path: StackPath) => unknown,
): void {
  for (const [name, resource] of Object.entries(stack.config.resources)) {
    const overrides = resource.overrides;
    if (!overrides) continue;
    const own = builder.resourceIds().filter((id) => builder.originOf(id)?.kind === 'generated' && builder.originOf(id)?.name === name);
    for (const [logicalId, patch] of Object.entries(overrides)) {
      const at: StackPath = ['resources', name, 'overrides', logicalId];
      if (!own.includes(logicalId)) {
        throw new NxstackError('NXS_OVERRIDE_UNKNOWN_LOGICAL_ID', `overrides of '${name}' names logical id '${logicalId}', which '${name}' does not generate.`, {
          location: stack.locate(at),
          hint: `${didYouMeanText(logicalId, own)}Logical ids generated for '${name}': ${own.join(', ') || '(none)'}.`,
        });
      }
      if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
        throw new NxstackError('NXS_OVERRIDE_INVALID', `overrides.${logicalId} of '${name}' must map property paths to values.`, {
          location: stack.locate(at),
          hint: "Write e.g. overrides: { MyLambdaFunction: { 'Properties.MemorySize': 256 } }.",
        });
      }
      for (const [path, value] of Object.entries(patch as Record<string, unknown>)) {
        const segments = path.split('.').filter(Boolean);
        if (!segments.length || segments.some((s) => s === '__proto__' || s === 'constructor' || s === 'prototype')) {
          throw new NxstackError('NXS_OVERRIDE_INVALID', `overrides.${logicalId} of '${name}' has an invalid property path '${path}'.`, {
            location: stack.locate([...at, path]),
            hint: "Use a dotted path such as 'Properties.MemorySize' or 'Properties.Environment.Variables.MY_VAR'.",
          });
        }
        if (!RESOURCE_KEYS.has(segments[0])) segments.unshift('Properties');
        setPath(template.Resources[logicalId] as Record<string, unknown>, segments, resolve(value, [...at, path]));
      }
    }
  }
}

function setPath(target: Record<string, unknown>, segments: string[], value: unknown): void {
  let node: Record<string, unknown> | unknown[] = target;
  segments.slice(0, -1).forEach((segment, i) => {
    const key = Array.isArray(node) ? Number(segment) : segment;
    const next = (node as Record<string | number, unknown>)[key];
    if (typeof next !== 'object' || next === null) (node as Record<string | number, unknown>)[key] = /^\d+$/.test(segments[i + 1]) ? [] : {};
    node = (node as Record<string | number, unknown>)[key] as Record<string, unknown>;
  });
  const last = segments[segments.length - 1];
  (node as Record<string | number, unknown>)[Array.isArray(node) ? Number(last) : last] = value;
}
