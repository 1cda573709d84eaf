/**
 * StackDeployer of the local stage: no AWS. Deploying writes
 * `.nxstack/<stage>/<project>/template.json` and `state.json` (template, parameters, hash,
 * outputs resolved locally, deployedAt); changes are computed by comparing templates.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { DeployedStackState, LoadedStack, LocalStackStateOutputs, PreparedChange, StackDeployer, StackEvent } from '@nxstack/core';
import { LOCAL_STACK_STATE_FILE, LOCAL_STACK_TEMPLATE_FILE, NxstackError } from '@nxstack/core';
import { HASH_TAG } from './cfn-stack-deployer';
import { deployLocalDatabases, destroyLocalDataResources, destroyLocalDatabases } from '@nxstack/local-runtime';
import { localDatabaseSpecs } from './local-database-specs';
import { deployLocalDataPlane } from './local-data-plane';
import type { LocalScriptRecord } from './local-deployment-scripts';
import { localResources, resolveLocalOutputs, type LocalResource } from './local-outputs';
import { localImporters } from './stack-importers';
import { diffTemplates, type TemplateLike } from './template-diff';

export interface LocalStackState extends LocalStackStateOutputs {
  readonly stackName: string;
  readonly template: Record<string, any>;
  readonly parameters: Record<string, string>;
  readonly hash?: string;
  readonly tags: Record<string, string>;
  readonly resources: LocalResource[];
  readonly outputs: Record<string, string>;
  readonly deployedAt: string;
  /** Deployment scripts of this deploy (local-deployment-scripts.ts): destroy runs their before:delete ones. */
  readonly deploymentScripts?: readonly LocalScriptRecord[];
}

interface Pending {
  readonly stackName: string;
  readonly template: Record<string, any>;
  readonly parameters: Record<string, string>;
  readonly tags: Record<string, string>;
}

export class LocalStackDeployer implements StackDeployer {
  private readonly pending = new Map<string, Pending>();

  /**
   * @param projectDir `.nxstack/<stage>/<project>` (absolute).
   * @param dataPlane when given, data resources are deployed into the workspace's local AWS server
   *   and databases / redis clusters run as local servers (local-database-specs.ts).
   */
  constructor(
    readonly projectDir: string,
    private readonly dataPlane?: { readonly workspaceRoot: string; readonly log: (line: string) => void; readonly env?: NodeJS.ProcessEnv },
  ) {}

  get stateFile(): string {
    return path.join(this.projectDir, LOCAL_STACK_STATE_FILE);
  }
  get templateFile(): string {
    return path.join(this.projectDir, LOCAL_STACK_TEMPLATE_FILE);
  }

  async readState(): Promise<LocalStackState | undefined> {
    try {
      return JSON.parse(await fs.readFile(this.stateFile, 'utf8')) as LocalStackState;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new NxstackError('NXS_LOCAL_STATE_INVALID', `Local stack state ${this.stateFile} is unreadable: ${(e as Error).message}`, {
        hint: 'Delete the folder (or run the destroy target) and deploy again.',
        cause: e,
      });
    }
  }

  async current(stackName: string): Promise<DeployedStackState | undefined> {
    const s = await this.readState();
    if (!s || s.stackName !== stackName) return undefined;
    return { stackName, status: 'DEPLOYED', deployedHash: s.hash, outputs: s.outputs };
  }

  async prepareChange(input: Parameters<StackDeployer['prepareChange']>[0]): Promise<PreparedChange> {
    const before = (await this.readState())?.template as TemplateLike | undefined;
    const template = JSON.parse(input.templateBody) as Record<string, any>;
    const changes = diffTemplates(before, template as TemplateLike).map((d) => ({ ...d, replacement: undefined }));
    const id = `local-${input.stackName}-${this.pending.size + 1}`;
    this.pending.set(id, { stackName: input.stackName, template, parameters: { ...input.parameters }, tags: { ...input.tags } });
    return { id, changes, empty: changes.length === 0 && before !== undefined };
  }

