import * as path from 'node:path';
import type Docker from 'dockerode';
import { containerUnitName, DEFAULT_STAGE, NxstackError, resourceOutputDir, type ImagePackageManifest, type LoadedStack, type WorkloadContainer } from '@nxstack/core';
import { readLayout } from '@nxstack/image-builder';
import { localVolumeBinds } from '../local-volumes';
import { loadPackagedImage } from '../packaged-image';
import type { RunningService } from './running-service';
import { startServiceContainer } from './service-container';
import { assertPortFree, connects, localServiceEnvironment, packagedImageManifest } from './service-support';
import { relaunchUnit, RestartingUnit } from './served-units';

export interface ServedWorkloadOptions {
  readonly workspaceRoot: string;
  readonly projectName: string;
  readonly projectRoot: string;
  readonly stack: LoadedStack;
  /** The multi-container-workload resource. */
  readonly workload: string;
  readonly region: string;
  readonly hostEnv: NodeJS.ProcessEnv;
  readonly docker: Docker;
  /** `<alias>:127.0.0.1` of every service-connect alias of the stack. */
  readonly extraHosts: readonly string[];
  readonly log: (line: string) => void;
  /** How long a container port may take to answer (default 60 s). */
  readonly startTimeoutMs?: number;
}

interface Started {
  readonly digests: ReadonlyMap<string, string>;
  readonly containers: Map<string, RunningService>;
  /** Set once it is stopped: a container whose start was under way is stopped as it comes up. */
  stopped: boolean;
}

async function stopAll(started: Started): Promise<void> {
  started.stopped = true;
  await Promise.all([...started.containers.values()].map((c) => c.stop()));
}

const NANOS = 1_000_000_000;

/** The ports a container's events open (its containerPort values). */
export function containerEventPorts(c: WorkloadContainer): number[] {
  return [...new Set((c.events ?? []).map((e) => e.properties.containerPort))];
}

/**
 * A multi-container-workload of the local stage: its containers' packaged images run in the engine
 * on the host's network, so they reach each other on localhost as the containers of an ECS task
 * (awsvpc) do; started in `dependsOn` order (START, COMPLETE, SUCCESS, HEALTHY by the engine's
 * health check from `internalHealthCheck`), ready when every container port answers. When an
 * essential container ends, the others are stopped, as ECS stops the task; a re-packaged image
 * restarts the whole workload, as a new task definition starts new tasks.
 */
export class ServedWorkload extends RestartingUnit {
  private running?: Started;
  private failedDigests?: string;

  constructor(private readonly o: ServedWorkloadOptions) {
    super();
  }

  get resource(): string {
    return this.o.workload;
  }

  get containers(): readonly WorkloadContainer[] {
    return (this.o.stack.config.resources[this.o.workload].properties as { containers: WorkloadContainer[] }).containers;
  }

  /** `<container>: pid <n>` of each running container, for serve's output. */
  describe(): string {
    return [...(this.running?.containers ?? [])].map(([name, c]) => `${name} pid ${c.pid ?? '?'}`).join(', ');
  }

  private at(i: number, ...rest: Array<string | number>) {
    return this.o.stack.locate(['resources', this.o.workload, 'properties', 'containers', i, ...rest]);
  }

  async start(): Promise<void> {
    await this.launch(await this.manifests());
  }

  /** Restarts the workload when a package task wrote another image of one of its containers. */
  async refresh(): Promise<boolean> {
    return this.serialized(async () => {
      const manifests = await this.manifests().catch(() => undefined);
      if (!manifests) return false;
      const key = [...manifests.values()].map((m) => m.digest).join();
      const current = this.running ? [...this.running.digests.values()].join() : undefined;
      if (key === current || key === this.failedDigests) return false;
      for (const [name, m] of manifests) {
        const ready = await readLayout(path.join(this.outputDir(name), m.layout)).then((i) => i.digest === m.digest, () => false);
        if (!ready) return false;
      }
      await relaunchUnit({ resource: this.resource, log: this.o.log, why: 'new image, restarting the workload', stop: () => this.stopRunning(), launch: () => this.launch(manifests), failed: () => (this.failedDigests = key) });
      return true;
    });
  }

