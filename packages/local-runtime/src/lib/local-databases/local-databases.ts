/**
 * The local stage's database servers (relational-database, redis-cluster): one real server per
 * resource on its derived port, started by the local deploy, reused while it runs, started again
 * when a function or script needs it after a reboot, stopped (and its data removed) by destroy.
 * A container of the engine's image when a Docker engine answers, else the host's own server
 * (NXSTACK_LOCAL_DATABASES=docker|host forces one); neither is a located error, never a value
 * that points at nothing. Each server's record is `.nxstack/local/.databases/<stack>/<id>/server.json`.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import type Docker from 'dockerode';
import { localDatabaseDir, NxstackError, outputTail } from '@nxstack/core';
import { alive } from '../local-aws/local-aws-server';
import { localSecretReader } from '../local-environment';
import { engineName, reachableEngine } from '../packaged-image';
import { databaseImage, HOST_PACKAGES, versionLine, type LocalDatabaseSpec, type ResolvedDatabaseSpec } from './database-spec';
import { containerRunning, launchDatabaseContainer, stopDatabaseContainer } from './docker-launch';
import { findHostBinaries, hostVersionWarning, type HostBinaries, type HostSearch } from './host-binaries';
import { launchHostServer } from './host-launch';

/** What server.json holds: the spec (no password) and how its server runs. */
interface ServerRecord {
  readonly spec: Omit<LocalDatabaseSpec, 'location'>;
  readonly runtime: 'host' | 'docker';
  /** `PostgreSQL 15.18` or the image name. */
  readonly runs: string;
  /** The data folder's format: engine + version line of what runs (a different one means new data). */
  readonly format: string;
  readonly pid?: number;
  readonly container?: string;
  /** Hash of user, password and database: a change restarts a host server, which applies them. */
  readonly credentials: string;
}

export interface LocalDatabaseServer {
  readonly resource: string;
  readonly logicalId: string;
  readonly port: number;
  readonly runs: string;
  readonly pid?: number;
  readonly container?: string;
}

export interface LocalDatabasesOptions {
  readonly workspaceRoot: string;
  readonly stackName: string;
  readonly env: NodeJS.ProcessEnv;
  readonly log: (line: string) => void;
  /** Where host servers are looked for (default: PATH and Debian's folders). */
  readonly hostSearch?: HostSearch;
}

const HOST_START_MS = 60_000;
const DOCKER_START_MS = 180_000;

const stackDir = (o: LocalDatabasesOptions) => path.dirname(path.join(o.workspaceRoot, localDatabaseDir(o.stackName, 'x')));
const serverDir = (o: LocalDatabasesOptions, logicalId: string) => path.join(o.workspaceRoot, localDatabaseDir(o.stackName, logicalId));

async function readRecord(dir: string): Promise<ServerRecord | undefined> {
  try {
    return JSON.parse(await fs.readFile(path.join(dir, 'server.json'), 'utf8')) as ServerRecord;
  } catch {
    return undefined;
  }
}

async function writeRecord(dir: string, record: ServerRecord): Promise<void> {
  await fs.writeFile(path.join(dir, 'server.json.tmp'), JSON.stringify(record, null, 2) + '\n');
  await fs.rename(path.join(dir, 'server.json.tmp'), path.join(dir, 'server.json'));
}

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

type Runtime = { readonly kind: 'docker'; readonly docker: Docker } | { readonly kind: 'host' };

