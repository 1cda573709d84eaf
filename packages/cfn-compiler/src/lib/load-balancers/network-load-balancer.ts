import { domainConfigurations, NxstackError, type NetworkLoadBalancerProperties } from '@nxstack/core';
import { compileLoadBalancerDomains } from '../domains/load-balancer-domains';
import { getAtt, ref, type ResourceCompileContext, type ResourceTypeModule } from '../resource-types/resource-type';
import { assertListenerCertificates, compileLoadBalancer, listenerCertificateArns, loadBalancerIds } from './load-balancer';

/**
 * `type: network-load-balancer` — an NLB with a security group admitting its listener ports. Each
 * listener forwards to one container port: the listener itself is created by the
 * multi-container-workload container whose `network-load-balancer` event names it
 * (ecs/container-load-balancing.ts); a listener nothing targets is an error.
 */
export const networkLoadBalancerType: ResourceTypeModule<NetworkLoadBalancerProperties> = {
  type: 'network-load-balancer',
  params: {
    domain: (name) => getAtt(loadBalancerIds(name).loadBalancer, 'DNSName'),
    arn: (name) => ref(loadBalancerIds(name).loadBalancer),
    customDomains: (_name, properties) => (domainConfigurations(properties?.customDomains).length ? domainConfigurations(properties?.customDomains).map((d) => d.domainName).join(',') : undefined),
    canonicalDomain: (name) => getAtt(loadBalancerIds(name).loadBalancer, 'DNSName'),
  },
  outputs: { Domain: 'domain' },
  compile(ctx) {
    const ids = loadBalancerIds(ctx.name);
    const targeted = targetedPorts(ctx);
    ctx.properties.listeners.forEach((l, i) => {
      const at = [...ctx.path, 'properties', 'listeners', i];
      assertListenerCertificates(ctx, l, at, listenerCertificateArns(ctx.stage, ctx.name, ctx.properties, l));
      if (ctx.properties.listeners.findIndex((x) => x.port === l.port) !== i) {
        throw new NxstackError('NXS_INVALID_VALUE', `Load balancer '${ctx.name}' has two listeners on port ${l.port}.`, { location: ctx.locate([...at, 'port']), hint: 'Give each listener its own port.' });
      }
      if (!targeted.has(l.port)) {
        throw new NxstackError('NXS_LB_LISTENER_UNKNOWN', `Listener ${l.port} of network load balancer '${ctx.name}' has no target.`, {
          location: ctx.locate([...at, 'port']),
          hint: `Add a network-load-balancer event with loadBalancerName: ${ctx.name} and listenerPort: ${l.port} to a multi-container-workload container, or remove the listener.`,
        });
      }
    });
    compileLoadBalancer(ctx.builder, ctx.origin, {
      kind: 'network',
      internal: ctx.properties.interface === 'internal',
      listeners: ctx.properties.listeners,
      loadBalancerId: ids.loadBalancer,
      securityGroupId: ids.securityGroup,
      description: `Network load balancer ${ctx.name}`,
    });
    compileLoadBalancerDomains(ctx as never, ids.loadBalancer);
  },
};

/** Listener ports of this NLB that some container's network-load-balancer event targets. */
function targetedPorts(ctx: ResourceCompileContext<NetworkLoadBalancerProperties>): Set<number> {
  const ports = new Set<number>();
  for (const config of Object.values(ctx.stack.config.resources)) {
    if (config.type !== 'multi-container-workload') continue;
    for (const c of config.properties.containers) {
      for (const e of c.events ?? []) if (e.type === 'network-load-balancer' && e.properties.loadBalancerName === ctx.name) ports.add(e.properties.listenerPort);
    }
  }
  return ports;
}
