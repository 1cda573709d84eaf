import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { closeSync, openSync, promises as fs, readSync, statSync } from 'node:fs';
import type { Architecture } from '@nxstack/core';
import { peakMemoryMB } from './peak-memory';
import { RuntimeApiServer, type RuntimeAnswer } from './runtime-api-server';
import { runtimeCommand, type RuntimeCommand } from './runtime-commands';

/** Lambda gives a runtime this long to reach its first `/invocation/next`. */
const INIT_LIMIT_MS = 10_000;
/** Host variables a local function may use to reach AWS (or a local endpoint) as the caller. */
const PASS_THROUGH = /^(AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|AWS_SESSION_TOKEN|AWS_ENDPOINT_URL(_[A-Z0-9_]+)?)$/;

export interface LocalFunctionOptions {
  readonly functionName: string;
  /** The unpacked artifact (never the source): LAMBDA_TASK_ROOT and the runtime's cwd. */
  readonly taskRoot: string;
  readonly runtime: string;
  readonly handler: string;
  readonly architecture: Architecture;
  /** Function environment: the artifact's (e.g. NODE_OPTIONS), stack.yml `environment`, STP_* values. */
  readonly environment: Readonly<Record<string, string>>;
  readonly timeoutSeconds: number;
  readonly memoryMB: number;
  readonly region: string;
  /** File the runtime's stdout and stderr are appended to (one file, in write order). */
  readonly logFile: string;
  /** Host environment: PATH and AWS credential/endpoint variables are taken from it. */
  readonly hostEnv: NodeJS.ProcessEnv;
  /** Where fetched runtime clients (the Java RIC) are cached. */
  readonly cacheDir: string;
  /** Starts the runtime some other way than as a local process (an image function's container). */
  readonly launcher?: RuntimeLauncher;
}

export type InvokeOutcome = 'success' | 'error' | 'timeout' | 'crash' | 'init-error';

export interface InvokeResult {
  readonly requestId: string;
  readonly outcome: InvokeOutcome;
  /** The response body, or the error payload (`errorType`, `errorMessage`, and `trace`/`stackTrace`). */
  readonly payload: string;
  /** Lambda-Runtime-Function-Error-Type for errors. */
  readonly errorType?: string;
  /** What the runtime wrote to stdout/stderr during this invocation (and its init, when cold). */
  readonly logs: string;
  readonly durationMs: number;
  readonly billedDurationMs: number;
  /** Set on a cold start: spawn to the first `/invocation/next`. */
  readonly initDurationMs?: number;
  readonly memorySizeMB: number;
  readonly maxMemoryUsedMB?: number;
  readonly notes: readonly string[];
}

/** A started runtime: a local process, or a container (runtime-launcher.ts). */
export interface RunningRuntime {
  readonly spawnedAt: number;
  exit?: { code: number | null; signal: NodeJS.Signals | null };
  readonly exited: Promise<void>;
  peakMB?: number;
  /** Host pid of the runtime's main process, for its peak memory. */
  pid(): number | undefined;
  /** Kills the runtime and whatever it started. */
  kill(): void;
  /** Resolves when what the runtime printed so far is in the log file. */
  settleLogs?(): Promise<void>;
}

/** Starts runtimes for a LocalFunction with the environment it computed. */
export interface RuntimeLauncher {
  readonly notes: readonly string[];
  start(environment: Record<string, string>, logFile: string): Promise<RunningRuntime>;
}

type Ending =
  | { readonly kind: 'answer'; readonly answer: RuntimeAnswer }
  | { readonly kind: 'exit' }
  | { readonly kind: 'init-error'; readonly body: Buffer; readonly errorType?: string }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'init-timeout' }
  | { readonly kind: 'out-of-memory' };

/**
 * One function's execution environment: a Runtime API server and a warm runtime process that
 * serves invocations one at a time. A timeout, crash or init error kills the process; the next
 * invocation starts a fresh one (a cold start), as Lambda does.
 */
export class LocalFunction {
  private readonly server = new RuntimeApiServer();
  private api?: string;
  private running?: RunningRuntime;
  private initError?: (body: Buffer, errorType?: string) => void;
  private launcher?: RuntimeLauncher;

  constructor(private readonly o: LocalFunctionOptions) {
    this.server.setInitErrorListener((body, type) => this.initError?.(body, type));
  }

