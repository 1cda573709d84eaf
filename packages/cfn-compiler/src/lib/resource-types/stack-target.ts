import { NxstackError, type NxstackErrorCode } from '@nxstack/core';
import type { ResourceCompileContext, StackPath } from './resource-type';

/**
 * Checks that `target` (named in an integration, e.g. `httpApiGatewayName`) is a resource of
 * this stack with one of `types`, and resolves `param` of it through the type's param table.
 */
export function stackTargetParam(ctx: ResourceCompileContext, target: string, types: readonly string[], param: string, path: StackPath, code: NxstackErrorCode): unknown {
  const config = ctx.resourceConfig(target);
  if (!config || !types.includes(config.type)) {
    const what = config ? `is a ${config.type}, not ${types.join(' / ')}` : 'is not a resource of this stack';
    throw new NxstackError(code, `Resource '${ctx.name}' integrates with '${target}', which ${what}.`, {
      location: ctx.locate(path),
      hint: config ? `Name a ${types.join(' / ')} resource here.` : `Declare a ${types[0]} named '${target}' under resources, or fix the name.`,
    });
  }
  return ctx.resolve({ $directive: 'ResourceParam', resource: target, param }, path);
}
