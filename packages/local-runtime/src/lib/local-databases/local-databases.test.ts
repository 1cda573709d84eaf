import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { localEndpointPort } from '@nxstack/core';
import { alive } from '../local-aws/local-aws-server';
import { databaseImage, versionLine } from './database-spec';
import { databaseContainerConfig } from './docker-launch';
import { deployLocalDatabases, destroyLocalDatabases, ensureLocalDatabases, listLocalDatabases } from './local-databases';
import type { LocalDatabaseSpec } from './database-spec';
// The e2e project's wire clients: the servers are checked through their own protocols.
import { pgQuery, redisCommands } from '../../../../../e2e/databases-project/src/wire.mjs';

const root = mkdtempSync(path.join(os.tmpdir(), 'nxs-databases-'));
const stackName = `dbs-${path.basename(root).slice(-6).toLowerCase()}-local`;
const env = { PATH: process.env.PATH, NXSTACK_LOCAL_DATABASES: 'host' };
const lines: string[] = [];
const o = { workspaceRoot: root, stackName, env, log: (l: string) => lines.push(l) };

const location = { file: 'dbs/stack.yml', line: 3, column: 3 };
const postgres: LocalDatabaseSpec = { logicalId: 'MainDbDbInstance', resource: 'mainDb', engine: 'postgres', version: '18.1', port: localEndpointPort(stackName, 'MainDbDbInstance'), user: 'dbmaster', dbName: 'app', passwordSecret: 'main.password', location };
const redis: LocalDatabaseSpec = { logicalId: 'CacheReplicationGroup', resource: 'cache', engine: 'redis', version: '7.1', port: localEndpointPort(stackName, 'CacheReplicationGroup'), passwordSecret: 'cache.password', location };
const pgUrl = (password: string) => `postgresql://dbmaster:${encodeURIComponent(password)}@127.0.0.1:${postgres.port}/app`;

mkdirSync(path.join(root, '.nxstack'), { recursive: true });
const secrets = (pg: string) => writeFileSync(path.join(root, '.nxstack/secrets.json'), JSON.stringify({ 'main.password': pg, 'cache.password': 'r3dis "pw"' }));
secrets("p'w d");

afterAll(async () => {
  await destroyLocalDatabases(o).catch(() => undefined);
  rmSync(root, { recursive: true, force: true });
});