  async invoke(event: unknown): Promise<InvokeResult> {
    this.api ??= await this.server.listen();
    const launcher = (this.launcher ??= this.o.launcher ?? processLauncher(await runtimeCommand(this.o), this.o.taskRoot, (command) => this.environment(command)));
    const logStart = fileSize(this.o.logFile);
    const cold = !this.running;
    const rt = this.running ?? (await this.launch(launcher));
    const requestId = randomUUID();
    const timeoutMs = Math.round(this.o.timeoutSeconds * 1000);
    const payload = Buffer.isBuffer(event) ? event : Buffer.from(JSON.stringify(event ?? {}));

    let deliveredAt: number | undefined;
    let firstPollAt: number | undefined;
    const timers: NodeJS.Timeout[] = [];
    let sampler: NodeJS.Timeout | undefined;
    const ending = await new Promise<Ending>((resolve) => {
      // Lambda kills an environment whose memory passes its size: so do we, from the peak RSS.
      const overLimit = () => this.samplePeak(rt) > this.o.memoryMB && resolve({ kind: 'out-of-memory' });
      sampler = setInterval(overLimit, 50);
      this.initError = (body, errorType) => resolve({ kind: 'init-error', body, errorType });
      void rt.exited.then(() => resolve({ kind: 'exit' }));
      if (cold) timers.push(setTimeout(() => deliveredAt === undefined && resolve({ kind: 'init-timeout' }), INIT_LIMIT_MS));
      void this.server
        .invoke({
          requestId,
          payload,
          timeoutMs,
          functionArn: `arn:aws:lambda:${this.o.region}:000000000000:function:${this.o.functionName}`,
          onDelivered: () => {
            deliveredAt = firstPollAt = performance.now();
            timers.push(setTimeout(() => resolve({ kind: 'timeout' }), timeoutMs));
          },
        })
        .then((answer) => {
          overLimit();
          resolve({ kind: 'answer', answer });
        });
    });
    const endedAt = performance.now();
    timers.forEach(clearTimeout);
    clearInterval(sampler);
    this.initError = undefined;

    const result = this.describe(ending, requestId, rt);
    if (ending.kind !== 'answer') await this.stop(rt);
    await rt.settleLogs?.();
    // A timed-out invocation lasted exactly its timeout (as Lambda and the RIE report it).
    const durationMs = ending.kind === 'timeout' ? timeoutMs : deliveredAt === undefined ? 0 : endedAt - deliveredAt;
    return {
      requestId,
      ...result,
      logs: readFrom(this.o.logFile, logStart),
      durationMs,
      billedDurationMs: Math.max(1, Math.ceil(durationMs)),
      initDurationMs: cold ? (firstPollAt ?? endedAt) - rt.spawnedAt : undefined,
      memorySizeMB: this.o.memoryMB,
      maxMemoryUsedMB: rt.peakMB,
      notes: launcher.notes,
    };
  }

  /** Stops the runtime process and the Runtime API server. */
  async close(): Promise<void> {
    if (this.running) await this.stop(this.running);
    await this.server.close();
  }

  private describe(ending: Ending, requestId: string, rt: RunningRuntime): { outcome: InvokeOutcome; payload: string; errorType?: string } {
    switch (ending.kind) {
      case 'answer':
        return ending.answer.kind === 'response'
          ? { outcome: 'success', payload: ending.answer.body.toString('utf8') }
          : { outcome: 'error', payload: ending.answer.body.toString('utf8'), errorType: ending.answer.errorType ?? errorTypeOf(ending.answer.body) };
      case 'init-error':
        return { outcome: 'init-error', payload: ending.body.toString('utf8'), errorType: ending.errorType ?? errorTypeOf(ending.body) };
      case 'timeout': {
        const message = `RequestId: ${requestId} Error: Task timed out after ${this.o.timeoutSeconds.toFixed(2)} seconds`;
        return { outcome: 'timeout', payload: JSON.stringify({ errorType: 'Sandbox.Timedout', errorMessage: message }), errorType: 'Sandbox.Timedout' };
      }
      case 'init-timeout': {
        const message = `RequestId: ${requestId} Error: Runtime did not ask for an invocation within ${INIT_LIMIT_MS / 1000} seconds of starting (init timed out)`;
        return { outcome: 'timeout', payload: JSON.stringify({ errorType: 'Runtime.InitTimeout', errorMessage: message }), errorType: 'Runtime.InitTimeout' };
      }
      case 'out-of-memory': {
        const message = `RequestId: ${requestId} Error: Runtime exited with error: signal: killed (max memory used ${rt.peakMB} MB > memory size ${this.o.memoryMB} MB)`;
        return { outcome: 'crash', payload: JSON.stringify({ errorType: 'Runtime.OutOfMemory', errorMessage: message }), errorType: 'Runtime.OutOfMemory' };
      }
      case 'exit': {
        const exit = rt.exit;
        const how = exit?.signal ? `signal: ${exit.signal}` : `exit status ${exit?.code ?? 'unknown'}`;
        const message = `RequestId: ${requestId} Error: Runtime exited with error: ${how}`;
        return { outcome: 'crash', payload: JSON.stringify({ errorType: 'Runtime.ExitError', errorMessage: message }), errorType: 'Runtime.ExitError' };
      }
    }
  }

