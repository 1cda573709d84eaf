import { promises as fs, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type Docker from 'dockerode';
import { DEFAULT_STAGE, entryFileLanguage, LOCAL_ENDPOINT_HOST, NxstackError, readManifest, resourceOutputDir, type ImagePackageManifest, type LoadedStack } from '@nxstack/core';
import { readLayout } from '@nxstack/image-builder';
import { unpack } from '../invoke-local';
import { loadPackagedImage } from '../packaged-image';
import { localSdkEnvironment } from '../packaged-function-spec';
import type { RunningService } from './running-service';
import { startServiceContainer } from './service-container';
import { assertPortFree, connects, localServiceEnvironment, packagedImageManifest } from './service-support';
import { localVolumeBinds, refuseVolumesOnHost } from '../local-volumes';
import type { LocalService } from './service-endpoints';
import { startServiceProcess } from './service-process';
import { relaunchUnit, RestartingUnit } from './served-units';

export interface ServedServiceOptions {
  readonly workspaceRoot: string;
  readonly projectName: string;
  readonly projectRoot: string;
  readonly stack: LoadedStack;
  readonly service: LocalService;
  readonly region: string;
  readonly hostEnv: NodeJS.ProcessEnv;
  /** The engine to run the image in; undefined: a host process. */
  readonly docker?: Docker;
  readonly log: (line: string) => void;
  /** How long the port may take to answer after a start (default 60 s). */
  readonly startTimeoutMs?: number;
}

/** Unpacked artifacts of process-mode services; removed when this process ends. */
const liveAppDirs = new Set<string>();
process.once('exit', () => liveAppDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/**
 * A web/private/worker service of the local stage: its packaged image (the package task's
 * output) run as a container when an engine answers, else its buildpack command as a host
 * process; started, checked until its port answers, and restarted when the package task writes
 * an image of another digest.
 */
export class ServedService extends RestartingUnit {
  private running?: { readonly digest: string; readonly service: RunningService; readonly appDir?: string };
  /** An image that failed to start: not retried every poll, only when another one is written. */
  private failedDigest?: string;

  constructor(private readonly o: ServedServiceOptions) {
    super();
  }

  get resource(): string {
    return this.o.service.resource;
  }

  get pid(): number | undefined {
    return this.running?.service.pid;
  }

  get mode(): 'process' | 'container' {
    return this.o.docker ? 'container' : 'process';
  }

  private get outputDir(): string {
    return path.join(this.o.workspaceRoot, resourceOutputDir(this.o.projectRoot, this.resource));
  }

  private get location() {
    return this.o.stack.locate(['resources', this.resource, 'properties', 'packaging']);
  }

  async start(): Promise<void> {
    // Without an engine, only what runs as a host process can start: say so before reading anything.
    if (!this.o.docker) {
      this.processPackaging();
      refuseVolumesOnHost({ stack: this.o.stack, resource: this.resource }, 'a service run as a host process (no Docker engine)');
    }
    const manifest = await this.imageManifest();
    await this.launch(manifest);
  }

  /** Restarts the service when its package task wrote another image (a manifest being written keeps the running one). */
  async refresh(): Promise<boolean> {
    return this.serialized(async () => {
      const manifest = await this.imageManifest().catch(() => undefined);
      if (!manifest || manifest.digest === this.running?.digest || manifest.digest === this.failedDigest) return false;
      const layoutReady = await readLayout(path.join(this.outputDir, manifest.layout)).then((i) => i.digest === manifest.digest, () => false);
      if (!layoutReady) return false;
      await relaunchUnit({ resource: this.resource, log: this.o.log, why: `new image ${manifest.digest.slice(0, 19)}…, restarting`, stop: () => this.stopRunning(), launch: () => this.launch(manifest), failed: () => (this.failedDigest = manifest.digest) });
      return true;
    });
  }

  protected async stopRunning(): Promise<void> {
    const r = this.running;
    this.running = undefined;
    if (!r) return;
    await r.service.stop();
    if (r.appDir) {
      liveAppDirs.delete(r.appDir);
      await fs.rm(r.appDir, { recursive: true, force: true });
    }
  }

  private imageManifest(): Promise<ImagePackageManifest> {
    const o = this.o;
    return packagedImageManifest({ workspaceRoot: o.workspaceRoot, projectName: o.projectName, projectRoot: o.projectRoot, unit: this.resource, location: this.location });
  }

  /** The service's environment on the local stage, as functions get theirs, plus PORT (and HOST for a host process). */
  private async environment(): Promise<Record<string, string>> {
    const o = this.o;
    const environment = await localServiceEnvironment({ workspaceRoot: o.workspaceRoot, projectName: o.projectName, stack: o.stack, resource: this.resource, region: o.region, hostEnv: o.hostEnv });
    return { ...environment, ...(o.service.port ? { PORT: String(o.service.port) } : {}) };
  }

  private async launch(manifest: ImagePackageManifest): Promise<void> {
    const o = this.o;
    const environment = await this.environment();
    let service: RunningService;
    let appDir: string | undefined;
    if (o.docker) {
      const { tag } = await loadPackagedImage({ docker: o.docker, outputDir: this.outputDir, manifest, projectName: o.projectName, resource: this.resource, location: this.location });
      await this.assertPortFree();
      const binds = await localVolumeBinds({ workspaceRoot: o.workspaceRoot, stage: DEFAULT_STAGE, projectName: o.projectName, stack: o.stack, resource: this.resource });
      service = await startServiceContainer({ docker: o.docker, image: tag, resource: this.resource, projectName: o.projectName, environment, log: o.log, binds });
    } else {
      const image = await readLayout(path.join(this.outputDir, manifest.layout));
      appDir = await this.unpackCode();
      await this.assertPortFree();
      const language = entryFileLanguage(this.entryfilePath() ?? '');
      service = startServiceProcess({
        resource: this.resource,
        image,
        appDir,
        // On this machine the process listens on loopback only; the node bundle finds the workspace's AWS SDK.
        environment: { ...(language === 'node' ? localSdkEnvironment('nodejs', o.workspaceRoot) : {}), HOST: LOCAL_ENDPOINT_HOST, ...environment },
        hostEnv: o.hostEnv,
        log: o.log,
        location: this.location,
      });
    }
    this.running = { digest: manifest.digest, service, appDir };
    if (o.service.port) await this.waitForPort(service, o.service.port);
  }

  private entryfilePath(): string | undefined {
    const packaging = (this.o.stack.config.resources[this.resource].properties as { packaging?: { properties?: { entryfilePath?: string } } }).packaging;
    return packaging?.properties?.entryfilePath;
  }

  /** The packaging, when a host process can run it (a JS/TS or Python buildpack image without RUN steps); else NXS_SERVE_ENGINE_NEEDED. */
  private processPackaging(): void {
    const packaging = (this.o.stack.config.resources[this.resource].properties as { packaging: { type: string; properties: Record<string, unknown> } }).packaging;
    const language = entryFileLanguage(String(packaging.properties.entryfilePath ?? ''));
    const runs = packaging.type === 'stacktape-image-buildpack' && !(packaging.properties.customDockerBuildCommands as unknown[] | undefined)?.length && (language === 'node' || language === 'python');
    if (!runs) {
      throw new NxstackError('NXS_SERVE_ENGINE_NEEDED', `'${this.resource}' (${packaging.type}${language ? `, ${language}` : ''}) runs locally only as a container, and no Docker engine answers at ${this.o.hostEnv.DOCKER_HOST || 'the default socket (/var/run/docker.sock)'}.`, {
        location: this.location,
        hint: 'Start Docker (or point DOCKER_HOST at an engine). Without one, serve runs stacktape-image-buildpack services of JS/TS or Python (no customDockerBuildCommands) as local processes.',
      });
    }
  }

  /** A host process runs the language packager's output (`<output>/code`), which the image holds under its WorkingDir. */
  private async unpackCode(): Promise<string> {
    const codeDir = path.join(this.outputDir, 'code');
    const code = await readManifest(codeDir);
    if (code.kind !== 'zip') throw new NxstackError('NXS_SERVE_SERVICE_FAILED', `'${this.resource}': ${codeDir} holds no packaged code zip.`, { location: this.location, hint: `Package it again: nx run ${this.o.projectName}:package--${this.resource}.` });
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), `nxstack-serve-${this.resource.replace(/[^\w-]/g, '_')}-`));
    liveAppDirs.add(dir);
    return unpack(path.join(codeDir, code.artifact), path.join(dir, 'app'));
  }

  private async assertPortFree(): Promise<void> {
    if (this.o.service.port) await assertPortFree(this.o.service.port, this.resource);
  }

  /** Ready = the port accepts a connection; ended or silent past the timeout = a located error. */
  private async waitForPort(service: RunningService, port: number): Promise<void> {
    const deadline = Date.now() + (this.o.startTimeoutMs ?? 60_000);
    let ended: string | undefined;
    void service.exited.then((how) => (ended = how));
    for (;;) {
      if (ended !== undefined) {
        throw new NxstackError('NXS_SERVE_SERVICE_FAILED', `'${this.resource}' ended (${ended}) before it listened on port ${port}: its output is above.`, {
          location: this.o.stack.locate(['resources', this.resource]),
          hint: 'The service must listen on the port in the PORT variable (serve sets it to the local URL\'s port).',
        });
      }
      if (await connects(port)) return;
      if (Date.now() > deadline) {
        await this.stopRunning();
        throw new NxstackError('NXS_SERVE_SERVICE_FAILED', `'${this.resource}' did not listen on port ${port} within ${Math.round((this.o.startTimeoutMs ?? 60_000) / 1000)} s.`, {
          location: this.o.stack.locate(['resources', this.resource]),
          hint: 'The service must listen on the port in the PORT variable (serve sets it to the local URL\'s port).',
        });
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
