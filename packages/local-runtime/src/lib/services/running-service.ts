import type { Readable } from 'node:stream';

/** A started service, as a host process or a container. */
export interface RunningService {
  readonly mode: 'process' | 'container';
  /** Host pid of the process (of the container's main process). */
  readonly pid?: number;
  /** Resolves when it ends, with how (`exit code 1`, `killed by SIGTERM`). */
  readonly exited: Promise<string>;
  /** The engine's id of a container. */
  readonly containerId?: string;
  /** A container's health (`starting`, `healthy`, `unhealthy`) when it has a health check. */
  health?(): Promise<string | undefined>;
  stop(): Promise<void>;
}

/** The service's output, one `[resource] line` per line, as serve prints functions' logs. */
export function forwardLines(stream: Readable, resource: string, log: (line: string) => void): void {
  let rest = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) if (line.trim()) log(`  [${resource}] ${line.replace(/\r$/, '')}`);
  });
  stream.on('end', () => {
    if (rest.trim()) log(`  [${resource}] ${rest}`);
  });
}
