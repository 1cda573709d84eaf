import { NxstackError } from '@nxstack/core';
import type { ResourceCompileContext } from '../resource-types/resource-type';

/**
 * Adds connectTo's STP_* variables to a workload's environment. A name the user already set in
 * `environment` is an error: silently preferring either value would hide a mistake.
 */
export function mergeConnectionEnvironment(ctx: ResourceCompileContext, variables: Record<string, unknown>, connections: Record<string, unknown>): void {
  const list = (ctx.properties.environment ?? []) as Array<{ name: string }>;
  for (const [name, value] of Object.entries(connections)) {
    const i = list.findIndex((e) => e.name === name);
    if (i >= 0) {
      throw new NxstackError('NXS_ENV_NAME_CONNECT_TO_CLASH', `Environment variable '${name}' of '${ctx.name}' is also injected by connectTo.`, {
        location: ctx.locate([...ctx.path, 'properties', 'environment', i, 'name']),
        hint: `connectTo sets ${name} itself; remove it from environment (or rename yours).`,
      });
    }
    variables[name] = value;
  }
}
