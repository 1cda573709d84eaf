/**
 * Starting one host database server detached (it outlives the nx run, like the local AWS server):
 * the data folder initialised on first use, the stack.yml user, password and database applied on
 * every start, TCP on 127.0.0.1:<port> only. Passwords travel through 0600 files or stdin, never
 * argv (other users of the machine can read a process's arguments).
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { NxstackError, outputTail, spawnTool } from '@nxstack/core';
import type { ResolvedDatabaseSpec } from './database-spec';
import type { HostBinaries } from './host-binaries';

export interface HostLaunch {
  readonly pid: number;
  /** True once the server accepts connections with the stack.yml credentials. */
  ready(): Promise<boolean>;
  /** After ready: removes the files that carried the password. */
  settle(): Promise<void>;
}

interface LaunchOptions {
  readonly host: HostBinaries;
  readonly spec: ResolvedDatabaseSpec;
  /** The server's folder (server.json, logs); `data/` inside it. */
  readonly dir: string;
  readonly logFile: string;
}

const isRoot = () => process.getuid?.() === 0;

/**
 * PostgreSQL refuses to run as root: as root it runs in a user namespace where it is an ordinary
 * user mapped onto root outside, so the data folder stays the invoking user's (no chown, and a
 * workspace under a private 0700 folder stays reachable).
 */
const unprivileged = (argv: readonly string[]) => (isRoot() ? ['unshare', '--user', '--map-user=65534', '--map-group=65534', '--', ...argv] : [...argv]);

const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;
const literal = (s: string) => `'${s.replace(/'/g, "''")}'`;
const mysqlLiteral = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
const redisString = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

function fail(spec: ResolvedDatabaseSpec, step: string, output: string, logFile?: string): NxstackError {
  return new NxstackError('NXS_LOCAL_DATABASE_FAILED', `The local server of '${spec.resource}' (${spec.engine}) failed to ${step}:\n${outputTail(output, 15)}`, {
    location: spec.location,
    hint: logFile ? `See ${logFile}; destroying the local stage (nx run <project>:destroy) removes its data so the next deploy starts afresh.` : 'Check the server installation; destroying the local stage removes its data so the next deploy starts afresh.',
  });
}

/** Runs argv with `input` on stdin; resolves with exit code and output. */
function runWithInput(argv: readonly string[], input: string): Promise<{ exitCode: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(argv[0], argv.slice(1), { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (b: Buffer) => (output += b.toString('utf8')));
    child.stderr.on('data', (b: Buffer) => (output += b.toString('utf8')));
    child.on('error', (e) => resolve({ exitCode: null, output: e.message }));
    child.on('close', (exitCode) => resolve({ exitCode, output }));
    child.stdin.end(input);
  });
}

function spawnDetached(argv: readonly string[], logFile: string, input?: string): number {
  const out = openSync(logFile, 'a');
  const child = spawn(argv[0], argv.slice(1), { detached: true, stdio: [input === undefined ? 'ignore' : 'pipe', out, out] });
  closeSync(out);
  if (input !== undefined) child.stdin!.end(input);
  child.on('error', () => undefined);
  child.unref();
  if (!child.pid) throw new NxstackError('NXS_LOCAL_DATABASE_FAILED', `Could not start ${argv[0]}.`);
  return child.pid;
}

async function writeSecretFile(file: string, text: string): Promise<void> {
  await fs.rm(file, { force: true });
  await fs.writeFile(file, text, { mode: 0o600 });
}

export function launchHostServer(o: LaunchOptions): Promise<HostLaunch> {
  if (o.spec.engine === 'postgres') return launchPostgres(o);
  if (o.spec.engine === 'redis') return launchRedis(o);
  return launchMariadb(o);
}

