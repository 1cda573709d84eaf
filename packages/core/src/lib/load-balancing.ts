/**
 * The meaning of load balancer settings that both the compiler (listeners, listener rules) and
 * `serve` (a local listener routing by the same rules) read: one owner, so a rule serve matches
 * is the rule AWS gets.
 */
import { NxstackError, type SourceLocation } from './errors';
import { localEndpointPort } from './local-endpoints';
import { logicalId } from './logical-ids';
import { domainConfigurations } from './model/custom-domains';
import type { ApplicationLoadBalancerProperties } from './model/resource-types/load-balancers';

type AlbListener = NonNullable<ApplicationLoadBalancerProperties['listeners']>[number];

/** Logical id of the AWS::ElasticLoadBalancingV2::LoadBalancer of a load balancer resource (or a web-service's own ALB). */
export const loadBalancerLogicalId = (name: string): string => logicalId(name, 'LoadBalancer');
/** Logical id of one listener of it. */
export const loadBalancerListenerLogicalId = (name: string, port: number): string => logicalId(name, `Listener${port}`);

/**
 * Without `listeners` (Stacktape's defaults): with customDomains HTTPS on 443 (their certificates)
 * and HTTP on 80 redirecting to it, else HTTP on 80.
 */
export function albListeners(properties: Partial<ApplicationLoadBalancerProperties> | undefined): AlbListener[] {
  if (properties?.listeners) return properties.listeners;
  if (domainConfigurations(properties?.customDomains).length === 0) return [{ protocol: 'HTTP', port: 80 }];
  return [
    { protocol: 'HTTPS', port: 443 },
    { protocol: 'HTTP', port: 80, defaultAction: { type: 'redirect', properties: { protocol: 'HTTPS', port: 443, statusCode: 'HTTP_301' } } },
  ];
}

/** The listener an ALB's `url` names: its first HTTP listener, else its first. */
export function albUrlListener(properties: Partial<ApplicationLoadBalancerProperties> | undefined): AlbListener {
  const listeners = albListeners(properties);
  return listeners.find((l) => l.protocol === 'HTTP') ?? listeners[0];
}

/**
 * Where a listener of a load balancer listens on the local stage: the one its address names (an
 * ALB's url listener, an NLB's first) on the load balancer's local endpoint (its DNSName there),
 * each other listener on its own derived port.
 */
export function localListenerPort(stackName: string, loadBalancer: string, listenerPort: number, addressedPort: number): number {
  return localEndpointPort(stackName, listenerPort === addressedPort ? loadBalancerLogicalId(loadBalancer) : loadBalancerListenerLogicalId(loadBalancer, listenerPort));
}

/** What an ALB answers when no rule matches and the listener has no redirect. */
export const ALB_NO_RULE_RESPONSE = { statusCode: 404, contentType: 'text/plain', body: 'no rule of this load balancer matches the request' } as const;

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

/** An ELBv2 listener rule condition, as CloudFormation takes it. */
export type AlbRuleCondition =
  | { Field: 'path-pattern'; PathPatternConfig: { Values: readonly string[] } }
  | { Field: 'http-request-method'; HttpRequestMethodConfig: { Values: readonly string[] } }
  | { Field: 'host-header'; HostHeaderConfig: { Values: readonly string[] } }
  | { Field: 'http-header'; HttpHeaderConfig: { HttpHeaderName: string; Values: readonly string[] } }
  | { Field: 'query-string'; QueryStringConfig: { Values: ReadonlyArray<{ Key: string; Value: string }> } }
  | { Field: 'source-ip'; SourceIpConfig: { Values: readonly string[] } };

/** ALB rule conditions of an event; with none given the rule matches every path (ALB needs at least one condition). */
export function albRuleConditions(p: AlbIntegration): AlbRuleCondition[] {
  const c: AlbRuleCondition[] = [];
  if (p.paths) c.push({ Field: 'path-pattern', PathPatternConfig: { Values: p.paths } });
  if (p.methods) c.push({ Field: 'http-request-method', HttpRequestMethodConfig: { Values: p.methods.map((m) => m.toUpperCase()) } });
  if (p.hosts) c.push({ Field: 'host-header', HostHeaderConfig: { Values: p.hosts } });
  for (const h of p.headers ?? []) c.push({ Field: 'http-header', HttpHeaderConfig: { HttpHeaderName: h.headerName, Values: h.values } });
  if (p.queryParams) c.push({ Field: 'query-string', QueryStringConfig: { Values: p.queryParams.flatMap((q) => q.values.map((v) => ({ Key: q.paramName, Value: v }))) } });
  if (p.sourceIps) c.push({ Field: 'source-ip', SourceIpConfig: { Values: p.sourceIps } });
  return c.length ? c : [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/*'] } }];
}

/** Listeners of an application-load-balancer (its default listeners when none are given) or network-load-balancer. */
function loadBalancerListeners(type: 'application-load-balancer' | 'network-load-balancer', properties: unknown): ReadonlyArray<{ port: number; defaultAction?: unknown }> {
  const p = properties as { listeners?: Array<{ port: number; defaultAction?: unknown }> } | undefined;
  return type === 'application-load-balancer' ? albListeners(p as never) : (p?.listeners ?? []);
}

/** Listener ports of an application-load-balancer (its default listeners when none are given) or network-load-balancer. */
export function loadBalancerListenerPorts(type: 'application-load-balancer' | 'network-load-balancer', properties: unknown): number[] {
  return loadBalancerListeners(type, properties).map((l) => l.port);
}

/**
 * The listener port an event attaches to: its `listenerPort`, which may be left out when the load
 * balancer has one forwarding listener; else NXS_LB_LISTENER_UNKNOWN at the event.
 */
export function eventListenerPort(o: {
  readonly type: 'application-load-balancer' | 'network-load-balancer';
  readonly loadBalancer: string;
  readonly properties: unknown;
  readonly listenerPort?: number;
  /** The resource whose event it is. */
  readonly owner: string;
  readonly locate: (property: 'loadBalancerName' | 'listenerPort') => SourceLocation | undefined;
}): number {
  const listeners = loadBalancerListeners(o.type, o.properties);
  const ports = listeners.map((l) => l.port);
  // Without listenerPort: the one listener that forwards (an HTTP listener that only redirects to
  // HTTPS, as with customDomains' default listeners, takes no rules unless named).
  const forwarding = listeners.filter((l) => !l.defaultAction).map((l) => l.port);
  const candidates = forwarding.length ? forwarding : ports;
  const port = o.listenerPort ?? (candidates.length === 1 ? candidates[0] : undefined);
  if (port === undefined || !ports.includes(port)) {
    throw new NxstackError('NXS_LB_LISTENER_UNKNOWN', o.listenerPort === undefined
      ? `Load balancer '${o.loadBalancer}' has several listeners (${ports.join(', ')}); the event of '${o.owner}' must name one.`
      : `Load balancer '${o.loadBalancer}' has no listener on port ${o.listenerPort}.`, {
      location: o.locate(o.listenerPort === undefined ? 'loadBalancerName' : 'listenerPort'),
      hint: `Set listenerPort to one of ${ports.join(', ')}.`,
    });
  }
  return port;
}
