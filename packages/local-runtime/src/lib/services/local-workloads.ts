import { LOCAL_ENDPOINT_HOST, NxstackError, serviceConnectAlias, type WorkloadContainer } from '@nxstack/core';
import { engineName, reachableEngine } from '../packaged-image';
import type { LocalServicesOptions } from './local-services';
import { containerEventPorts, ServedWorkload } from './served-workload';
import { startServedUnits } from './served-units';

export interface StartedWorkloads {
  readonly workloads: readonly ServedWorkload[];
  close(): Promise<void>;
}

/**
 * Starts every multi-container-workload of the stack for `serve` (containers only: it needs an
 * engine). All containers use the host's network, so a container port is a port of 127.0.0.1:
 * two workloads may not open the same one, and every service-connect alias names 127.0.0.1 in
 * each workload container's /etc/hosts, so `<alias>:<port>` reaches the container as on ECS.
 */
export async function startLocalWorkloads(o: LocalServicesOptions): Promise<StartedWorkloads> {
  const names = Object.entries(o.stack.config.resources).filter(([, r]) => r.type === 'multi-container-workload').map(([name]) => name);
  if (!names.length) return { workloads: [], close: async () => undefined };
  const containersOf = (name: string) => (o.stack.config.resources[name].properties as { containers: WorkloadContainer[] }).containers;
  const owners = new Map<number, string>();
  const aliases = new Set<string>();
  for (const name of names) {
    for (const [i, c] of containersOf(name).entries()) {
      for (const port of containerEventPorts(c)) {
        const owner = owners.get(port);
        if (owner && !owner.startsWith(`${name}/`)) {
          throw new NxstackError('NXS_SERVE_PORT_CONFLICT', `'${owner}' and '${name}/${c.name}' both listen on container port ${port}: locally every workload runs on this machine's network, where one port has one owner.`, {
            location: o.stack.locate(['resources', name, 'properties', 'containers', i, 'events', (c.events ?? []).findIndex((e) => e.properties.containerPort === port), 'properties', 'containerPort']),
            hint: 'Give the containers of different workloads different containerPort values.',
          });
        }
        owners.set(port, `${name}/${c.name}`);
      }
      for (const e of c.events ?? []) if (e.type === 'service-connect') aliases.add(serviceConnectAlias(name, c.name, e.properties.alias));
    }
  }
  const docker = await reachableEngine(o.hostEnv);
  if (!docker) {
    throw new NxstackError('NXS_SERVE_ENGINE_NEEDED', `multi-container-workload '${names[0]}' runs locally only as containers, and no Docker engine answers at ${engineName(o.hostEnv.DOCKER_HOST || undefined)}.`, {
      location: o.stack.locate(['resources', names[0], 'type']),
      hint: 'Start Docker (or point DOCKER_HOST at an engine).',
    });
  }
  const extraHosts = [...aliases].map((a) => `${a}:${LOCAL_ENDPOINT_HOST}`);
  const workloads = names.map((workload) => new ServedWorkload({ ...o, workload, docker, extraHosts }));
  const close = await startServedUnits(workloads, { pollMs: o.pollMs, restarted: (w) => o.log(`restarted multi-container-workload '${w.resource}' (containers: ${w.describe()})`) });
  return { workloads, close };
}