  /** @param stack the stack.yml being deployed: locates errors of its local database servers. */
  async execute(stackName: string, change: PreparedChange, onEvent: (e: StackEvent) => void, stack?: LoadedStack): Promise<DeployedStackState> {
    const p = this.pending.get(change.id);
    if (!p) throw new NxstackError('NXS_CHANGE_UNKNOWN', `No prepared local change ${change.id}.`);
    this.pending.delete(change.id);
    let resources = localResources(p.template, stackName);
    if (this.dataPlane) {
      resources = await deployLocalDataPlane({ ...this.dataPlane, stackName, template: p.template, resources });
      await deployLocalDatabases({ ...this.dataPlane, env: this.dataPlane.env ?? process.env, stackName, specs: localDatabaseSpecs(p.template, stackName, stack) });
    }
    const outputs = resolveLocalOutputs(p.template, resources, stackName);
    const state: LocalStackState = {
      stackName,
      template: p.template,
      parameters: p.parameters,
      hash: p.tags[HASH_TAG],
      tags: p.tags,
      resources,
      outputs,
      deployedAt: new Date().toISOString(),
    };
    await fs.mkdir(this.projectDir, { recursive: true });
    await writeAtomic(this.templateFile, JSON.stringify(p.template, null, 2) + '\n');
    for (const c of change.changes) {
      const status = c.action === 'Add' ? 'CREATE_COMPLETE' : c.action === 'Remove' ? 'DELETE_COMPLETE' : 'UPDATE_COMPLETE';
      onEvent({ timestamp: new Date(), logicalId: c.logicalId, resourceType: c.resourceType, status });
    }
    await writeAtomic(this.stateFile, JSON.stringify(state, null, 2) + '\n');
    return { stackName, status: 'DEPLOYED', deployedHash: state.hash, outputs };
  }

  /** Adds the deployment scripts of the deploy just executed to its state. */
  async recordDeploymentScripts(scripts: readonly LocalScriptRecord[]): Promise<LocalStackState> {
    const state = await this.readState();
    if (!state) throw new NxstackError('NXS_LOCAL_STATE_INVALID', `No local state in ${this.stateFile} to record deployment scripts in.`);
    const next = { ...state, deploymentScripts: scripts };
    await writeAtomic(this.stateFile, JSON.stringify(next, null, 2) + '\n');
    return next;
  }

  /**
   * The template and state files as they are now; the returned function puts them back (or
   * removes them when there were none): a failed after:deploy script leaves the previous deploy,
   * the local analogue of CloudFormation's rollback.
   */
  async snapshot(): Promise<() => Promise<void>> {
    const files = [this.templateFile, this.stateFile];
    const saved = await Promise.all(files.map((f) => fs.readFile(f, 'utf8').catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? undefined : Promise.reject(e)))));
    return async () => {
      for (const [i, file] of files.entries()) {
        const text = saved[i];
        if (text === undefined) await fs.rm(file, { force: true });
        else await writeAtomic(file, text);
      }
    };
  }

  /** projectDir is `.nxstack/<stage>/<project>`: every stage's states are two levels up. */
  importingStacks(stackName: string): Promise<string[]> {
    return localImporters(path.dirname(path.dirname(this.projectDir)), stackName);
  }

  async discard(_stackName: string, change: PreparedChange): Promise<void> {
    this.pending.delete(change.id);
  }

  async destroy(stackName: string, onEvent: (e: StackEvent) => void): Promise<void> {
    const s = await this.readState();
    if (this.dataPlane) {
      const removed = await destroyLocalDataResources({ ...this.dataPlane, stackName });
      if (removed.length) this.dataPlane.log(`local AWS (moto): removed ${removed.join(', ')}`);
      await destroyLocalDatabases({ ...this.dataPlane, env: this.dataPlane.env ?? process.env, stackName });
    }
    for (const r of s?.resources ?? []) onEvent({ timestamp: new Date(), logicalId: r.logicalId, resourceType: r.type, status: 'DELETE_COMPLETE' });
    await fs.rm(this.projectDir, { recursive: true, force: true });
    if (s) onEvent({ timestamp: new Date(), logicalId: stackName, resourceType: 'nxstack::Local::Stack', status: 'DELETE_COMPLETE' });
  }
}

async function writeAtomic(file: string, text: string): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`;
  await fs.writeFile(temp, text);
  await fs.rename(temp, file);
}
