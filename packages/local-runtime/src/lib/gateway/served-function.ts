import { promises as fs, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_STAGE, LOCAL_REGION, NxstackError, readManifest, resourceOutputDir, sha256File, stackName, type LoadedStack, type ZipPackageManifest } from '@nxstack/core';
import { openLocalFunction, unpack, type OpenedFunction } from '../invoke-local';
import type { InvokeResult } from '../local-function';
import { appendInvocationLog } from '../invocation-log';
import { ensureLocalDataResources } from '../local-aws/data-resources';
import { localAwsEnvironment } from '../local-aws/local-aws-env';
import { localEnvironment } from '../local-environment';
import { packagedFunctionSpec } from '../packaged-function-spec';
import { refuseVolumesOnHost } from '../local-volumes';

export interface ServedFunctionOptions {
  readonly workspaceRoot: string;
  readonly projectName: string;
  readonly projectRoot: string;
  readonly stack: LoadedStack;
  readonly resource: string;
  readonly region: string;
  readonly hostEnv: NodeJS.ProcessEnv;
}

/** Execution environments one function may hold at once; more requests wait for one to be free. */
const MAX_ENVIRONMENTS = 8;

/** Unpacked artifacts in use; removed when this process ends, however it ends (Nx may exit before an async close). */
const liveTaskRoots = new Set<string>();
process.once('exit', () => liveTaskRoots.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

async function removeTaskRoot(dir: string): Promise<void> {
  liveTaskRoots.delete(dir);
  await fs.rm(dir, { recursive: true, force: true });
}

/** One packaged artifact (by digest): its unpacked folder and its warm execution environments. */
interface Generation {
  readonly sha256: string;
  readonly taskRoot: string;
  readonly open: () => Promise<OpenedFunction>;
  readonly idle: OpenedFunction[];
  busy: number;
  retired: boolean;
}

/**
 * A function behind the local gateway: warm execution environments that serve requests, one
 * invocation each at a time (Lambda's concurrency model). Before each request it reads the
 * package manifest: when `package--<resource>` wrote a new artifact (another digest), new
 * environments run it and the old ones are closed as their requests finish.
 */
export class ServedFunction {
  private generation?: Generation;
  private loading?: Promise<Generation>;
  private readonly waiting: Array<() => void> = [];
  private closed = false;

  constructor(private readonly o: ServedFunctionOptions) {}

  get name(): string {
    return this.o.resource;
  }

  private get outputDir(): string {
    return path.join(this.o.workspaceRoot, resourceOutputDir(this.o.projectRoot, this.o.resource));
  }

  /** Reads the manifest now, so a function that is not packaged (or is an image) fails at start. */
  async check(): Promise<void> {
    await this.current();
  }

  async invoke(event: unknown): Promise<InvokeResult & { readonly artifact: string }> {
    const { gen, env } = await this.acquire();
    try {
      const startedAt = Date.now();
      const result = await env.fn.invoke(event);
      // Served requests show in logs--<function> like every other local invocation.
      await appendInvocationLog({ workspaceRoot: this.o.workspaceRoot, stage: DEFAULT_STAGE, projectName: this.o.projectName, resource: this.o.resource }, result, startedAt);
      return { ...result, artifact: gen.sha256 };
    } finally {
      await this.release(gen, env);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const gen = this.generation;
    this.generation = undefined;
    if (gen) await this.retire(gen);
  }

  /** The generation of the artifact the manifest names now (a new one when its digest changed). */
  private async current(): Promise<Generation> {
    let manifest: ZipPackageManifest;
    try {
      manifest = await this.readZipManifest();
    } catch (e) {
      // Mid-write by a running package task (or an Nx cache restore): keep serving the last artifact.
      if (this.generation && e instanceof NxstackError && ['NXS_MANIFEST_MISSING', 'NXS_MANIFEST_INVALID'].includes(e.code)) return this.generation;
      throw e;
    }
    if (this.generation?.sha256 === manifest.sha256) return this.generation;
    if (this.loading) return this.loading;
    this.loading = this.load(manifest).finally(() => (this.loading = undefined));
    return this.loading;
  }

  private async load(manifest: ZipPackageManifest): Promise<Generation> {
    const zip = path.join(this.outputDir, manifest.artifact);
    // The zip is written before its manifest; a digest that does not match yet is a package task
    // still writing: keep the previous artifact until the pair agrees.
    if (this.generation && (await sha256File(zip).catch(() => undefined)) !== manifest.sha256) return this.generation;
    const functionEnv = await localEnvironment({ workspaceRoot: this.o.workspaceRoot, projectName: this.o.projectName, stack: this.o.stack, resource: this.o.resource });
    // As for invoke: the stack's data resources in the local AWS server.
    const endpoint = await ensureLocalDataResources({ workspaceRoot: this.o.workspaceRoot, stackName: stackName(this.o.projectName, DEFAULT_STAGE) });
    const awsEnv = endpoint ? localAwsEnvironment(endpoint, functionEnv, this.o.hostEnv) : {};
    const environment = { ...awsEnv, ...functionEnv };
    const region = awsEnv.AWS_ENDPOINT_URL ? LOCAL_REGION : this.o.region;
    const root = await fs.mkdtemp(path.join(os.tmpdir(), `nxstack-serve-${this.o.resource.replace(/[^\w-]/g, '_')}-`));
    liveTaskRoots.add(root);
    const taskRoot = await unpack(zip, path.join(root, 'task'));
    const gen: Generation = {
      sha256: manifest.sha256,
      taskRoot: root,
      idle: [],
      busy: 0,
      retired: false,
      open: () =>
        openLocalFunction({
          ...packagedFunctionSpec({ workspaceRoot: this.o.workspaceRoot, stack: this.o.stack, resource: this.o.resource, manifest, environment, region, hostEnv: this.o.hostEnv }),
          artifactDir: taskRoot,
        }),
    };
    const previous = this.generation;
    this.generation = gen;
    if (previous) await this.retire(previous);
    if (this.closed) await this.retire(gen);
    return gen;
  }

  private async readZipManifest(): Promise<ZipPackageManifest> {
    const manifest = await readManifest(this.outputDir);
    refuseVolumesOnHost({ stack: this.o.stack, resource: this.o.resource }, 'the local gateway (zip functions run as host processes)');
    if (manifest.kind !== 'zip') {
      throw new NxstackError('NXS_LOCAL_IMAGE_UNSUPPORTED', `'${this.o.resource}' is packaged as a container image; the local gateway runs zip artifacts only for now.`, {
        location: this.o.stack.locate(['resources', this.o.resource, 'properties', 'packaging']),
        hint: 'Use a stacktape-lambda-buildpack or custom-artifact packaging to serve it locally.',
      });
    }
    return manifest;
  }

  /** A free environment of the current artifact: an idle one, a new one, or the next one freed. */
  private async acquire(): Promise<{ gen: Generation; env: OpenedFunction }> {
    for (;;) {
      const gen = await this.current();
      const idle = gen.idle.pop();
      if (idle) {
        gen.busy++;
        return { gen, env: idle };
      }
      if (gen.busy < MAX_ENVIRONMENTS) {
        gen.busy++;
        try {
          return { gen, env: await gen.open() };
        } catch (e) {
          gen.busy--;
          throw e;
        }
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }

  private async release(gen: Generation, env: OpenedFunction): Promise<void> {
    gen.busy--;
    if (gen.retired) await env.close();
    else gen.idle.push(env);
    if (gen.retired && gen.busy === 0) await removeTaskRoot(gen.taskRoot);
    this.waiting.shift()?.();
  }

  private async retire(gen: Generation): Promise<void> {
    gen.retired = true;
    const idle = gen.idle.splice(0);
    await Promise.all(idle.map((e) => e.close()));
    if (gen.busy === 0) await removeTaskRoot(gen.taskRoot);
    // Requests waiting for an environment of the old artifact take a new one.
    this.waiting.splice(0).forEach((wake) => wake());
  }
}
