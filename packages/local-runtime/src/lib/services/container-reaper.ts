/**
 * Service containers must not outlive serve. serve removes them on SIGINT/SIGTERM, but Nx may end
 * a continuous task's process before that handler's requests reach the engine (or the process is
 * killed outright). So each serve process that starts a container also starts one detached
 * watcher (its own process group, so a signal to serve's group does not reach it): once serve's
 * pid is gone, however it ended, the watcher removes the containers labelled with that pid, then
 * exits.
 */
import { spawn } from 'node:child_process';
import type Docker from 'dockerode';

/** Label of each service container: the pid of the serve process that owns it. */
export const SERVE_OWNER_LABEL = 'dev.nxstack.serve.owner';

// Plain JS for `node -e`: argv = [node, owner pid, dockerode's path, engine connection (JSON)].
const WATCHER = `
const [pid, dockerode, connection] = process.argv.slice(1);
const Docker = require(dockerode);
const docker = new Docker(JSON.parse(connection));
const alive = () => { try { process.kill(Number(pid), 0); return true; } catch (e) { return e.code === 'EPERM'; } };
const reap = async () => {
  const list = await docker.listContainers({ all: true, filters: { label: ['${SERVE_OWNER_LABEL}=' + pid] } });
  await Promise.all(list.map((c) => docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined)));
};
const tick = () => (alive() ? setTimeout(tick, 200) : reap().catch(() => undefined).finally(() => process.exit(0)));
tick();
`;

let watching = false;

/** Starts the watcher for this process (once); call before the first container is created. */
export function removeContainersWhenServeEnds(docker: Docker): void {
  if (watching) return;
  watching = true;
  const modem = docker.modem as { socketPath?: string; host?: string; port?: number | string; protocol?: string };
  const connection = JSON.stringify({ socketPath: modem.socketPath, host: modem.host, port: modem.port, protocol: modem.protocol });
  spawn(process.execPath, ['-e', WATCHER, String(process.pid), require.resolve('dockerode'), connection], { detached: true, stdio: 'ignore' }).unref();
}