/** Docker when an engine answers (unless NXSTACK_LOCAL_DATABASES=host), else the host's servers. */
async function chooseRuntime(env: NodeJS.ProcessEnv, location: LocalDatabaseSpec['location']): Promise<Runtime> {
  const forced = env.NXSTACK_LOCAL_DATABASES;
  if (forced !== undefined && forced !== '' && forced !== 'docker' && forced !== 'host') {
    throw new NxstackError('NXS_LOCAL_DATABASE_UNAVAILABLE', `NXSTACK_LOCAL_DATABASES is '${forced}'.`, { location, hint: "Set it to 'docker' or 'host', or leave it unset (Docker when an engine answers, else the host's servers)." });
  }
  if (forced === 'host') return { kind: 'host' };
  const docker = await reachableEngine(env);
  if (docker) return { kind: 'docker', docker };
  if (forced === 'docker') {
    throw new NxstackError('NXS_LOCAL_DATABASE_UNAVAILABLE', `NXSTACK_LOCAL_DATABASES=docker, and no Docker engine answers at ${engineName(env.DOCKER_HOST || undefined)}.`, { location, hint: 'Start Docker (or point DOCKER_HOST at an engine), or unset NXSTACK_LOCAL_DATABASES to use the host servers.' });
  }
  return { kind: 'host' };
}

const credentialsHash = (spec: ResolvedDatabaseSpec) => createHash('sha256').update(JSON.stringify([spec.user, spec.password, spec.dbName])).digest('hex');

/** True when the record's server runs and answers on its port. */
async function running(record: ServerRecord, env: NodeJS.ProcessEnv): Promise<boolean> {
  if (record.runtime === 'host') return record.pid !== undefined && alive(record.pid) && (await portAnswers(record.spec.port));
  const docker = await reachableEngine(env);
  return !!docker && !!record.container && (await containerRunning(docker, record.container)) && (await portAnswers(record.spec.port));
}

async function stopServer(record: ServerRecord, env: NodeJS.ProcessEnv): Promise<void> {
  if (record.runtime === 'docker') {
    const docker = await reachableEngine(env);
    if (docker && record.container) await stopDatabaseContainer(docker, record.container);
    return;
  }
  const pid = record.pid;
  // A pid alone may have been reused: only a process that still answers on the server's port is signalled.
  if (pid === undefined || !alive(pid) || !(await portAnswers(record.spec.port))) return;
  // SIGINT is PostgreSQL's fast shutdown (SIGTERM waits for clients); the others save and exit on SIGTERM.
  process.kill(pid, record.spec.engine === 'postgres' ? 'SIGINT' : 'SIGTERM');
  for (let i = 0; i < 150 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  if (alive(pid)) process.kill(pid, 'SIGKILL');
}

async function resolveSpec(spec: LocalDatabaseSpec, workspaceRoot: string): Promise<ResolvedDatabaseSpec> {
  if (spec.engine !== 'redis' && (!spec.passwordSecret || !spec.user || !spec.dbName)) {
    throw new NxstackError('NXS_LOCAL_DATABASE_FAILED', `'${spec.resource}' has no master user, \$Secret password or database name the local stage can give its server.`, {
      location: spec.location,
      hint: "Write credentials.masterUserPassword as $Secret('<name>') (its local value in .nxstack/secrets.json).",
    });
  }
  if (!spec.passwordSecret) return spec;
  const password = await localSecretReader(workspaceRoot)(spec.passwordSecret).catch((e: unknown) => {
    // The secret is named in the resource's stack.yml: point there, keep the file's hint.
    if (e instanceof NxstackError) throw new NxstackError(e.code, `${e.message} ('${spec.resource}' needs it for its local server.)`, { location: spec.location ?? e.location, hint: e.hint });
    throw e;
  });
  return { ...spec, password };
}

async function waitReady(spec: ResolvedDatabaseSpec, isUp: () => Promise<boolean>, ready: () => Promise<boolean>, timeoutMs: number, logFile: string, describe: () => Promise<string>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!(await isUp())) break;
    if ((await ready()) && (await portAnswers(spec.port))) return;
    await new Promise((r) => setTimeout(r, 150));
  }
  const up = await isUp();
  throw new NxstackError('NXS_LOCAL_DATABASE_FAILED', `The local server of '${spec.resource}' (${spec.engine}) ${up ? `did not accept connections on 127.0.0.1:${spec.port} within ${timeoutMs / 1000}s` : 'exited'}:\n${outputTail(await describe(), 15)}`, {
    location: spec.location,
    hint: `See ${logFile}. Port ${spec.port} is derived from the project, stage and resource: another program holding it stops the server.`,
  });
}

