import { spawn } from 'node:child_process';

export interface CommandResult {
  readonly code: number;
  /** stdout and stderr interleaved as they arrived: what a user would have seen. */
  readonly output: string;
  readonly stdout: string;
  /** True when the executable itself could not be started (ENOENT / EACCES). */
  readonly notFound: boolean;
}

/** Runs argv (never a shell string) and collects its output; never throws for a non-zero exit. */
export function runCommand(argv: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CommandResult> {
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
      resolve({ code: -1, output: String(err.message), stdout: '', notFound: err.code === 'ENOENT' || err.code === 'EACCES' });
    });
    child.on('close', (code) => {
      resolve({ code: code ?? -1, output: Buffer.concat(all).toString('utf8'), stdout: Buffer.concat(out).toString('utf8'), notFound: false });
    });
  });
}

/** The last `lines` lines of a tool's output, for error messages. */
export function outputTail(output: string, lines = 25): string {
  return output.trimEnd().split(/\r?\n/).slice(-lines).join('\n');
}
