/**
 * One local database server as a container of the engine's public image (`postgres:18`,
 * `mysql:8.0`, `mariadb:10.11`, `redis:7`): the data folder bind-mounted from the workspace,
 * the host's network (the server listens on 127.0.0.1:<port> as a host server would, and engines
 * without a bridge network run it too), the invoking user's uid when not root (files it writes
 * stay removable). The images' own entrypoints create the user and database from the environment.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type Docker from 'dockerode';
import { NxstackError } from '@nxstack/core';
import { databaseImage, type ResolvedDatabaseSpec } from './database-spec';

/** Container name of a stack's server: unique per workspace folder, stack and logical id. */
export function databaseContainerName(dir: string): string {
  return `nxstack-db-${Buffer.from(dir).toString('base64url').slice(-40).toLowerCase().replace(/[^a-z0-9_.-]/g, '')}`;
}

const MOUNT = '/nxstack-data';

/** The container's environment and command for the engine (exported for tests). */
export function databaseContainerConfig(spec: ResolvedDatabaseSpec): { env: string[]; cmd: string[] } {
  const port = String(spec.port);
  switch (spec.engine) {
    case 'postgres':
      return {
        env: [`POSTGRES_USER=${spec.user}`, `POSTGRES_PASSWORD=${spec.password}`, `POSTGRES_DB=${spec.dbName}`, `PGDATA=${MOUNT}/pgdata`],
        cmd: ['postgres', '-p', port, '-c', 'listen_addresses=127.0.0.1'],
      };
    case 'mysql':
    case 'mariadb': {
      const prefix = spec.engine === 'mysql' ? 'MYSQL' : 'MARIADB';
      const root = spec.user === 'root';
      return {
        env: [`${prefix}_ROOT_PASSWORD=${spec.password}`, `${prefix}_DATABASE=${spec.dbName}`, ...(root ? [] : [`${prefix}_USER=${spec.user}`, `${prefix}_PASSWORD=${spec.password}`])],
        cmd: [spec.engine === 'mysql' ? 'mysqld' : 'mariadbd', `--port=${port}`, '--bind-address=127.0.0.1', `--datadir=${MOUNT}/mysql`],
      };
    }
    case 'redis':
      return { env: [], cmd: ['redis-server', '--port', port, '--bind', '127.0.0.1', '--dir', MOUNT, '--appendonly', 'yes', ...(spec.password ? ['--requirepass', spec.password] : [])] };
  }
}

async function pullImage(docker: Docker, image: string): Promise<void> {
  const present = await docker.getImage(image).inspect().then(() => true, () => false);
  if (present) return;
  const stream = await docker.pull(image);
  await new Promise<void>((resolve, reject) => docker.modem.followProgress(stream, (err: Error | null) => (err ? reject(err) : resolve())));
}

/** Starts (or re-creates) the container; resolves with its id. */
export async function launchDatabaseContainer(o: { docker: Docker; spec: ResolvedDatabaseSpec; dir: string }): Promise<string> {
  const image = databaseImage(o.spec);
  try {
    await pullImage(o.docker, image);
  } catch (e) {
    throw new NxstackError('NXS_LOCAL_DATABASE_UNAVAILABLE', `The image ${image} for '${o.spec.resource}' is not in the Docker engine and cannot be pulled: ${(e as Error).message}`, {
      location: o.spec.location,
      hint: `Pull or load ${image} into the engine, or run the host's server instead (NXSTACK_LOCAL_DATABASES=host).`,
    });
  }
  const data = path.join(o.dir, 'data');
  await fs.mkdir(data, { recursive: true });
  const name = databaseContainerName(o.dir);
  await o.docker.getContainer(name).remove({ force: true }).catch(() => undefined);
  const { env, cmd } = databaseContainerConfig(o.spec);
  const uid = process.getuid?.();
  const container = await o.docker.createContainer({
    name,
    Image: image,
    Env: env,
    Cmd: cmd,
    ...(uid !== undefined && uid !== 0 ? { User: `${uid}:${process.getgid?.() ?? uid}` } : {}),
    // The redis image, started as root, hands its working folder to its own user before dropping to it.
    ...(o.spec.engine === 'redis' ? { WorkingDir: MOUNT } : {}),
    Labels: { 'nxstack.local-database': o.dir },
    HostConfig: { NetworkMode: 'host', Binds: [`${data}:${MOUNT}`] },
  });
  await container.start();
  return container.id;
}

export async function containerRunning(docker: Docker, id: string): Promise<boolean> {
  return docker.getContainer(id).inspect().then((c) => c.State.Running === true, () => false);
}

export async function stopDatabaseContainer(docker: Docker, id: string): Promise<void> {
  const c = docker.getContainer(id);
  await c.stop({ t: 10 }).catch(() => undefined);
  await c.remove({ force: true }).catch(() => undefined);
}
