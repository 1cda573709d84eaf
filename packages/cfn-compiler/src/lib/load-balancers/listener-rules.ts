import { NxstackError } from '@nxstack/core';
import type { ResourceCompileContext, StackPath } from '../resource-types/resource-type';
import type { TemplateBuilder } from '../template-builder';
import { albListeners } from './application-load-balancer';
import { listenerRef, loadBalancerIds } from './load-balancer';

/** An `application-load-balancer` event's request conditions (functions and containers). */
export interface AlbIntegration {
  readonly loadBalancerName: string;
  readonly listenerPort?: number;
  readonly priority: number;
  readonly paths?: readonly string[];
  readonly methods?: readonly string[];
  readonly hosts?: readonly string[];
  readonly headers?: ReadonlyArray<{ headerName: string; values: readonly string[] }>;
  readonly queryParams?: ReadonlyArray<{ paramName: string; values: readonly string[] }>;
  readonly sourceIps?: readonly string[];
}

export interface ResolvedListener {
  readonly port: number;
  /** `{ Ref }` of the listener. */
  readonly listener: unknown;
  /** Logical id of the load balancer's security group (targets admit it). */
  readonly securityGroupId: string;
}

/**
 * The listener an event attaches to: `loadBalancerName` must be an application-load-balancer /
 * network-load-balancer of this stack, `listenerPort` one of its listeners (may be left out when
 * it has only one).
 */
export function eventListener(ctx: ResourceCompileContext, lbType: 'application-load-balancer' | 'network-load-balancer', props: { loadBalancerName: string; listenerPort?: number }, path: StackPath): ResolvedListener {
  const config = ctx.resourceConfig(props.loadBalancerName);
  if (config?.type !== lbType) {
    const what = config ? `is a ${config.type}, not an ${lbType}` : 'is not a resource of this stack';
    throw new NxstackError('NXS_EVENT_LOAD_BALANCER_UNKNOWN', `'${ctx.name}' integrates with load balancer '${props.loadBalancerName}', which ${what}.`, {
      location: ctx.locate([...path, 'properties', 'loadBalancerName']),
      hint: config ? `Name an ${lbType} resource here.` : `Declare an ${lbType} named '${props.loadBalancerName}' under resources, or fix the name.`,
    });
  }
  const lbProps = config.properties as Record<string, unknown> | undefined;
  const listeners: ReadonlyArray<{ port: number; defaultAction?: unknown }> = lbType === 'application-load-balancer' ? albListeners(lbProps as never) : ((lbProps?.listeners ?? []) as Array<{ port: number; defaultAction?: unknown }>);
  const ports = listeners.map((l) => l.port);
  // Without listenerPort: the one listener that forwards (an HTTP listener that only redirects to
  // HTTPS, as with customDomains' default listeners, takes no rules unless named).
  const forwarding = listeners.filter((l) => !l.defaultAction).map((l) => l.port);
  const candidates = forwarding.length ? forwarding : ports;
  const port = props.listenerPort ?? (candidates.length === 1 ? candidates[0] : undefined);
  if (port === undefined || !ports.includes(port)) {
    throw new NxstackError('NXS_LB_LISTENER_UNKNOWN', props.listenerPort === undefined
      ? `Load balancer '${props.loadBalancerName}' has several listeners (${ports.join(', ')}); the event of '${ctx.name}' must name one.`
      : `Load balancer '${props.loadBalancerName}' has no listener on port ${props.listenerPort}.`, {
      location: ctx.locate([...path, 'properties', props.listenerPort === undefined ? 'loadBalancerName' : 'listenerPort']),
      hint: `Set listenerPort to one of ${ports.join(', ')}.`,
    });
  }
  return { port, listener: listenerRef(props.loadBalancerName, port), securityGroupId: loadBalancerIds(props.loadBalancerName).securityGroup };
}

/** Rule priorities already taken per listener of a template (ALB refuses two rules with one priority). */
const priorities = new WeakMap<TemplateBuilder, Map<string, string>>();

/** ALB rule conditions; with none given the rule matches every path (ALB needs at least one condition). */
export function ruleConditions(p: AlbIntegration): unknown[] {
  const c: unknown[] = [];
  if (p.paths) c.push({ Field: 'path-pattern', PathPatternConfig: { Values: p.paths } });
  if (p.methods) c.push({ Field: 'http-request-method', HttpRequestMethodConfig: { Values: p.methods.map((m) => m.toUpperCase()) } });
  if (p.hosts) c.push({ Field: 'host-header', HostHeaderConfig: { Values: p.hosts } });
  for (const h of p.headers ?? []) c.push({ Field: 'http-header', HttpHeaderConfig: { HttpHeaderName: h.headerName, Values: h.values } });
  if (p.queryParams) c.push({ Field: 'query-string', QueryStringConfig: { Values: p.queryParams.flatMap((q) => q.values.map((v) => ({ Key: q.paramName, Value: v }))) } });
  if (p.sourceIps) c.push({ Field: 'source-ip', SourceIpConfig: { Values: p.sourceIps } });
  return c.length ? c : [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/*'] } }];
}

/** A listener rule forwarding the event's requests to `targetGroup`; returns the rule's logical id. */
export function compileListenerRule(ctx: ResourceCompileContext, p: AlbIntegration, path: StackPath, listener: ResolvedListener, ruleId: string, targetGroup: unknown, dependsOn: string[] = []): string {
  const taken = priorities.get(ctx.builder) ?? new Map<string, string>();
  priorities.set(ctx.builder, taken);
  const key = `${p.loadBalancerName}:${listener.port}:${p.priority}`;
  const owner = taken.get(key);
  if (owner) {
    throw new NxstackError('NXS_LB_RULE_PRIORITY_DUPLICATE', `Priority ${p.priority} on listener ${listener.port} of '${p.loadBalancerName}' is used by both ${owner} and '${ctx.name}'.`, {
      location: ctx.locate([...path, 'properties', 'priority']),
      hint: 'Give each event on one listener its own priority (lower numbers are evaluated first).',
    });
  }
  taken.set(key, `'${ctx.name}'`);
  ctx.builder.addResource(ruleId, {
    Type: 'AWS::ElasticLoadBalancingV2::ListenerRule',
    ...(dependsOn.length ? { DependsOn: dependsOn } : {}),
    Properties: { ListenerArn: listener.listener, Priority: p.priority, Conditions: ruleConditions(p), Actions: [{ Type: 'forward', TargetGroupArn: targetGroup }] },
  }, ctx.origin);
  return ruleId;
}
