import { connectionsFor, defaultConnectionIds, ingressResource, isConnectableType, CONNECTABLE_TYPES, SES_TARGET, type ConnectTarget } from '@nxstack/connect-to';
import { isLambdaResourceType, NxstackError } from '@nxstack/core';
import type { ResourceCompileContext } from '../resource-types/resource-type';

export interface WorkloadConnectionOptions {
  /** Logical id of the workload's own security group; needed when a target takes SG ingress. */
  readonly securityGroupId?: string;
}

export interface WorkloadConnections {
  /** IAM statements (directives resolved) for the workload's role, e.g. an inline policy `ConnectTo`. */
  readonly policyStatements: unknown[];
  /** STP_* variables (directives resolved) to merge into the workload's environment. */
  readonly environment: Record<string, unknown>;
}

/**
 * The hook every compute module calls (function, deployment-script, services, batch-job):
 * checks `connectTo`, adds the security-group ingress resources to the template and returns the
 * role statements and STP_* variables for the workload.
 */
export function compileWorkloadConnections(ctx: ResourceCompileContext, opts: WorkloadConnectionOptions = {}): WorkloadConnections {
  const names = (ctx.properties.connectTo ?? []) as string[];
  if (!names.length) return { policyStatements: [], environment: {} };
  const at = (i: number) => ctx.locate([...ctx.path, 'properties', 'connectTo', i]);
  const seen = new Set<string>();
  const targets: ConnectTarget[] = names.map((name, i) => {
    if (seen.has(name)) {
      throw new NxstackError('NXS_CONNECT_TO_DUPLICATE', `connectTo of '${ctx.name}' lists '${name}' twice.`, { location: at(i), hint: 'Keep one entry per target.' });
    }
    seen.add(name);
    if (name === SES_TARGET) return SES_TARGET;
    if (name === ctx.name) {
      throw new NxstackError('NXS_CONNECT_TO_SELF', `'${ctx.name}' lists itself in connectTo.`, {
        location: at(i),
        hint: 'A resource already has access to itself; remove the entry (its own ARN would make the template depend on itself).',
      });
    }
    const target = ctx.stack.config.resources[name];
    if (!target) {
      throw new NxstackError('NXS_UNKNOWN_CONNECT_TO_TARGET', `connectTo names '${name}', which is not a resource of this stack.`, {
        location: at(i),
        hint: `Use a resource name from 'resources' (${Object.keys(ctx.stack.config.resources).join(', ')}) or '${SES_TARGET}'.`,
      });
    }
    if (!isConnectableType(target.type)) {
      throw new NxstackError('NXS_CONNECT_TO_UNSUPPORTED_TARGET', `'${ctx.name}' cannot connectTo '${name}': resources of type ${target.type} take no connections.`, {
        location: at(i),
        hint: `connectTo targets may be of type ${CONNECTABLE_TYPES.join(', ')}, or '${SES_TARGET}'.`,
      });
    }
    return { name, type: target.type, properties: target.properties ?? {} };
  });
  const sourceSg = opts.securityGroupId;
  const ids = { ...defaultConnectionIds, securityGroup: (r: string) => (r === ctx.name && sourceSg ? sourceSg : defaultConnectionIds.securityGroup(r)) };
  const c = connectionsFor({ name: ctx.name, type: ctx.config.type }, targets, ids);
  for (const rule of c.securityGroupIngress) {
    if (!sourceSg) {
      const i = names.indexOf(rule.target);
      throw new NxstackError('NXS_CONNECT_TO_NEEDS_VPC', `'${ctx.name}' connects to '${rule.target}', which is reachable only inside the VPC, but '${ctx.name}' is not in it.`, {
        location: at(i),
        hint: isLambdaResourceType(ctx.config.type) ? `Set joinDefaultVpc: true on '${ctx.name}'.` : `Run '${ctx.name}' in the shared VPC.`,
      });
    }
    ctx.builder.addResource(rule.logicalId, ingressResource(rule) as never, ctx.origin);
  }
  const connectPath = [...ctx.path, 'properties', 'connectTo'];
  return {
    policyStatements: c.iamStatements.map((s) => ctx.resolve(s, connectPath)),
    environment: Object.fromEntries(Object.entries(c.environment).map(([k, v]) => [k, ctx.resolve(v, connectPath)])),
  };
}
