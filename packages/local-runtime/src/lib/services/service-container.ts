import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import { removeContainersWhenServeEnds, SERVE_OWNER_LABEL } from './container-reaper';
import { forwardLines, type RunningService } from './running-service';

/** Host variables that mean nothing inside the image (it has its own PATH). */
const HOST_ONLY = new Set(['PATH', 'LANG', 'HOME']);

/**
 * Runs a service's packaged image as a container with its own entrypoint and command, on the
 * host's network (as image functions do: the local AWS server and the other local endpoints are
 * on the host's 127.0.0.1, and engines without a bridge still run it). PORT is the service's
 * local port, so the service listens where the local stage's URL points.
 */
export async function startServiceContainer(o: {
  docker: Docker;
  image: string;
  resource: string;
  projectName: string;
  environment: Readonly<Record<string, string>>;
  log: (line: string) => void;
  binds?: readonly string[];
  /** `<name>:<ip>` lines for the container's /etc/hosts (service-connect aliases). */
  extraHosts?: readonly string[];
  /** Docker's health check (a workload container's internalHealthCheck). */
  healthcheck?: { Test: string[]; Interval: number; Timeout: number; Retries: number; StartPeriod?: number };
}): Promise<RunningService> {
  removeContainersWhenServeEnds(o.docker);
  const container = await o.docker.createContainer({
    Image: o.image,
    name: `nxstack-serve-${o.projectName}-${o.resource}-${process.pid}`.toLowerCase().replace(/[^a-z0-9_.-]/g, '-'),
    Env: Object.entries(o.environment).filter(([k]) => !HOST_ONLY.has(k)).map(([k, v]) => `${k}=${v}`),
    Labels: { 'dev.nxstack.serve': `${o.projectName}/${o.resource}`, [SERVE_OWNER_LABEL]: String(process.pid) },
    ...(o.healthcheck ? { Healthcheck: o.healthcheck } : {}),
    // No AutoRemove: a container that ends at once would be gone before its exit code is read
    // (wait answers 404). It is removed once its exit code is known, by stop(), or by the reaper.
    HostConfig: { NetworkMode: 'host', ...(o.binds?.length ? { Binds: [...o.binds] } : {}), ...(o.extraHosts?.length ? { ExtraHosts: [...o.extraHosts] } : {}) },
  });
  const stream = await container.attach({ stream: true, stdout: true, stderr: true });
  const out = new PassThrough();
  const err = new PassThrough();
  o.docker.modem.demuxStream(stream, out, err);
  stream.on('end', () => {
    out.end();
    err.end();
  });
  forwardLines(out, o.resource, o.log);
  forwardLines(err, o.resource, o.log);
  // After forwardLines' own 'end' listeners: both streams' last lines are logged.
  const drained = Promise.all([out, err].map((s) => new Promise<void>((resolve) => s.once('end', resolve))));
  await container.start();
  const pid = (await container.inspect()).State.Pid || undefined;
  const exited = container.wait().then(
    (r: { StatusCode: number }) => `exit code ${r.StatusCode}`,
    (e: Error) => e.message,
  ).then(async (how) => {
    // wait can answer before the engine's stream has brought the last output: how it ended is
    // told after what it printed. An engine that never ends the stream is not waited past 2 s.
    await Promise.race([drained, new Promise((r) => setTimeout(r, 2000).unref())]);
    await container.remove({ force: true }).catch(() => undefined);
    return how;
  });
  return {
    mode: 'container',
    pid,
    exited,
    containerId: container.id,
    health: () => container.inspect().then((i) => i.State.Health?.Status, () => undefined),
    async stop() {
      // One request that kills and removes: serve may be given little time to stop (Nx ends its
      // continuous tasks together), and a PID 1 without a SIGTERM handler would wait out a grace period.
      await container.remove({ force: true }).catch(() => undefined);
      await exited;
    },
  };
}
