import { albRuleConditions, eventListenerPort, NxstackError, type AlbIntegration } from '@nxstack/core';
import type { ResourceCompileContext, StackPath } from '../resource-types/resource-type';
import type { TemplateBuilder } from '../template-builder';
import { listenerRef, loadBalancerIds } from './load-balancer';

export type { AlbIntegration };

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
  const port = eventListenerPort({
    type: lbType,
    loadBalancer: props.loadBalancerName,
    properties: config.properties,
    listenerPort: props.listenerPort,
    owner: ctx.name,
    locate: (property) => ctx.locate([...path, 'properties', property]),
  });
  return { port, listener: listenerRef(props.loadBalancerName, port), securityGroupId: loadBalancerIds(props.loadBalancerName).securityGroup };
}

/** Rule priorities already taken per listener of a template (ALB refuses two rules with one priority). */
const priorities = new WeakMap<TemplateBuilder, Map<string, string>>();

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
    Properties: { ListenerArn: listener.listener, Priority: p.priority, Conditions: albRuleConditions(p), Actions: [{ Type: 'forward', TargetGroupArn: targetGroup }] },
  }, ctx.origin);
  return ruleId;
}
