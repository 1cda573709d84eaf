/**
 * The host's own database servers, for the local stage without Docker: Debian's postgresql
 * (/usr/lib/postgresql/<major>/bin, else PATH), mariadb-server (mariadbd, mariadb-install-db;
 * also for `mysql` engines) and redis-server, with the version each reports.
 */
import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { spawnTool } from '@nxstack/core';
import { findOnPath } from '../find-on-path';
import { versionLine, type DatabaseEngine } from './database-spec';

export interface HostBinaries {
  readonly engine: DatabaseEngine;
  /** What the binaries are (`PostgreSQL 15.18`, `MariaDB 10.11.6`, `Redis 7.0.15`). */
  readonly product: string;
  /** Their version line (`15`, `10.11`, `7`): a data folder made by another line is not reused. */
  readonly line: string;
  /** Executables by role: postgres {initdb, postgres}; mariadb {install, server}; redis {server}. */
  readonly bin: Readonly<Record<string, string>>;
}

/** Where servers are looked for besides PATH (mariadbd is in /usr/sbin, often not on a user's PATH). */
export interface HostSearch {
  /** Debian's versioned PostgreSQL folders (`<root>/<major>/bin`). */
  readonly postgresRoot: string;
  readonly systemPath: readonly string[];
}

export const DEBIAN_SEARCH: HostSearch = { postgresRoot: '/usr/lib/postgresql', systemPath: ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'] };

function onPath(name: string, env: NodeJS.ProcessEnv, search: HostSearch): string | undefined {
  return findOnPath(name, [env.PATH ?? '', ...search.systemPath].join(path.delimiter));
}

async function versionOf(binary: string): Promise<string | undefined> {
  const run = await spawnTool([binary, '--version']);
  return run.exitCode === 0 ? /(\d+\.\d+(?:\.\d+)?)/.exec(run.stdout)?.[1] : undefined;
}

/** Debian's versioned folders, the requested major first, then newest first; PATH last. */
function postgresBinDirs(requestedMajor: string | undefined, env: NodeJS.ProcessEnv, search: HostSearch): string[] {
  const root = search.postgresRoot;
  const majors = existsSync(root) ? readdirSync(root).filter((d) => /^\d+$/.test(d)).sort((a, b) => Number(b) - Number(a)) : [];
  const ordered = requestedMajor && majors.includes(requestedMajor) ? [requestedMajor, ...majors.filter((m) => m !== requestedMajor)] : majors;
  const dirs = ordered.map((m) => path.join(root, m, 'bin')).filter((d) => existsSync(path.join(d, 'postgres')) && existsSync(path.join(d, 'initdb')));
  const postgres = onPath('postgres', env, search);
  if (postgres && existsSync(path.join(path.dirname(postgres), 'initdb'))) dirs.push(path.dirname(postgres));
  return dirs;
}

/** The host's server for `engine`, preferring the requested version line; undefined when not installed. */
export async function findHostBinaries(engine: DatabaseEngine, requestedVersion: string | undefined, env: NodeJS.ProcessEnv, search: HostSearch = DEBIAN_SEARCH): Promise<HostBinaries | undefined> {
  if (engine === 'postgres') {
    for (const dir of postgresBinDirs(versionLine('postgres', requestedVersion), env, search)) {
      const version = await versionOf(path.join(dir, 'postgres'));
      if (version) return { engine, product: `PostgreSQL ${version}`, line: versionLine('postgres', version)!, bin: { postgres: path.join(dir, 'postgres'), initdb: path.join(dir, 'initdb') } };
    }
    return undefined;
  }
  if (engine === 'redis') {
    const server = onPath('redis-server', env, search);
    const version = server && (await versionOf(server));
    return server && version ? { engine, product: `Redis ${version}`, line: versionLine('redis', version)!, bin: { server } } : undefined;
  }
  const server = onPath('mariadbd', env, search) ?? onPath('mysqld', env, search);
  // mariadb-install-db needs my_print_defaults (Debian's mariadb-client-core) beside it.
  const install = onPath('mariadb-install-db', env, search) ?? onPath('mysql_install_db', env, search);
  const complete = install && onPath('my_print_defaults', env, search);
  const version = server && complete && (await versionOf(server));
  return server && install && version ? { engine, product: `MariaDB ${version}`, line: versionLine('mariadb', version)!, bin: { server, install } } : undefined;
}

/**
 * Whether the host's server stands in for what stack.yml asks: undefined when it does, else the
 * warning the deploy prints (a different engine or version line still runs: the local stage is
 * for development, and a stable distribution's server is often older than the one RDS runs).
 */
export function hostVersionWarning(resource: string, engine: DatabaseEngine, requestedVersion: string | undefined, host: HostBinaries): string | undefined {
  const wanted = versionLine(engine, requestedVersion);
  const product = engine === 'mysql' ? 'MySQL' : host.product.split(' ')[0];
  if (engine === 'mysql') return `warning: '${resource}' is MySQL ${requestedVersion ?? ''} on AWS; without Docker the local stage runs the host's ${host.product} in its place (MySQL-compatible, not identical). Start Docker to run mysql:${wanted ?? '8.0'} instead.`.replace('MySQL  on', 'MySQL on');
  if (!wanted || wanted === host.line) return undefined;
  return `warning: '${resource}' asks for ${product} ${requestedVersion}; without Docker the local stage runs the host's ${host.product} (version ${host.line}, not ${wanted}): features newer than ${host.line} fail locally. Install ${product} ${wanted} or start Docker to match.`;
}
