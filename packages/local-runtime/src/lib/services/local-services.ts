import { NxstackError, type LoadedStack } from '@nxstack/core';
import { reachableEngine } from '../packaged-image';
import { ServedService } from './served-service';
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
  let timer: NodeJS.Timeout | undefined;
  let polling: Promise<unknown> = Promise.resolve();
  const close = async () => {
    if (timer) clearInterval(timer);
    await polling.catch(() => undefined);
    await Promise.all(services.map((s) => s.close()));
  };
  try {
    // Side by side: loading images and interpreters' start-up dominate, and they do not depend on each other.
    const started = await Promise.allSettled(services.map((s) => s.start()));
    const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    for (const [i, s] of services.entries()) {
      const d = declared[i]!;
      o.log(`serving ${d.type} '${d.resource}'${d.url ? ` at ${d.url}` : ''} (${s.mode}${s.pid ? `, pid ${s.pid}` : ''})`);
    }
  } catch (e) {
    await close();
    throw e instanceof Error ? e : new NxstackError('NXS_SERVE_SERVICE_FAILED', String(e));
  }
  timer = setInterval(() => {
    polling = Promise.all(services.map((s) => s.refresh().then((changed) => changed && s.pid && o.log(`restarted '${s.resource}' (${s.mode}, pid ${s.pid})`))));
  }, o.pollMs ?? 1000);
  timer.unref();
  return { services, close };
}