  private outputDir(container: string): string {
    return path.join(this.o.workspaceRoot, resourceOutputDir(this.o.projectRoot, containerUnitName(this.o.workload, container)));
  }

  private async manifests(): Promise<Map<string, ImagePackageManifest>> {
    const o = this.o;
    const out = new Map<string, ImagePackageManifest>();
    for (const [i, c] of this.containers.entries()) {
      out.set(c.name, await packagedImageManifest({ workspaceRoot: o.workspaceRoot, projectName: o.projectName, projectRoot: o.projectRoot, unit: containerUnitName(o.workload, c.name), location: this.at(i, 'packaging') }));
    }
    return out;
  }

  protected async stopRunning(): Promise<void> {
    const r = this.running;
    this.running = undefined;
    if (r) await stopAll(r);
  }

  private async launch(manifests: Map<string, ImagePackageManifest>): Promise<void> {
    const o = this.o;
    const containers = this.containers;
    for (const [i, c] of containers.entries()) for (const port of containerEventPorts(c)) await assertPortFree(port, `${o.workload}/${c.name}`, this.at(i, 'events'));
    const started: Started = { digests: new Map([...manifests].map(([n, m]) => [n, m.digest])), containers: new Map(), stopped: false };
    this.running = started;
    const starting = new Map<string, Promise<RunningService>>();
    const startOne = (name: string, chain: readonly string[]): Promise<RunningService> => {
      const i = containers.findIndex((c) => c.name === name);
      const c = containers[i];
      if (chain.includes(name)) {
        throw new NxstackError('NXS_CONTAINER_DEPENDENCY_UNKNOWN', `The dependsOn of '${o.workload}' containers form a cycle: ${[...chain, name].join(' → ')}.`, { location: this.at(i, 'dependsOn'), hint: 'A container cannot wait, directly or not, for itself: remove one of these dependsOn entries.' });
      }
      let p = starting.get(name);
      if (!p) {
        p = (async () => {
          for (const [j, d] of (c.dependsOn ?? []).entries()) {
            const k = containers.findIndex((x) => x.name === d.containerName);
            if (k < 0) throw new NxstackError('NXS_CONTAINER_DEPENDENCY_UNKNOWN', `Container '${name}' of '${o.workload}' depends on '${d.containerName}', which is not a container of this workload.`, { location: this.at(i, 'dependsOn', j, 'containerName'), hint: `Name one of: ${containers.map((x) => x.name).join(', ')}.` });
            await this.dependency(await startOne(d.containerName, [...chain, name]), containers[k], d.condition, name, this.at(i, 'dependsOn', j, 'condition'));
          }
          const environment = await localServiceEnvironment({ workspaceRoot: o.workspaceRoot, projectName: o.projectName, stack: o.stack, resource: o.workload, container: name, region: o.region, hostEnv: o.hostEnv });
          const { tag } = await loadPackagedImage({ docker: o.docker, outputDir: this.outputDir(name), manifest: manifests.get(name)!, projectName: o.projectName, resource: containerUnitName(o.workload, name), location: this.at(i, 'packaging') });
          const h = c.internalHealthCheck;
          const running = await startServiceContainer({
            docker: o.docker,
            image: tag,
            resource: `${o.workload}/${name}`,
            projectName: o.projectName,
            environment,
            log: o.log,
            extraHosts: o.extraHosts,
            // Its volumeMounts: the file systems' local folders (shared with the other resources mounting them).
            binds: await localVolumeBinds({ workspaceRoot: o.workspaceRoot, stage: DEFAULT_STAGE, projectName: o.projectName, stack: o.stack, resource: o.workload, container: name }),
            // ECS's defaults (interval 30 s, timeout 5 s, 3 retries), in the engine's nanoseconds.
            ...(h ? { healthcheck: { Test: [...h.healthCheckCommand], Interval: (h.intervalSeconds ?? 30) * NANOS, Timeout: (h.timeoutSeconds ?? 5) * NANOS, Retries: h.retries ?? 3, ...(h.startPeriodSeconds !== undefined ? { StartPeriod: h.startPeriodSeconds * NANOS } : {}) } } : {}),
          });
          started.containers.set(name, running);
          if (started.stopped) {
            await running.stop();
            throw new NxstackError('NXS_SERVE_SERVICE_FAILED', `'${o.workload}' was stopped while '${name}' started.`, { location: this.at(i) });
          }
          this.watch(started, c, running);
          return running;
        })();
        starting.set(name, p);
      }
      return p;
    };
    try {
      await Promise.all(containers.map((c) => startOne(c.name, [])));
      for (const [i, c] of containers.entries()) for (const port of containerEventPorts(c)) await this.waitForPort(started.containers.get(c.name)!, c.name, port, i);
    } catch (e) {
      // Containers started before the failure are stopped with it, and those still starting as they come up.
      if (this.running === started) this.running = undefined;
      await stopAll(started);
      await Promise.allSettled([...starting.values()]);
      await stopAll(started);
      throw e;
    }
  }

