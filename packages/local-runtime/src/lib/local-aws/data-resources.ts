import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { LOCAL_ACCOUNT, localAwsDir, LOCAL_REGION, NxstackError, spawnTool } from '@nxstack/core';
import { CLIENTS_DIR } from '../runtime-commands';
import { ensureLocalAwsServer, runningLocalAwsServer, stopLocalAwsServer, type LocalAwsServer } from './local-aws-server';
import { ensureMoto } from './moto-install';
import { ensureLocalDatabases } from '../local-databases/local-databases';

/**
 * CloudFormation types the local stage creates in its AWS server: the resources of `bucket`,
 * `dynamo-db-table`, `sqs-queue`, `sns-topic` (and its subscriptions), `event-bus` and `kinesis-stream`, also when
 * written under cloudformationResources. Policies are not listed: moto does not enforce IAM.
 */
export const LOCAL_DATA_RESOURCE_TYPES: readonly string[] = ['AWS::S3::Bucket', 'AWS::DynamoDB::Table', 'AWS::SQS::Queue', 'AWS::SNS::Topic', 'AWS::SNS::Subscription', 'AWS::Events::EventBus', 'AWS::Kinesis::Stream'];

/** One data resource as the local stage creates it: its local name and its properties with intrinsics resolved. */
export interface LocalDataResource {
  readonly logicalId: string;
  readonly type: string;
  readonly name: string;
  readonly properties: Record<string, unknown>;
}

/** What a stack holds in the server: written after each apply, read to diff and to re-create after a restart. */
interface StackRecord {
  readonly token: string;
  readonly resources: readonly LocalDataResource[];
}

const recordFile = (workspaceRoot: string, stackName: string) => path.join(workspaceRoot, localAwsDir(), 'stacks', `${stackName}.json`);

async function readRecord(workspaceRoot: string, stackName: string): Promise<StackRecord | undefined> {
  try {
    return JSON.parse(await fs.readFile(recordFile(workspaceRoot, stackName), 'utf8')) as StackRecord;
  } catch {
    return undefined;
  }
}

async function writeRecord(workspaceRoot: string, stackName: string, record: StackRecord): Promise<void> {
  const file = recordFile(workspaceRoot, stackName);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(`${file}.tmp`, JSON.stringify(record, null, 2) + '\n');
  await fs.rename(`${file}.tmp`, file);
}

export interface ApplyResult {
  readonly endpoint: string;
  readonly created: readonly string[];
  readonly removed: readonly string[];
}

async function runApply(workspaceRoot: string, server: LocalAwsServer, create: readonly LocalDataResource[], remove: readonly LocalDataResource[]): Promise<ApplyResult> {
  if (create.length === 0 && remove.length === 0) return { endpoint: server.endpoint, created: [], removed: [] };
  const moto = await ensureMoto(workspaceRoot);
  const input = JSON.stringify({ endpoint: server.endpoint, region: LOCAL_REGION, account: LOCAL_ACCOUNT, create, remove });
  const tmp = path.join(workspaceRoot, localAwsDir(), `apply-${process.pid}.json`);
  await fs.writeFile(tmp, input);
  const run = await spawnTool([moto.python, '-I', '-S', path.join(CLIENTS_DIR, 'local-aws', 'apply.py'), moto.packagesDir, tmp]).finally(() => fs.rm(tmp, { force: true }));
  const last = run.stdout.trim().split('\n').at(-1) ?? '';
  let result: { created?: string[]; removed?: string[]; error?: string; logicalId?: string } = {};
  try {
    result = JSON.parse(last) as typeof result;
  } catch {
    result = { error: run.output.trim() || `exit ${run.exitCode}` };
  }
  if (run.exitCode !== 0 || result.error) {
    throw new NxstackError('NXS_LOCAL_AWS_APPLY_FAILED', `Creating the local stage's data resources in moto failed${result.logicalId ? ` at ${result.logicalId}` : ''}: ${result.error}`, {
      hint: `The server's log is ${path.join(localAwsDir(), 'server.log')}; a resource type or setting moto does not support can be left out of the local stage through stack.yml overrides.`,
    });
  }
  return { endpoint: server.endpoint, created: result.created ?? [], removed: result.removed ?? [] };
}

