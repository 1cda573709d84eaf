import { albListeners, albRuleConditions, albUrlListener, eventListenerPort, localListenerPort, type AlbIntegration, type ConfigPath, type LoadedStack } from '@nxstack/core';
import type { AlbRule } from './alb-rule-match';

/** Where a load balancer sends a request / connection locally: a function, or a container port on 127.0.0.1. */
export type LoadBalancerTarget =
  | { readonly kind: 'function'; readonly functionName: string }
  | { readonly kind: 'container'; readonly workload: string; readonly container: string; readonly port: number };

interface ListenerBase {
  readonly loadBalancer: string;
  /** The listener's port on AWS. */
  readonly listenerPort: number;
  /** Where it listens on 127.0.0.1 (core's localListenerPort: the load balancer's local address for the one its URL names). */
  readonly localPort: number;
}

export interface LocalAlbListener extends ListenerBase {
  readonly protocol: 'HTTP' | 'HTTPS';
  readonly rules: ReadonlyArray<AlbRule<LoadBalancerTarget>>;
  /** The listener's default action when it is a redirect (else: ALB's 404). */
  readonly redirect?: { readonly path?: string; readonly query?: string; readonly port?: number; readonly host?: string; readonly protocol?: 'HTTP' | 'HTTPS'; readonly statusCode: 'HTTP_301' | 'HTTP_302' };
}

export interface LocalNlbListener extends ListenerBase {
  readonly target: Extract<LoadBalancerTarget, { kind: 'container' }>;
}

interface LbEvent {
  readonly owner: string;
  readonly target: LoadBalancerTarget;
  readonly properties: AlbIntegration & { readonly listenerPort?: number };
  readonly path: ConfigPath;
}

/** Every `application-load-balancer` / `network-load-balancer` event of the stack's functions and workload containers. */
function loadBalancerEvents(stack: LoadedStack, type: 'application-load-balancer' | 'network-load-balancer'): LbEvent[] {
  const out: LbEvent[] = [];
  for (const [name, r] of Object.entries(stack.config.resources)) {
    const props = r.properties as { events?: Array<{ type: string; properties: never }>; containers?: Array<{ name: string; events?: Array<{ type: string; properties: AlbIntegration & { containerPort: number } }> }> } | undefined;
    if (r.type === 'function') {
      (props?.events ?? []).forEach((e, i) => {
        if (e.type === type) out.push({ owner: name, target: { kind: 'function', functionName: name }, properties: e.properties, path: ['resources', name, 'properties', 'events', i] });
      });
    }
    if (r.type === 'multi-container-workload') {
      (props?.containers ?? []).forEach((c, ci) =>
        (c.events ?? []).forEach((e, ei) => {
          if (e.type !== type) return;
          out.push({ owner: name, target: { kind: 'container', workload: name, container: c.name, port: e.properties.containerPort }, properties: e.properties, path: ['resources', name, 'properties', 'containers', ci, 'events', ei] });
        }),
      );
    }
  }
  return out;
}

function listenerOf(stack: LoadedStack, type: 'application-load-balancer' | 'network-load-balancer', e: LbEvent): number {
  return eventListenerPort({
    type,
    loadBalancer: e.properties.loadBalancerName,
    properties: stack.config.resources[e.properties.loadBalancerName]?.properties,
    listenerPort: e.properties.listenerPort,
    owner: e.owner,
    locate: (property) => stack.locate([...e.path, 'properties', property]),
  });
}

/** The stack's ALB listeners on the local stage, each with the rules its functions' and containers' events put on it. */
export function localAlbListeners(stack: LoadedStack, stackName: string): LocalAlbListener[] {
  const events = loadBalancerEvents(stack, 'application-load-balancer');
  const out: LocalAlbListener[] = [];
  for (const [name, r] of Object.entries(stack.config.resources)) {
    if (r.type !== 'application-load-balancer') continue;
    const props = r.properties as Parameters<typeof albListeners>[0];
    const addressed = albUrlListener(props).port;
    for (const l of albListeners(props)) {
      const rules = events
        .filter((e) => e.properties.loadBalancerName === name && listenerOf(stack, 'application-load-balancer', e) === l.port)
        .map((e) => ({ priority: e.properties.priority, conditions: albRuleConditions(e.properties), target: e.target }));
      out.push({ loadBalancer: name, listenerPort: l.port, localPort: localListenerPort(stackName, name, l.port, addressed), protocol: l.protocol, rules, ...(l.defaultAction ? { redirect: l.defaultAction.properties } : {}) });
    }
  }
  return out;
}

/** The stack's NLB listeners on the local stage, each forwarding to the container port its event names. */
export function localNlbListeners(stack: LoadedStack, stackName: string): LocalNlbListener[] {
  const events = loadBalancerEvents(stack, 'network-load-balancer');
  const out: LocalNlbListener[] = [];
  for (const [name, r] of Object.entries(stack.config.resources)) {
    if (r.type !== 'network-load-balancer') continue;
    const listeners = (r.properties as { listeners: Array<{ port: number }> }).listeners;
    for (const l of listeners) {
      // Every NLB listener has one target (the compiler refuses one without): a listener nothing targets does not exist on AWS either.
      const e = events.find((x) => x.properties.loadBalancerName === name && listenerOf(stack, 'network-load-balancer', x) === l.port);
      if (e?.target.kind !== 'container') continue;
      out.push({ loadBalancer: name, listenerPort: l.port, localPort: localListenerPort(stackName, name, l.port, listeners[0].port), target: e.target });
    }
  }
  return out;
}
