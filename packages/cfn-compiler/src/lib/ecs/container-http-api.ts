import { NxstackError, type MultiContainerWorkloadProperties } from '@nxstack/core';
import { compileRoute } from '../lambda/http-api-route';
import type { ResourceCompileContext, StackPath } from '../resource-types/resource-type';
import type { WorkloadNetwork } from './container-workload';
import { compileVpcLinkToTasks, vpcLinkIntegration } from './web-service-fronts';

/**
 * The containers' `http-api-gateway` events: one route each on the named API, all forwarding
 * through the workload's VPC link to the Cloud Map SRV records of one container port (the
 * web-service front's path, ecs/web-service-fronts.ts). ECS registers a service in one Cloud Map
 * service, so every HTTP API route of a workload must reach the same container port.
 */
export function compileContainerHttpApiRoutes(ctx: ResourceCompileContext<MultiContainerWorkloadProperties>): WorkloadNetwork {
  let target: { container: string; port: number } | undefined;
  let n = 0;
  const events: Array<{ properties: Record<string, unknown>; path: StackPath }> = [];
  ctx.properties.containers.forEach((c, ci) => {
    (c.events ?? []).forEach((e, ei) => {
      if (e.type !== 'http-api-gateway') return;
      const path: StackPath = [...ctx.path, 'properties', 'containers', ci, 'events', ei];
      const port = e.properties.containerPort;
      if (target && (target.container !== c.name || target.port !== port)) {
        throw new NxstackError('NXS_NOT_SUPPORTED_YET', `http-api-gateway events of '${ctx.name}' reach both ${target.container}:${target.port} and ${c.name}:${port}; nxstack routes HTTP APIs to one container port per workload.`, {
          location: ctx.locate([...path, 'properties', 'containerPort']),
          hint: `An ECS service registers in one Cloud Map service: route every http-api-gateway event of '${ctx.name}' to ${target.container}:${target.port} (e.g. a proxy container), or put the other container behind an application-load-balancer event.`,
        });
      }
      target = { container: c.name, port };
      if (e.properties.payloadFormat === '2.0') {
        throw new NxstackError('NXS_HTTP_API_ROUTE_INVALID', `Route '${e.properties.method} ${e.properties.path}' of '${ctx.name}' asks for payload format 2.0, but an HTTP API forwards to containers as an HTTP proxy (format 1.0).`, {
          location: ctx.locate([...path, 'properties', 'payloadFormat']),
          hint: 'Remove payloadFormat (or set 1.0): the container receives the HTTP request itself.',
        });
      }
      events.push({ properties: e.properties as unknown as Record<string, unknown>, path });
    });
  });
  if (!target) return {};
  const network = compileVpcLinkToTasks(ctx, target.container, target.port);
  for (const e of events) compileRoute(ctx, e.properties, e.path, ++n, (apiId) => ({ ApiId: apiId, ...vpcLinkIntegration(ctx.name) }));
  return network;
}