/**
 * Makes the local AWS server hold exactly `resources` for `stackName`: starts the server when
 * needed, creates what is new, re-creates what changed (local data of a changed resource is not
 * kept), deletes what went away. After a server restart everything is created anew (empty).
 */
export async function deployLocalDataResources(o: { workspaceRoot: string; stackName: string; resources: readonly LocalDataResource[]; log?: (line: string) => void }): Promise<ApplyResult | undefined> {
  const previous = await readRecord(o.workspaceRoot, o.stackName);
  if (o.resources.length === 0 && !previous?.resources.length) return undefined;
  const server = await ensureLocalAwsServer(o.workspaceRoot, o.log);
  const held = previous?.token === server.token ? previous.resources : [];
  const heldById = new Map(held.map((r) => [r.logicalId, r]));
  const wanted = new Map(o.resources.map((r) => [r.logicalId, r]));
  const changed = o.resources.filter((r) => heldById.has(r.logicalId) && !isDeepStrictEqual(heldById.get(r.logicalId), r));
  const remove = [...held.filter((r) => !wanted.has(r.logicalId)), ...changed.map((r) => heldById.get(r.logicalId)!)];
  const create = o.resources.filter((r) => !heldById.has(r.logicalId) || changed.includes(r));
  const result = await runApply(o.workspaceRoot, server, create, remove);
  await writeRecord(o.workspaceRoot, o.stackName, { token: server.token, resources: o.resources });
  return result;
}

/**
 * Before a function runs: the stack's data resources exist in a running server (re-created,
 * empty, when the server was restarted since the deploy), and its database servers run.
 * Returns the endpoint, or undefined when the stack has no data resources.
 */
export async function ensureLocalDataResources(o: { workspaceRoot: string; stackName: string; log?: (line: string) => void }): Promise<string | undefined> {
  await ensureLocalDatabases({ workspaceRoot: o.workspaceRoot, stackName: o.stackName, env: process.env, log: o.log ?? (() => undefined) });
  const record = await readRecord(o.workspaceRoot, o.stackName);
  if (!record?.resources.length) return undefined;
  const server = await ensureLocalAwsServer(o.workspaceRoot, o.log);
  if (record.token === server.token) return server.endpoint;
  o.log?.(`the local AWS server was restarted: creating ${o.stackName}'s data resources again (empty)`);
  await runApply(o.workspaceRoot, server, record.resources, []);
  await writeRecord(o.workspaceRoot, o.stackName, { token: server.token, resources: record.resources });
  return server.endpoint;
}

/**
 * Deletes a stack's data resources from the local AWS server; stops the server when no stack
 * holds anything there any more. Returns the removed logical ids.
 */
export async function destroyLocalDataResources(o: { workspaceRoot: string; stackName: string; log?: (line: string) => void }): Promise<readonly string[]> {
  const record = await readRecord(o.workspaceRoot, o.stackName);
  const server = await runningLocalAwsServer(o.workspaceRoot);
  let removed: readonly string[] = [];
  if (record && server && record.token === server.token) removed = (await runApply(o.workspaceRoot, server, [], record.resources)).removed;
  await fs.rm(recordFile(o.workspaceRoot, o.stackName), { force: true });
  const others = await fs.readdir(path.dirname(recordFile(o.workspaceRoot, o.stackName))).catch(() => [] as string[]);
  if (server && !others.some((f) => f.endsWith('.json')) && (await stopLocalAwsServer(o.workspaceRoot))) o.log?.('local AWS (moto) stopped: no stack holds data resources there any more');
  return removed;
}
