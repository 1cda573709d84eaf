import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type Architecture, NxstackError, readZip } from '@nxstack/core';
import { LocalFunction, type InvokeResult } from './local-function';

export interface LocalFunctionSpec {
  /** The packaged zip; it is unpacked into a fresh temp folder (the runtime never sees the source). */
  readonly zip?: string;
  /** Or an already unpacked artifact folder, used as is. */
  readonly artifactDir?: string;
  readonly runtime: string;
  readonly handler: string;
  readonly architecture: Architecture;
  readonly environment: Readonly<Record<string, string>>;
  /** Seconds. */
  readonly timeout: number;
  /** MB. */
  readonly memory: number;
  readonly functionName: string;
  readonly region: string;
  /** Host environment for PATH and AWS credentials (default process.env). */
  readonly hostEnv?: NodeJS.ProcessEnv;
  /** Cache for fetched runtime clients (the Java RIC); default ~/.cache/nxstack/local-runtime. */
  readonly cacheDir?: string;
}

export interface OpenedFunction {
  readonly fn: LocalFunction;
  /** Unpacked artifact. */
  readonly taskRoot: string;
  /** stdout/stderr of every runtime process of this function. */
  readonly logFile: string;
  /** Stops the runtime and removes the temp folder. */
  close(): Promise<void>;
}

/** Unpacks the artifact and prepares a warm-able execution environment for it. */
export async function openLocalFunction(spec: LocalFunctionSpec): Promise<OpenedFunction> {
  if (!spec.zip === !spec.artifactDir) throw new Error('openLocalFunction: give exactly one of zip or artifactDir');
  const work = await fs.mkdtemp(path.join(os.tmpdir(), `nxstack-fn-${spec.functionName.replace(/[^\w-]/g, '_')}-`));
  try {
    const taskRoot = spec.artifactDir ? path.resolve(spec.artifactDir) : await unpack(spec.zip!, path.join(work, 'task'));
    const logFile = path.join(work, 'runtime.log');
    const fn = new LocalFunction({
      functionName: spec.functionName,
      taskRoot,
      runtime: spec.runtime,
      handler: spec.handler,
      architecture: spec.architecture,
      environment: spec.environment,
      timeoutSeconds: spec.timeout,
      memoryMB: spec.memory,
      region: spec.region,
      logFile,
      hostEnv: spec.hostEnv ?? process.env,
      cacheDir: spec.cacheDir ?? path.join(os.homedir(), '.cache', 'nxstack', 'local-runtime'),
    });
    return {
      fn,
      taskRoot,
      logFile,
      close: async () => {
        await fn.close();
        await fs.rm(work, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await fs.rm(work, { recursive: true, force: true });
    throw e;
  }
}

/** Runs one invocation of a packaged function in a fresh execution environment (a cold start). */
export async function invokeLocal(spec: LocalFunctionSpec & { readonly event: unknown }): Promise<InvokeResult> {
  const opened = await openLocalFunction(spec);
  try {
    return await opened.fn.invoke(spec.event);
  } finally {
    await opened.close();
  }
}

/** Writes the zip's entries (with their modes) under `into`; entries may not escape it. */
export async function unpack(zip: string, into: string): Promise<string> {
  let entries;
  try {
    entries = await readZip(zip);
  } catch (cause) {
    throw new NxstackError('NXS_ARTIFACT_NOT_FOUND', `Cannot read the function artifact ${zip}: ${(cause as Error).message}`, {
      hint: 'Package the function first (nx run <project>:package--<resource>).',
      cause,
    });
  }
  const root = path.resolve(into);
  for (const e of entries) {
    const target = path.resolve(root, e.path);
    if (!target.startsWith(root + path.sep)) throw new NxstackError('NXS_ZIP_BAD_PATH', `Zip entry ${e.path} of ${zip} points outside the artifact.`);
    if (e.path.endsWith('/')) {
      await fs.mkdir(target, { recursive: true });
      continue;
    }
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.writeFile(target, e.content, { mode: e.mode & 0o777 });
  }
  await fs.mkdir(root, { recursive: true });
  return root;
}