  private async launch(launcher: RuntimeLauncher): Promise<RunningRuntime> {
    const rt = await launcher.start(this.environment({ argv: [], env: {}, notes: [] }) as Record<string, string>, this.o.logFile);
    this.running = rt;
    void rt.exited.then(() => {
      if (this.running === rt) this.running = undefined;
    });
    return rt;
  }

  private environment(command: RuntimeCommand): NodeJS.ProcessEnv {
    const o = this.o;
    const passed = Object.fromEntries(Object.entries(o.hostEnv).filter(([k, v]) => PASS_THROUGH.test(k) && v !== undefined));
    return {
      ...passed,
      ...o.environment,
      ...command.env,
      // Reserved variables last: the function's environment cannot override them (as in Lambda).
      PATH: o.hostEnv.PATH ?? '/usr/local/bin:/usr/bin:/bin',
      LANG: 'en_US.UTF-8',
      TZ: ':UTC',
      _HANDLER: o.handler,
      LAMBDA_TASK_ROOT: o.taskRoot,
      AWS_LAMBDA_RUNTIME_API: this.api!,
      AWS_LAMBDA_FUNCTION_NAME: o.functionName,
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(o.memoryMB),
      AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${o.functionName}`,
      AWS_LAMBDA_LOG_STREAM_NAME: `local/[$LATEST]${randomUUID().replace(/-/g, '')}`,
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      AWS_EXECUTION_ENV: `AWS_Lambda_${o.runtime}`,
      AWS_REGION: o.region,
      AWS_DEFAULT_REGION: o.region,
    };
  }

  /** Updates and returns the runtime's peak RSS in MB (0 before the first reading). */
  private samplePeak(rt: RunningRuntime): number {
    const pid = rt.pid();
    const mb = pid === undefined || rt.exit ? undefined : peakMemoryMB(pid);
    if (mb !== undefined) rt.peakMB = Math.max(rt.peakMB ?? 0, mb);
    return rt.peakMB ?? 0;
  }

  private async stop(rt: RunningRuntime): Promise<void> {
    this.server.abandon();
    if (!rt.exit) rt.kill();
    await rt.exited;
  }
}

/** The runtime as a local process in its own process group, cwd the unpacked artifact. */
function processLauncher(command: RuntimeCommand, taskRoot: string, environment: (command: RuntimeCommand) => NodeJS.ProcessEnv): RuntimeLauncher {
  return {
    notes: command.notes,
    async start(_env, logFile) {
      const fd = openSync(logFile, 'a');
      let child: ChildProcess;
      try {
        // Own process group, so a timeout kills whatever the runtime started too.
        child = spawn(command.argv[0], command.argv.slice(1), { cwd: taskRoot, env: environment(command), stdio: ['ignore', fd, fd], detached: true });
      } finally {
        closeSync(fd);
      }
      const rt: RunningRuntime = {
        spawnedAt: performance.now(),
        pid: () => child.pid,
        kill: () => killGroup(child),
        exited: new Promise<void>((resolve) => {
          const done = (code: number | null, signal: NodeJS.Signals | null) => {
            rt.exit ??= { code, signal };
            resolve();
          };
          child.once('exit', done);
          child.once('error', (e) => {
            void fs.appendFile(logFile, `cannot start ${command.argv[0]}: ${e.message}\n`);
            done(127, null);
          });
        }),
      };
      liveProcessGroups.add(child);
      void rt.exited.then(() => liveProcessGroups.delete(child));
      return rt;
    },
  };
}

const liveProcessGroups = new Set<ChildProcess>();
// Runtime processes are detached (own group): do not leave them behind when this process ends.
process.once('exit', () => liveProcessGroups.forEach(killGroup));

function killGroup(child: ChildProcess): void {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}

function errorTypeOf(body: Buffer): string | undefined {
  try {
    const t = (JSON.parse(body.toString('utf8')) as { errorType?: unknown }).errorType;
    return typeof t === 'string' ? t : undefined;
  } catch {
    return undefined;
  }
}

function fileSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

/** What the runtime appended to the log file since `offset` (sync: small, and avoids thread-pool hops per invoke). */
function readFrom(file: string, offset: number): string {
  const size = fileSize(file);
  if (size <= offset) return '';
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(size - offset);
    const n = readSync(fd, buf, 0, buf.length, offset);
    return buf.subarray(0, n).toString('utf8');
  } finally {
    closeSync(fd);
  }
}
