import { createWriteStream } from 'node:fs';
import type Docker from 'dockerode';
import type { RunningRuntime, RuntimeLauncher } from './local-function';

/** Environment variables of the host that mean nothing inside the image (it has its own PATH). */
const HOST_ONLY = new Set(['PATH', 'LANG']);

/** An engine that never ends a stopped container's stream is not waited on longer. */
const DRAIN_LIMIT_MS = 5000;

/**
 * Runs an image function's runtime as a container: the image's own entrypoint and command (as
 * Lambda does), the function's environment, and AWS_LAMBDA_RUNTIME_API pointing at our Runtime
 * API on the host's 127.0.0.1. The container uses the host's network (`NetworkMode: host`): the
 * Runtime API listens on loopback only, and engines without a bridge (dockerd --bridge=none)
 * still run it. `_HANDLER` is the image command's first word, as Lambda sets it.
 */
export function containerLauncher(o: { readonly docker: Docker; readonly image: string; readonly command?: readonly string[]; readonly binds?: readonly string[] }): RuntimeLauncher {
  return {
    notes: [`runs as a container of ${o.image} (host network)`],
    async start(environment, logFile) {
      const env = { ...environment, LAMBDA_TASK_ROOT: '/var/task', ...(o.command?.[0] ? { _HANDLER: o.command[0] } : {}) };
      const container = await o.docker.createContainer({
        Image: o.image,
        Env: Object.entries(env).filter(([k]) => !HOST_ONLY.has(k)).map(([k, v]) => `${k}=${v}`),
        Tty: true,
        HostConfig: { NetworkMode: 'host', ...(o.binds?.length ? { Binds: [...o.binds] } : {}) },
      });
      const log = createWriteStream(logFile, { flags: 'a' });
      const output = await container.attach({ stream: true, stdout: true, stderr: true });
      // Drained = the file holds all of it: the file stream has flushed (pipe ends it at the
      // stream's end), not merely the engine's stream has ended.
      const drained = new Promise<void>((resolve) => {
        log.once('close', resolve);
        log.once('error', () => resolve());
      });
      output.once('close', () => log.end());
      output.once('error', () => log.end());
      output.pipe(log);
      const spawnedAt = performance.now();
      await container.start();
      const pid = (await container.inspect()).State.Pid;
      const rt: RunningRuntime = {
        spawnedAt,
        pid: () => pid || undefined,
        kill: () => void container.kill().catch(() => undefined),
        exited: container.wait().then(
          (r: { StatusCode: number }) => {
            rt.exit ??= { code: r.StatusCode, signal: null };
          },
          () => {
            rt.exit ??= { code: null, signal: null };
          },
        ).then(async () => {
          await Promise.race([drained, new Promise((r) => setTimeout(r, DRAIN_LIMIT_MS))]);
          await container.remove({ force: true }).catch(() => undefined);
        }),
        // Output reaches the file through the engine's stream, which has no point where what was
        // printed so far is known to be there (a sleep stood for one and lost lines under load).
        // A container runs one invocation (invoke is one-shot; serve runs zip functions as host
        // processes): it is stopped once answered, and its output is complete when the stream ends.
        settleLogs: async () => {
          if (!rt.exit) await container.kill().catch(() => undefined);
          await Promise.race([drained, new Promise<void>((r) => setTimeout(r, DRAIN_LIMIT_MS))]);
        },
      };
      return rt;
    },
  };
}
