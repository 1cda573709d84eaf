import { NxstackError, type ContainerEvent, type MultiContainerWorkloadProperties } from '@nxstack/core';
import { compileListenerRule, eventListener } from '../load-balancers/listener-rules';
import { ipTargetGroupProperties, listenerCertificateArns, listenerCertificateProperties, loadBalancerIds } from '../load-balancers/load-balancer';
import { logicalId, pascalCase } from '../logical-ids';
import { getAtt, ref, type ResourceCompileContext, type StackPath } from '../resource-types/resource-type';
import type { TemplateBuilder } from '../template-builder';
import type { WorkloadNetwork } from './container-workload';

/** NLB listeners already forwarding to a container, per template: an NLB listener has one target. */
const nlbListenerOwners = new WeakMap<TemplateBuilder, Map<string, string>>();

/** Ports each container opens (its events' containerPort), checked for clashes: the task's containers share one network namespace. */
export function containerPorts(ctx: ResourceCompileContext<MultiContainerWorkloadProperties>): Map<string, number[]> {
  const owners = new Map<number, string>();
  const out = new Map<string, number[]>();
  ctx.properties.containers.forEach((c, ci) => {
    const ports: number[] = [];
    (c.events ?? []).forEach((e, ei) => {
      const port = (e.properties as { containerPort?: number } | undefined)?.containerPort;
      if (port === undefined || ports.includes(port)) return;
      const owner = owners.get(port);
      if (owner !== undefined && owner !== c.name) {
        throw new NxstackError('NXS_CONTAINER_PORT_CONFLICT', `Containers '${owner}' and '${c.name}' of '${ctx.name}' both listen on port ${port}.`, {
          location: ctx.locate([...ctx.path, 'properties', 'containers', ci, 'events', ei, 'properties', 'containerPort']),
          hint: 'Containers of one workload share a network namespace (localhost): give each its own port.',
        });
      }
      owners.set(port, c.name);
      ports.push(port);
    });
    out.set(c.name, ports);
  });
  return out;
}

/**
 * Target groups, listener rules (ALB) / listeners (NLB) and security-group ingress for the
 * containers' load balancer events; one target group per (container, load balancer, port), shared
 * by that container's rules.
 */
export function compileContainerLoadBalancing(ctx: ResourceCompileContext<MultiContainerWorkloadProperties>): WorkloadNetwork {
  const ingress: unknown[] = [];
  const loadBalancers: unknown[] = [];
  const dependsOn: string[] = [];
  const targetGroups = new Set<string>();
  ctx.properties.containers.forEach((c, ci) => {
    let rules = 0;
    (c.events ?? []).forEach((e, ei) => {
      const path: StackPath = [...ctx.path, 'properties', 'containers', ci, 'events', ei];
      if (e.type !== 'application-load-balancer' && e.type !== 'network-load-balancer') return;
      const kind = e.type === 'application-load-balancer' ? 'application' : 'network';
      const listener = eventListener(ctx, e.type, e.properties, path);
      const port = e.properties.containerPort;
      const targetGroup = logicalId(ctx.name, `${pascalCase(`${c.name}-${e.properties.loadBalancerName}-${port}`)}TargetGroup`);
      if (!targetGroups.has(targetGroup)) {
        targetGroups.add(targetGroup);
        ctx.builder.addResource(targetGroup, { Type: 'AWS::ElasticLoadBalancingV2::TargetGroup', Properties: ipTargetGroupProperties(ctx.builder, kind, port, c.loadBalancerHealthCheck) }, ctx.origin);
        loadBalancers.push({ ContainerName: c.name, ContainerPort: port, TargetGroupArn: ref(targetGroup) });
        ingress.push({ IpProtocol: 'tcp', FromPort: port, ToPort: port, SourceSecurityGroupId: getAtt(listener.securityGroupId, 'GroupId'), Description: `${c.name} from ${e.properties.loadBalancerName}` });
      }
      if (e.type === 'application-load-balancer') {
        dependsOn.push(compileListenerRule(ctx, e.properties, path, listener, logicalId(ctx.name, `${pascalCase(c.name)}AlbRule${++rules}`), ref(targetGroup)));
      } else {
        dependsOn.push(compileNlbListener(ctx, e, path, listener.port, targetGroup));
      }
    });
  });
  return { ingress, loadBalancers, dependsOn };
}

function compileNlbListener(ctx: ResourceCompileContext, e: Extract<ContainerEvent, { type: 'network-load-balancer' }>, path: StackPath, port: number, targetGroup: string): string {
  const lb = e.properties.loadBalancerName;
  const owners = nlbListenerOwners.get(ctx.builder) ?? new Map<string, string>();
  nlbListenerOwners.set(ctx.builder, owners);
  // The NLB resource checks every listener has such a target (network-load-balancer.ts).
  const id = loadBalancerIds(lb).listener(port);
  const owner = owners.get(id);
  if (owner) {
    throw new NxstackError('NXS_LB_LISTENER_TARGET_DUPLICATE', `Listener ${port} of network load balancer '${lb}' already forwards to ${owner}.`, {
      location: ctx.locate([...path, 'properties', 'listenerPort']),
      hint: 'A network load balancer listener forwards to one target: add a listener on another port for this container.',
    });
  }
  owners.set(id, `'${ctx.name}'`);
  const config = ctx.resourceConfig(lb)?.properties as { listeners: Array<{ port: number; protocol: 'TCP' | 'TLS'; customCertificateArns?: string[] }>; customDomains?: unknown };
  const l = config.listeners.find((x) => x.port === port)!;
  ctx.builder.addResource(id, {
    Type: 'AWS::ElasticLoadBalancingV2::Listener',
    Properties: {
      LoadBalancerArn: ref(loadBalancerIds(lb).loadBalancer),
      Port: port,
      Protocol: l.protocol,
      DefaultActions: [{ Type: 'forward', TargetGroupArn: ref(targetGroup) }],
      ...listenerCertificateProperties(ctx.builder, ctx.origin, id, listenerCertificateArns(ctx.stage, lb, config, l)),
    },
  }, ctx.origin);
  return id;
}
