import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { NxstackError, type SourceLocation } from '@nxstack/core';
import type { Image } from '@nxstack/image-builder';
import { findOnPath } from '../find-on-path';
import { forwardLines, type RunningService } from './running-service';

/** Host processes of services still running; killed (their whole group) when serve's process ends, however it ends. */
const liveGroups = new Set<number>();
process.once('exit', () => liveGroups.forEach((pid) => killGroup(pid, 'SIGKILL')));

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

export interface ServiceProcessOptions {
  readonly resource: string;
  /** The image the package task built: its Entrypoint + Cmd and WorkingDir say how the service starts. */
  readonly image: Image;
  /** The unpacked code artifact: what the image holds under its WorkingDir. */
  readonly appDir: string;
  readonly environment: Readonly<Record<string, string>>;
  readonly hostEnv: NodeJS.ProcessEnv;
  readonly log: (line: string) => void;
  readonly location?: SourceLocation;
}

/**
 * Runs a buildpack service image's command as a host process: the image's interpreter (`node`,
 * `python`) replaced by this machine's, its WorkingDir by the unpacked artifact. The process gets
 * its own process group, so a stop (or serve's exit) ends everything it started.
 */
export function startServiceProcess(o: ServiceProcessOptions): RunningService {
  const config = o.image.config.config ?? {};
  const workDir = (config.WorkingDir ?? '/app').replace(/\/+$/, '');
  const argv = [...(config.Entrypoint ?? []), ...(config.Cmd ?? [])].map((a) => (a === workDir ? o.appDir : a.startsWith(`${workDir}/`) ? path.join(o.appDir, a.slice(workDir.length + 1)) : a));
  const pathEnv = o.hostEnv.PATH ?? '';
  const interpreter = (name: string): string | undefined => (name === 'node' ? process.execPath : name === 'python' || name === 'python3' ? findOnPath('python3', pathEnv) ?? findOnPath('python', pathEnv) : undefined);
  const program = argv[0] ? interpreter(path.basename(argv[0])) : undefined;
  if (!program) {
    throw new NxstackError('NXS_SERVE_ENGINE_NEEDED', `'${o.resource}' starts with ${JSON.stringify(argv.slice(0, 2))}, which serve cannot run as a local process${argv[0] && /python/.test(argv[0]) ? ' (no python3 on PATH)' : ''}.`, {
      location: o.location,
      hint: 'Start Docker (or point DOCKER_HOST at an engine): serve then runs the service image as a container.',
    });
  }
  const child = spawn(program, argv.slice(1), {
    cwd: o.appDir,
    env: { PATH: pathEnv, ...o.environment },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid!;
  liveGroups.add(pid);
  forwardLines(child.stdout, o.resource, o.log);
  forwardLines(child.stderr, o.resource, o.log);
  const exited = new Promise<string>((resolve) => {
    child.once('error', (e) => resolve(e.message));
    // 'exit' can come before the last output is read from the pipes; 'close' comes once it is
    // drained: what the service printed is logged before how it ended.
    const how = (code: number | null, signal: NodeJS.Signals | null) => (signal ? `killed by ${signal}` : `exit code ${code}`);
    child.once('close', (code, signal) => resolve(how(code, signal)));
    child.once('exit', (code, signal) => {
      liveGroups.delete(pid);
      // The rest of its group ends with it, as a container's processes end with its main one:
      // nothing is left to hold the pipes open. One that left the group could: not waited past 2 s.
      killGroup(pid, 'SIGKILL');
      setTimeout(() => resolve(how(code, signal)), 2000).unref();
    });
  });
  return {
    mode: 'process',
    pid,
    exited,
    async stop() {
      killGroup(pid, 'SIGTERM');
      const done = await Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 5000))]);
      // A service that ignores SIGTERM for 5 s (ECS's default stop timeout is 30) is killed.
      if (!done) killGroup(pid, 'SIGKILL');
      await exited;
      liveGroups.delete(pid);
    },
  };
}