/** Starts one server (its data folder kept when its format matches) and waits until it accepts connections. */
async function startServer(o: LocalDatabasesOptions, spec: ResolvedDatabaseSpec, runtime: Runtime, host: HostBinaries | undefined, dir: string, previous: ServerRecord | undefined): Promise<ServerRecord> {
  const format = runtime.kind === 'docker' ? `${spec.engine} ${versionLine(spec.engine, databaseImage(spec).split(':')[1])} (docker)` : `${host!.engine === 'mysql' ? 'mariadb' : host!.engine} ${host!.line} (host)`;
  if (previous && previous.format !== format) {
    o.log(`local ${spec.engine} of '${spec.resource}': its data was made by ${previous.format}, now ${format} runs: the data folder is recreated (empty)`);
    await fs.rm(path.join(dir, 'data'), { recursive: true, force: true });
  }
  await fs.mkdir(dir, { recursive: true });
  const logFile = path.join(dir, 'server.log');
  const relLog = path.relative(o.workspaceRoot, logFile);
  const base = { spec: { ...spec, location: undefined, password: undefined }, format, credentials: credentialsHash(spec) };
  if (runtime.kind === 'docker') {
    const container = await launchDatabaseContainer({ docker: runtime.docker, spec, dir });
    const record: ServerRecord = { ...base, runtime: 'docker', runs: databaseImage(spec), container };
    await writeRecord(dir, record);
    const logs = async () => String(await runtime.docker.getContainer(container).logs({ stdout: true, stderr: true, tail: 30 }).catch(() => ''));
    await waitReady(spec, () => containerRunning(runtime.docker, container), async () => true, DOCKER_START_MS, relLog, logs);
    return record;
  }
  const launched = await launchHostServer({ host: host!, spec, dir, logFile });
  const record: ServerRecord = { ...base, runtime: 'host', runs: host!.product, pid: launched.pid };
  await writeRecord(dir, record);
  try {
    await waitReady(spec, async () => alive(launched.pid), launched.ready, HOST_START_MS, relLog, () => fs.readFile(logFile, 'utf8').catch(() => ''));
  } finally {
    await launched.settle();
  }
  return record;
}

async function ensureServer(o: LocalDatabasesOptions, unresolved: LocalDatabaseSpec): Promise<LocalDatabaseServer> {
  const spec = await resolveSpec(unresolved, o.workspaceRoot);
  const dir = serverDir(o, spec.logicalId);
  const previous = await readRecord(dir);
  const runtime = await chooseRuntime(o.env, spec.location);
  const host = runtime.kind === 'host' ? await findHostBinaries(spec.engine, spec.version, o.env, o.hostSearch) : undefined;
  if (runtime.kind === 'host' && !host) {
    throw new NxstackError('NXS_LOCAL_DATABASE_UNAVAILABLE', `'${spec.resource}' (${spec.engine}${spec.version ? ` ${spec.version}` : ''}) needs a local server on the local stage: no Docker engine answers at ${engineName(o.env.DOCKER_HOST || undefined)}${o.env.NXSTACK_LOCAL_DATABASES === 'host' ? ' (NXSTACK_LOCAL_DATABASES=host)' : ''} and the host has no ${spec.engine} server.`, {
      location: spec.location,
      hint: `Start Docker (the deploy then runs ${databaseImage(spec)}), or install ${HOST_PACKAGES[spec.engine]}.`,
    });
  }
  const warning = host && hostVersionWarning(spec.resource, spec.engine, spec.version, host);
  if (warning) o.log(warning);
  const sameSpec = previous && JSON.stringify(previous.spec) === JSON.stringify({ ...spec, location: undefined, password: undefined });
  const sameRuntime = previous && previous.runtime === runtime.kind && (runtime.kind === 'docker' ? previous.runs === databaseImage(spec) : previous.runs === host!.product);
  if (previous && sameSpec && sameRuntime && previous.credentials === credentialsHash(spec) && (await running(previous, o.env))) {
    return { resource: spec.resource, logicalId: spec.logicalId, port: spec.port, runs: previous.runs, pid: previous.pid, container: previous.container };
  }
  if (previous) await stopServer(previous, o.env);
  if (previous && runtime.kind === 'docker' && previous.format.endsWith('(docker)') && previous.credentials !== credentialsHash(spec)) {
    o.log(`warning: the user, password or database of '${spec.resource}' changed: the ${databaseImage(spec)} image applies them only to a new data folder; destroy the local stage to recreate it`);
  }
  const record = await startServer(o, spec, runtime, host, dir, previous);
  o.log(`local ${spec.engine} of '${spec.resource}' ${previous ? 'restarted' : 'started'} on 127.0.0.1:${spec.port} (${record.runs}${record.pid ? `, pid ${record.pid}` : `, container ${record.container!.slice(0, 12)}`}; data ${path.relative(o.workspaceRoot, path.join(dir, 'data'))})`);
  return { resource: spec.resource, logicalId: spec.logicalId, port: spec.port, runs: record.runs, pid: record.pid, container: record.container };
}

