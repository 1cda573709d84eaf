import { DEFAULT_STAGE, LOCAL_ENDPOINT_HOST, localEndpointPort, privateServiceEndpointLogicalId, stackName, webServiceEndpointLogicalId, type LoadedStack } from '@nxstack/core';

export const SERVICE_TYPES = ['web-service', 'private-service', 'worker-service'] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];

export interface LocalService {
  readonly resource: string;
  readonly type: ServiceType;
  /** The port it listens on locally (PORT), none for a worker. */
  readonly port?: number;
  readonly url?: string;
}

/**
 * The stack's services and where each listens on the local stage: a web-service on the port of
 * the endpoint its URL names (core's local endpoint rule, so `$ResourceParam(svc, 'url')` and the
 * stack's outputs point at it), a private-service on its own derived port, a worker on none.
 */
export function localServices(stack: LoadedStack, projectName: string): LocalService[] {
  const name = stackName(projectName, DEFAULT_STAGE);
  return Object.entries(stack.config.resources)
    .filter(([, r]) => (SERVICE_TYPES as readonly string[]).includes(r.type))
    .map(([resource, r]) => {
      const type = r.type as ServiceType;
      const props = r.properties as { loadBalancing?: { type?: string } };
      const endpoint = type === 'web-service' ? webServiceEndpointLogicalId(resource, props.loadBalancing?.type) : type === 'private-service' ? privateServiceEndpointLogicalId(resource) : undefined;
      if (!endpoint) return { resource, type };
      const port = localEndpointPort(name, endpoint);
      return { resource, type, port, url: `http://${LOCAL_ENDPOINT_HOST}:${port}` };
    });
}
