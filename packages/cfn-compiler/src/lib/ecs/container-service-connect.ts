import { NxstackError, serviceConnectAlias, type LoadedStack, type MultiContainerWorkloadProperties } from '@nxstack/core';
import { getAtt, type ResourceCompileContext, type StackPath } from '../resource-types/resource-type';
import { ensureSharedVpc } from '../vpc/shared-vpc';
import type { WorkloadNetwork } from './container-workload';
import { ensurePrivateNamespace, PRIVATE_NAMESPACE_ID } from './shared-ecs';

/** Name of a container port mapping (Service Connect refers to ports by name). */
export const portMappingName = (port: number) => `port-${port}`;

interface ServiceConnectPort {
  readonly container: string;
  readonly port: number;
  readonly alias: string;
  readonly protocol?: string;
}

type Events = MultiContainerWorkloadProperties['containers'][number]['events'];

/** The `service-connect` ports of a multi-container workload's config (unchecked), in stack.yml order. */
export function serviceConnectPorts(workload: string, properties: unknown): ServiceConnectPort[] {
  const containers = ((properties as { containers?: Array<{ name: string; events?: Events }> } | undefined)?.containers) ?? [];
  return containers.flatMap((c) => (c.events ?? []).flatMap((e) => (e.type === 'service-connect'
    ? [{ container: c.name, port: e.properties.containerPort, alias: serviceConnectAlias(workload, c.name, e.properties.alias), protocol: e.properties.protocol }]
    : [])));
}

/** Whether any workload of the stack offers a service-connect port: then every ECS service joins the namespace as a client (Stacktape does the same). */
export function stackUsesServiceConnect(stack: LoadedStack): boolean {
  return Object.entries(stack.config.resources).some(([name, r]) => r.type === 'multi-container-workload' && serviceConnectPorts(name, r.properties).length > 0);
}

/** Service Connect as a client only: the service resolves the stack's aliases through its Envoy sidecar. */
export function serviceConnectClient(ctx: ResourceCompileContext): Record<string, unknown> | undefined {
  if (!stackUsesServiceConnect(ctx.stack)) return undefined;
  ensurePrivateNamespace(ctx.builder);
  return { Enabled: true, Namespace: getAtt(PRIVATE_NAMESPACE_ID, 'Arn') };
}

/**
 * The workload's `service-connect` events: one Service Connect service per port
 * (`<alias>:<port>` in the stack's Cloud Map namespace), opened to the VPC (clients' Envoy
 * proxies connect from their own tasks). A port offered twice must agree on alias and protocol;
 * an alias belongs to one workload port in the stack.
 */
export function compileContainerServiceConnect(ctx: ResourceCompileContext<MultiContainerWorkloadProperties>): WorkloadNetwork & { appProtocols: Map<number, string> } {
  const appProtocols = new Map<number, string>();
  const byPort = new Map<number, ServiceConnectPort & { path: StackPath }>();
  ctx.properties.containers.forEach((c, ci) => {
    (c.events ?? []).forEach((e, ei) => {
      if (e.type !== 'service-connect') return;
      const path: StackPath = [...ctx.path, 'properties', 'containers', ci, 'events', ei, 'properties'];
      const p = { container: c.name, port: e.properties.containerPort, alias: serviceConnectAlias(ctx.name, c.name, e.properties.alias), protocol: e.properties.protocol, path };
      const first = byPort.get(p.port);
      if (!first) {
        byPort.set(p.port, p);
        if (p.protocol) appProtocols.set(p.port, p.protocol);
      } else if (first.alias !== p.alias || first.protocol !== p.protocol) {
        throw new NxstackError('NXS_CONTAINER_PORT_CONFLICT', `Port ${p.port} of '${ctx.name}' has two service-connect events that disagree (${first.alias} ${first.protocol ?? 'tcp'}, ${p.alias} ${p.protocol ?? 'tcp'}).`, {
          location: ctx.locate([...path, first.protocol !== p.protocol ? 'protocol' : 'alias']),
          hint: 'A port is one Service Connect service: give its service-connect events the same alias and protocol, or keep one.',
        });
      }
    });
  });
  if (!byPort.size) return { appProtocols };
  const services = [...byPort.values()];
  services.forEach((p, i) => {
    const twin = services.findIndex((x) => x.alias === p.alias);
    if (twin !== i) {
      throw new NxstackError('NXS_CONTAINER_PORT_CONFLICT', `Service Connect alias '${p.alias}' of '${ctx.name}' names both port ${services[twin].port} and port ${p.port}.`, {
        location: ctx.locate([...p.path, 'alias']),
        hint: 'An alias names one port: set another alias on one of them.',
      });
    }
  });
  for (const [other, r] of Object.entries(ctx.stack.config.resources)) {
    if (other === ctx.name || r.type !== 'multi-container-workload') continue;
    const clash = services.find((p) => serviceConnectPorts(other, r.properties).some((x) => x.alias === p.alias));
    if (clash) {
      throw new NxstackError('NXS_CONTAINER_PORT_CONFLICT', `Service Connect alias '${clash.alias}' is offered by both '${ctx.name}' and '${other}'.`, {
        location: ctx.locate([...clash.path, 'containerPort']),
        hint: 'An alias names one port in the stack: set a different alias on one of them.',
      });
    }
  }
  const vpc = ensureSharedVpc(ctx.builder);
  ensurePrivateNamespace(ctx.builder);
  return {
    appProtocols,
    ingress: services.map((p) => ({ IpProtocol: 'tcp', FromPort: p.port, ToPort: p.port, CidrIp: vpc.vpcCidr, Description: `service-connect ${p.alias}:${p.port}` })),
    serviceConnect: {
      Enabled: true,
      Namespace: getAtt(PRIVATE_NAMESPACE_ID, 'Arn'),
      Services: services.map((p) => ({ PortName: portMappingName(p.port), DiscoveryName: p.alias, ClientAliases: [{ DnsName: p.alias, Port: p.port }] })),
    },
  };
}