describe('local database servers (host binaries: Debian postgresql, redis-server)', () => {
  it('deploy starts postgres and redis with the stack.yml credentials; the version difference is a warning line', async () => {
    const servers = await deployLocalDatabases({ ...o, specs: [postgres, redis] });
    expect(servers.map((s) => [s.resource, s.port])).toEqual([['mainDb', postgres.port], ['cache', redis.port]]);
    expect(lines.join('\n')).toMatch(/warning: 'mainDb' asks for PostgreSQL 18\.1; without Docker the local stage runs the host's PostgreSQL 1\d/);
    expect(lines.join('\n')).toContain(`local postgres of 'mainDb' started on 127.0.0.1:${postgres.port}`);
    expect(lines.join('\n')).not.toContain("p'w d");
    await pgQuery(pgUrl("p'w d"), 'CREATE TABLE notes (body text)', "INSERT INTO notes VALUES ('kept')");
    expect(await redisCommands('127.0.0.1', redis.port, 'r3dis "pw"', ['SET', 'k', 'v'], ['GET', 'k'])).toEqual(['OK', 'v']);
    await expect(pgQuery(pgUrl('wrong'), 'SELECT 1')).rejects.toThrow(/password authentication failed/);
    await expect(redisCommands('127.0.0.1', redis.port, undefined, ['GET', 'k'])).rejects.toThrow(/NOAUTH/);
  });

  it('a second deploy reuses the running servers; a stopped server starts again with its data', async () => {
    const before = await listLocalDatabases(o);
    const again = await deployLocalDatabases({ ...o, specs: [postgres, redis] });
    const pids = (list: ReadonlyArray<{ resource: string; pid?: number }>) => Object.fromEntries(list.map((s) => [s.resource, s.pid]));
    expect(pids(again)).toEqual(pids(before));
    process.kill(before[1]!.pid!, 'SIGINT'); // MainDbDbInstance sorts second
    for (let i = 0; i < 100 && alive(before[1]!.pid!); i++) await new Promise((r) => setTimeout(r, 100));
    expect((await listLocalDatabases(o)).map((s) => [s.resource, s.running])).toEqual([['cache', true], ['mainDb', false]]);
    const restarted = await ensureLocalDatabases(o);
    expect(restarted.find((s) => s.resource === 'mainDb')!.pid).not.toBe(before[1]!.pid);
    expect(await pgQuery(pgUrl("p'w d"), 'SELECT body FROM notes')).toEqual([['kept']]);
    expect(await redisCommands('127.0.0.1', redis.port, 'r3dis "pw"', ['GET', 'k'])).toEqual(['v']);
  });

  it('a changed password restarts postgres with it, keeping the data', async () => {
    secrets('n3w');
    await deployLocalDatabases({ ...o, specs: [postgres, redis] });
    expect(await pgQuery(pgUrl('n3w'), 'SELECT body FROM notes')).toEqual([['kept']]);
  });

  it('destroy stops every server (by pid) and removes the data', async () => {
    const running = await listLocalDatabases(o);
    expect(await destroyLocalDatabases(o)).toEqual(['cache', 'mainDb']);
    for (const s of running) {
      for (let i = 0; i < 50 && alive(s.pid!); i++) await new Promise((r) => setTimeout(r, 100));
      expect(alive(s.pid!)).toBe(false);
    }
    expect(existsSync(path.join(root, '.nxstack/local/.databases', stackName))).toBe(false);
  });

  it('mariadb (Debian mariadb-server-core): deploy initialises and starts it on its port; the file carrying the password is removed once it runs', async () => {
    const maria: LocalDatabaseSpec = { ...postgres, logicalId: 'ShopDbDbInstance', resource: 'shopDb', engine: 'mariadb', version: '10.11', port: localEndpointPort(stackName, 'ShopDbDbInstance') };
    try {
      await deployLocalDatabases({ ...o, specs: [maria] });
      // The server's greeting (protocol 10) names its version.
      const greeting = await new Promise<string>((resolve, reject) => {
        const socket = net.connect({ host: '127.0.0.1', port: maria.port });
        socket.once('data', (b) => {
          socket.destroy();
          resolve(b.toString('latin1'));
        });
        socket.once('error', reject);
      });
      expect(greeting).toMatch(/10\.11\.\d+-MariaDB/);
      expect(existsSync(path.join(root, '.nxstack/local/.databases', stackName, 'ShopDbDbInstance/init.sql'))).toBe(false);
    } finally {
      await destroyLocalDatabases(o);
    }
  });

  it('no server for the engine: a located NXS_LOCAL_DATABASE_UNAVAILABLE naming what to install; a bad NXSTACK_LOCAL_DATABASES too', async () => {
    const maria: LocalDatabaseSpec = { ...postgres, logicalId: 'MariaDbInstance', resource: 'maria', engine: 'mariadb', version: '10.11' };
    const nowhere = { postgresRoot: '/nonexistent', systemPath: [] };
    const run = deployLocalDatabases({ ...o, env: { PATH: '/nonexistent', NXSTACK_LOCAL_DATABASES: 'host' }, hostSearch: nowhere, specs: [maria] });
    await expect(run).rejects.toMatchObject({ code: 'NXS_LOCAL_DATABASE_UNAVAILABLE', location, hint: expect.stringContaining('install mariadb-server') });
    await expect(deployLocalDatabases({ ...o, env: { NXSTACK_LOCAL_DATABASES: 'podman' }, specs: [redis] })).rejects.toMatchObject({ code: 'NXS_LOCAL_DATABASE_UNAVAILABLE', message: expect.stringContaining("'podman'") });
  });
});

describe('local database images and containers', () => {
  it('names public images from the engine and its version line', () => {
    expect(databaseImage({ engine: 'postgres', version: '18.1' })).toBe('postgres:18');
    expect(databaseImage({ engine: 'mysql', version: '8.0.mysql_aurora.3.05.2' })).toBe('mysql:8.0');
    expect(databaseImage({ engine: 'mariadb', version: '10.11.6' })).toBe('mariadb:10.11');
    expect(databaseImage({ engine: 'redis', version: '7.1' })).toBe('redis:7');
    expect(databaseImage({ engine: 'postgres' })).toBe('postgres:17');
    expect(versionLine('postgres', undefined)).toBeUndefined();
  });

  it('configures each image through its documented environment, listening on 127.0.0.1:<port>', () => {
    const spec = { ...postgres, password: 'pw' };
    expect(databaseContainerConfig(spec)).toEqual({ env: ['POSTGRES_USER=dbmaster', 'POSTGRES_PASSWORD=pw', 'POSTGRES_DB=app', 'PGDATA=/nxstack-data/pgdata'], cmd: ['postgres', '-p', String(spec.port), '-c', 'listen_addresses=127.0.0.1'] });
    expect(databaseContainerConfig({ ...spec, engine: 'mysql' }).env).toEqual(['MYSQL_ROOT_PASSWORD=pw', 'MYSQL_DATABASE=app', 'MYSQL_USER=dbmaster', 'MYSQL_PASSWORD=pw']);
    expect(databaseContainerConfig({ ...spec, engine: 'mariadb', user: 'root' }).env).toEqual(['MARIADB_ROOT_PASSWORD=pw', 'MARIADB_DATABASE=app']);
    expect(databaseContainerConfig({ ...redis, password: 'pw' }).cmd).toEqual(['redis-server', '--port', String(redis.port), '--bind', '127.0.0.1', '--dir', '/nxstack-data', '--appendonly', 'yes', '--requirepass', 'pw']);
  });
});