  /** Waits until `target` meets a dependsOn condition of `dependent`. */
  private async dependency(target: RunningService, spec: WorkloadContainer, condition: 'START' | 'COMPLETE' | 'SUCCESS' | 'HEALTHY', dependent: string, location: ReturnType<LoadedStack['locate']>): Promise<void> {
    const fail = (what: string) => new NxstackError('NXS_SERVE_SERVICE_FAILED', `'${this.o.workload}/${dependent}' waits for '${spec.name}' to be ${condition}, and ${spec.name} ${what}: its output is above.`, {
      location,
      hint: condition === 'HEALTHY' ? `Its internalHealthCheck must pass (${JSON.stringify(spec.internalHealthCheck?.healthCheckCommand)}).` : 'ECS would not start the dependent container either.',
    });
    if (condition === 'START') return;
    if (condition === 'COMPLETE' || condition === 'SUCCESS') {
      const how = await target.exited;
      if (condition === 'SUCCESS' && how !== 'exit code 0') throw fail(`ended (${how})`);
      return;
    }
    const h = spec.internalHealthCheck;
    const deadlineMs = ((h?.startPeriodSeconds ?? 0) + ((h?.intervalSeconds ?? 30) + (h?.timeoutSeconds ?? 5)) * ((h?.retries ?? 3) + 1) + 10) * 1000;
    const deadline = Date.now() + deadlineMs;
    let ended: string | undefined;
    void target.exited.then((how) => (ended = how));
    for (;;) {
      if (ended !== undefined) throw fail(`ended (${ended}) before it was healthy`);
      const health = await target.health?.();
      if (health === 'healthy') return;
      if (health === 'unhealthy') throw fail('is unhealthy');
      if (Date.now() > deadline) throw fail(`was not healthy within ${Math.round(deadlineMs / 1000)} s`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  /** An essential container that ends stops the workload (as ECS stops the task); another one only says so. */
  private watch(started: Started, c: WorkloadContainer, running: RunningService): void {
    void running.exited.then(async (how) => {
      if (this.running !== started || this.closed) return;
      if (c.essential === false) {
        this.o.log(`${this.o.workload}: container '${c.name}' ended (${how})`);
        return;
      }
      this.o.log(`${this.o.workload}: essential container '${c.name}' ended (${how}): its other containers are stopped, as ECS stops the task; a re-packaged image starts it again`);
      this.failedDigests = [...started.digests.values()].join();
      if (this.running === started) await this.stopRunning();
    });
  }

  private async waitForPort(service: RunningService, name: string, port: number, i: number): Promise<void> {
    const timeoutMs = this.o.startTimeoutMs ?? 60_000;
    const deadline = Date.now() + timeoutMs;
    let ended: string | undefined;
    void service.exited.then((how) => (ended = how));
    for (;;) {
      if (await connects(port)) return;
      if (ended !== undefined || Date.now() > deadline) {
        throw new NxstackError('NXS_SERVE_SERVICE_FAILED', `'${this.o.workload}/${name}' ${ended !== undefined ? `ended (${ended}) before it listened` : `did not listen within ${Math.round(timeoutMs / 1000)} s`} on port ${port}: its output is above.`, {
          location: this.at(i, 'events'),
          hint: 'The container must listen on each containerPort of its events (on localhost or 0.0.0.0).',
        });
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