async function launchPostgres(o: LaunchOptions): Promise<HostLaunch> {
  const { spec, host } = o;
  const data = path.join(o.dir, 'data');
  const user = spec.user!;
  if (!existsSync(path.join(data, 'PG_VERSION'))) {
    await fs.rm(data, { recursive: true, force: true });
    const pwfile = path.join(o.dir, 'initdb.pw');
    await writeSecretFile(pwfile, `${spec.password}\n`);
    const init = await spawnTool(unprivileged([host.bin.initdb, '-D', data, '-U', user, `--pwfile=${pwfile}`, '--auth-host=scram-sha-256', '--auth-local=trust', '-E', 'UTF8', '--locale=C'])).finally(() => fs.rm(pwfile, { force: true }));
    if (init.exitCode !== 0) throw fail(spec, 'initialise its data folder (initdb)', init.output);
  }
  // Single-user mode applies stack.yml's user, password and database before the server listens.
  const statements = [
    `DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = ${literal(user)}) THEN CREATE ROLE ${ident(user)}; END IF; END$$;`,
    `ALTER ROLE ${ident(user)} WITH SUPERUSER LOGIN PASSWORD ${literal(spec.password!.replace(/\n/g, ''))};`,
    `CREATE DATABASE ${ident(spec.dbName!)} OWNER ${ident(user)};`,
  ];
  const setup = await runWithInput(unprivileged([host.bin.postgres, '--single', '-D', data, '-c', 'unix_socket_directories=', 'postgres']), statements.join('\n') + '\n');
  const errors = setup.output.split('\n').filter((l) => /\bERROR:/.test(l) && !/already exists/.test(l));
  if (setup.exitCode !== 0 || errors.length) throw fail(spec, 'apply its user and database', errors.join('\n') || setup.output);
  const pid = spawnDetached(unprivileged([host.bin.postgres, '-D', data, '-p', String(spec.port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=']), o.logFile);
  return {
    pid,
    // postmaster.pid's 8th line says `ready` once connections are accepted (not while recovering).
    ready: () => fs.readFile(path.join(data, 'postmaster.pid'), 'utf8').then((t) => t.split('\n')[7]?.trim() === 'ready', () => false),
    settle: async () => undefined,
  };
}

async function launchRedis(o: LaunchOptions): Promise<HostLaunch> {
  const data = path.join(o.dir, 'data');
  await fs.mkdir(data, { recursive: true });
  // The configuration goes through stdin (`redis-server -`): the password never shows in ps.
  const config = [
    `port ${o.spec.port}`,
    'bind 127.0.0.1',
    `dir ${redisString(data)}`,
    'appendonly yes',
    'daemonize no',
    ...(o.spec.password ? [`requirepass ${redisString(o.spec.password)}`] : []),
  ];
  const pid = spawnDetached([o.host.bin.server, '-'], o.logFile, config.join('\n') + '\n');
  return { pid, ready: async () => true, settle: async () => undefined };
}

async function launchMariadb(o: LaunchOptions): Promise<HostLaunch> {
  const { spec, host } = o;
  const data = path.join(o.dir, 'data');
  const asRoot = isRoot() ? ['--user=root'] : [];
  if (!existsSync(path.join(data, 'mysql'))) {
    await fs.rm(data, { recursive: true, force: true });
    const install = await spawnTool([host.bin.install, '--no-defaults', `--datadir=${data}`, '--auth-root-authentication-method=normal', '--skip-test-db', ...asRoot]);
    if (install.exitCode !== 0) throw fail(spec, 'initialise its data folder (mariadb-install-db)', install.output);
  }
  // Applied on every start (idempotent): a changed password in stack.yml takes effect on the next deploy.
  const initFile = path.join(o.dir, 'init.sql');
  const account = (h: string) => `${mysqlLiteral(spec.user!)}@${mysqlLiteral(h)}`;
  const sql = [
    `CREATE DATABASE IF NOT EXISTS \`${spec.dbName!.replace(/`/g, '``')}\`;`,
    ...['%', 'localhost'].flatMap((h) => [
      `CREATE USER IF NOT EXISTS ${account(h)} IDENTIFIED BY ${mysqlLiteral(spec.password!)};`,
      `ALTER USER ${account(h)} IDENTIFIED BY ${mysqlLiteral(spec.password!)};`,
      `GRANT ALL PRIVILEGES ON *.* TO ${account(h)} WITH GRANT OPTION;`,
    ]),
    'FLUSH PRIVILEGES;',
  ];
  await writeSecretFile(initFile, sql.join('\n') + '\n');
  // A unix socket path is limited to ~100 bytes: it goes to the temp folder, named by the port.
  const socket = path.join('/tmp', `nxstack-mariadb-${spec.port}.sock`);
  const logStart = await fs.stat(o.logFile).then((st) => st.size, () => 0);
  const pid = spawnDetached([host.bin.server, '--no-defaults', `--datadir=${data}`, `--port=${spec.port}`, '--bind-address=127.0.0.1', `--socket=${socket}`, `--pid-file=${path.join(o.dir, 'server.pid')}`, `--init-file=${initFile}`, '--skip-name-resolve', ...asRoot], o.logFile);
  // Ready once this start logged `ready for connections`; an init-file statement that failed is logged as `ERROR: <code>`.
  const ready = async () => {
    const text = (await fs.readFile(o.logFile, 'utf8').catch(() => '')).slice(logStart);
    const error = /^ERROR: \d+.*$/m.exec(text);
    if (error) throw fail(spec, 'apply its user and database', error[0], o.logFile);
    return /ready for connections/.test(text);
  };
  return { pid, ready, settle: () => fs.rm(initFile, { force: true }) };
}
