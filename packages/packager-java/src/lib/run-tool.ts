import { spawn } from 'node:child_process';

export interface ToolRun {
  readonly exitCode: number | null;
  /** stdout and stderr interleaved, as the tool printed them. */
  readonly output: string;
}

/** Raised by runTool when the executable is not on PATH (so callers can say how to install it). */
export class ToolNotFoundError extends Error {
  constructor(readonly command: string) {
    super(`${command} not found`);
  }
}

/** Runs a command from an argv array (never a shell) and collects its output. */
export function runTool(command: string, args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<ToolRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => chunks.push(d));
    child.stderr.on('data', (d: Buffer) => chunks.push(d));
    child.on('error', (e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? reject(new ToolNotFoundError(command)) : reject(e)));
    child.on('close', (exitCode) => resolve({ exitCode, output: Buffer.concat(chunks).toString('utf8') }));
  });
}

/** The last `lines` lines of a tool's output: enough to show the error without flooding the log. */
export function outputTail(output: string, lines = 40): string {
  return output.trimEnd().split('\n').slice(-lines).join('\n');
}
