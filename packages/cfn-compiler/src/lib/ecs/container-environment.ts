import { NxstackError } from '@nxstack/core';
import type { ResourceCompileContext, StackPath } from '../resource-types/resource-type';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export interface ContainerEnvironment {
  readonly environment: Array<{ Name: string; Value: unknown }>;
  /** `$Secret('x')` values become ECS secrets (fetched by the agent at start, never in the task definition). */
  readonly secrets: Array<{ Name: string; ValueFrom: unknown }>;
  /** Secret ARNs the execution role must be allowed to read. */
  readonly secretArns: unknown[];
}

/** Secrets Manager ARN for `$Secret('name' | 'arn:…')`; ECS accepts the partial ARN (no random suffix). */
function secretArn(name: string): unknown {
  return name.startsWith('arn:') ? name : { 'Fn::Sub': `arn:\${AWS::Partition}:secretsmanager:\${AWS::Region}:\${AWS::AccountId}:secret:${name}` };
}

/**
 * `environment` (+ variables the compiler adds, like PORT, which the user may override) and
 * connectTo's STP_* variables (`injected`, which the user may not redefine) as ECS Environment / Secrets.
 */
export function containerEnvironment(ctx: ResourceCompileContext, envPath: StackPath, extra: Record<string, string> = {}, injected: Record<string, unknown> = {}): ContainerEnvironment {
  let list: unknown = ctx.properties;
  for (const key of envPath) list = (list as Record<string | number, unknown> | undefined)?.[key];
  const entries = (list ?? []) as Array<{ name: string; value: unknown }>;
  const out: ContainerEnvironment = { environment: [], secrets: [], secretArns: [] };
  const seen = new Set<string>();
  for (const [name, value] of Object.entries(extra)) {
    if (!entries.some((e) => e.name === name)) out.environment.push({ Name: name, Value: value });
  }
  entries.forEach((entry, i) => {
    const path = [...ctx.path, 'properties', ...envPath, i];
    if (!NAME.test(entry.name)) {
      throw new NxstackError('NXS_ENV_NAME_INVALID', `Environment variable name ${JSON.stringify(entry.name)} of resource '${ctx.name}' is not valid.`, {
        location: ctx.locate([...path, 'name']),
        hint: 'Names start with a letter or underscore and contain only letters, digits and underscores.',
      });
    }
    if (seen.has(entry.name)) {
      throw new NxstackError('NXS_ENV_NAME_DUPLICATE', `Environment variable '${entry.name}' of resource '${ctx.name}' is defined twice.`, {
        location: ctx.locate([...path, 'name']),
        hint: 'Remove one of the two entries.',
      });
    }
    if (Object.prototype.hasOwnProperty.call(injected, entry.name)) {
      throw new NxstackError('NXS_ENV_NAME_CONNECT_TO_CLASH', `Environment variable '${entry.name}' of '${ctx.name}' is also injected by connectTo.`, {
        location: ctx.locate([...path, 'name']),
        hint: `connectTo sets ${entry.name} itself; remove it from environment (or rename yours).`,
      });
    }
    seen.add(entry.name);
    const v = entry.value as { $directive?: string; name?: string };
    if (typeof v === 'object' && v !== null && v.$directive === 'Secret' && !String(v.name).startsWith('ssm:')) {
      const arn = secretArn(String(v.name));
      out.secrets.push({ Name: entry.name, ValueFrom: arn });
      out.secretArns.push(arn);
      return;
    }
    const resolved = ctx.resolve(entry.value, [...path, 'value']);
    out.environment.push({ Name: entry.name, Value: typeof resolved === 'number' || typeof resolved === 'boolean' ? String(resolved) : resolved });
  });
  for (const [name, value] of Object.entries(injected)) out.environment.push({ Name: name, Value: value });
  return out;
}