async function recordedIds(o: LocalDatabasesOptions): Promise<string[]> {
  const entries = await fs.readdir(stackDir(o), { withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
}

/**
 * Deploy: every database of the stack runs (started, reused, or restarted with changed settings);
 * the servers of resources no longer in the stack are stopped and their data removed.
 */
export async function deployLocalDatabases(o: LocalDatabasesOptions & { specs: readonly LocalDatabaseSpec[] }): Promise<LocalDatabaseServer[]> {
  const wanted = new Set(o.specs.map((s) => s.logicalId));
  for (const id of await recordedIds(o)) {
    if (wanted.has(id)) continue;
    const record = await readRecord(serverDir(o, id));
    if (record) await stopServer(record, o.env);
    await fs.rm(serverDir(o, id), { recursive: true, force: true });
    o.log(`local ${record?.spec.engine ?? 'database'} of '${record?.spec.resource ?? id}' stopped and its data removed: the resource left the stack`);
  }
  const servers: LocalDatabaseServer[] = [];
  for (const spec of o.specs) servers.push(await ensureServer(o, spec));
  return servers;
}

/** Before a function or script runs: the stack's recorded servers run (started again after a reboot, data kept). */
export async function ensureLocalDatabases(o: LocalDatabasesOptions): Promise<LocalDatabaseServer[]> {
  const servers: LocalDatabaseServer[] = [];
  for (const id of await recordedIds(o)) {
    const record = await readRecord(serverDir(o, id));
    if (record) servers.push(await ensureServer(o, record.spec));
  }
  return servers;
}

/** The stack's recorded servers and whether each runs now. */
export async function listLocalDatabases(o: Omit<LocalDatabasesOptions, 'log'>): Promise<Array<LocalDatabaseServer & { readonly running: boolean }>> {
  const out: Array<LocalDatabaseServer & { running: boolean }> = [];
  for (const id of await recordedIds({ ...o, log: () => undefined })) {
    const r = await readRecord(serverDir({ ...o, log: () => undefined }, id));
    if (r) out.push({ resource: r.spec.resource, logicalId: r.spec.logicalId, port: r.spec.port, runs: r.runs, pid: r.pid, container: r.container, running: await running(r, o.env) });
  }
  return out;
}

/** Destroy: stops every server of the stack and removes their data. Returns the resources stopped. */
export async function destroyLocalDatabases(o: LocalDatabasesOptions): Promise<string[]> {
  const stopped: string[] = [];
  for (const id of await recordedIds(o)) {
    const record = await readRecord(serverDir(o, id));
    if (!record) continue;
    await stopServer(record, o.env);
    stopped.push(record.spec.resource);
  }
  await fs.rm(stackDir(o), { recursive: true, force: true });
  if (stopped.length) o.log(`local database servers stopped and their data removed: ${stopped.join(', ')}`);
  return stopped;
}
