import { spawn } from 'node:child_process';
import { NxstackError, type SourceLocation } from '../errors';

export interface ToolRun {
  /** Exit code; null when killed by a signal or when the process could not start. */
  readonly exitCode: number | null;
  /** stdout and stderr interleaved as they arrived: what a user would have seen. */
  readonly output: string;
  readonly stdout: string;
  /** True when the executable itself could not be started (ENOENT / EACCES). */
  readonly notFound: boolean;
}

/** Runs argv (never a shell string) and collects its output; never throws, whatever the outcome. */
export function spawnTool(argv: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<ToolRun> {
  return new Promise((resolve) => {
    const child = spawn(argv[0], argv.slice(1), { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const all: Buffer[] = [];
    const out: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => {
      out.push(b);
      all.push(b);
    });
    child.stderr.on('data', (b: Buffer) => all.push(b));
    child.on('error', (err: NodeJS.ErrnoException) => {
      resolve({ exitCode: null, output: String(err.message), stdout: '', notFound: err.code === 'ENOENT' || err.code === 'EACCES' });
    });
    child.on('close', (exitCode) => {
      resolve({ exitCode, output: Buffer.concat(all).toString('utf8'), stdout: Buffer.concat(out).toString('utf8'), notFound: false });
    });
  });
}

/** The last `lines` lines of a tool's output: enough to show the error without flooding the log. */
export function outputTail(output: string, lines = 40): string {
  return output.trimEnd().split(/\r?\n/).slice(-lines).join('\n');
}

/** Packagers whose build tool failures have their own codes (<prefix>_TOOLCHAIN_MISSING, <prefix>_BUILD_FAILED). */
export type ToolCodePrefix = 'NXS_GO' | 'NXS_JAVA';

export interface RunToolOptions {
  readonly cwd: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Shown in errors: `Go`, `Maven`, `Gradle`. */
  readonly toolName: string;
  /** How to install the tool, the hint of the missing-toolchain error. */
  readonly installHint: string;
  /** Error code prefix: `NXS_GO` gives NXS_GO_TOOLCHAIN_MISSING and NXS_GO_BUILD_FAILED. */
  readonly codePrefix: ToolCodePrefix;
  /** What failed, e.g. `go build` (default argv[0]). */
  readonly action?: string;
  /** The resource being packaged, named in the failure message. */
  readonly resourceName: string;
  readonly location?: SourceLocation;
  /** Hint of the failure error; default `Reproduce with: cd <cwd> && <argv>`. */
  readonly reproduceHint?: string;
}

/**
 * Runs a build tool; a missing executable becomes <prefix>_TOOLCHAIN_MISSING and a non-zero exit
 * <prefix>_BUILD_FAILED with the last 40 lines of output.
 */
export async function runTool(argv: readonly string[], o: RunToolOptions): Promise<ToolRun> {
  const run = await spawnTool(argv, { cwd: o.cwd, env: o.env });
  if (run.notFound) {
    throw new NxstackError(`${o.codePrefix}_TOOLCHAIN_MISSING`, `The ${o.toolName} executable '${argv[0]}' was not found on PATH.`, {
      location: o.location,
      hint: o.installHint,
    });
  }
  if (run.exitCode !== 0) {
    throw new NxstackError(`${o.codePrefix}_BUILD_FAILED`, `${o.action ?? argv[0]} failed for ${o.resourceName} (exit ${run.exitCode}):\n${outputTail(run.output)}`, {
      location: o.location,
      hint: o.reproduceHint ?? `Reproduce with: cd ${o.cwd} && ${argv.join(' ')}`,
    });
  }
  return run;
}
