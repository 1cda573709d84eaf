import type { LoadedStack } from '@nxstack/core';
import { reachableEngine } from '../packaged-image';
import { ServedService } from './served-service';
import { startServedUnits } from './served-units';
import { localServices } from './service-endpoints';

export interface LocalServicesOptions {
  readonly workspaceRoot: string;
  readonly projectName: string;
  readonly projectRoot: string;
  readonly stack: LoadedStack;
  readonly region: string;
  readonly hostEnv: NodeJS.ProcessEnv;
  readonly log: (line: string) => void;
  /** How often the package outputs are checked for a new image (default 1 s). */
  readonly pollMs?: number;
}

export interface StartedServices {
  readonly services: readonly ServedService[];
  close(): Promise<void>;
}

/**
 * Starts every web/private/worker service of the stack for `serve`: as containers when an engine
 * answers at DOCKER_HOST (or the default socket), else as host processes; each restarted when
 * its package task writes a new image; all stopped by close().
 */
export async function startLocalServices(o: LocalServicesOptions): Promise<StartedServices> {
  const declared = localServices(o.stack, o.projectName);
  if (!declared.length) return { services: [], close: async () => undefined };
  const docker = await reachableEngine(o.hostEnv);
  const services = declared.map((service) => new ServedService({ ...o, service, docker }));
  const close = await startServedUnits(services, { pollMs: o.pollMs, restarted: (s) => s.pid && o.log(`restarted '${s.resource}' (${s.mode}, pid ${s.pid})`) });
  for (const [i, s] of services.entries()) {
    const d = declared[i]!;
    o.log(`serving ${d.type} '${d.resource}'${d.url ? ` at ${d.url}` : ''} (${s.mode}${s.pid ? `, pid ${s.pid}` : ''})`);
  }
  return { services, close };
}
