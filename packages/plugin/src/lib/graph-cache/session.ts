import { AsyncLocalStorage } from 'node:async_hooks';
import type { PackageOrigin } from '../linked-workspace-packages';
import { FileHashes, type Fingerprint } from './fingerprint';

/** A bare import's origin as found when the scan ran (re-checked, not trusted, on reuse). */
export interface RecordedOrigin {
  readonly importer: string;
  readonly specifier: string;
  readonly origin: PackageOrigin;
}

/** One function's narrowed inputs and what computing them read. */
export interface NodeInputsEntry {
  readonly result: string[];
  readonly fingerprint: Fingerprint;
  readonly origins: RecordedOrigin[];
  readonly linked: Array<{ readonly dir: string; readonly sources: string[] }>;
}

/** A cheap graph-time call whose answer a cached stack result relied on; re-run to check it. */
export interface RecordedCall {
  readonly kind: string;
  readonly args: unknown[];
  readonly result: unknown;
}

/** One stack.yml's createNodes result and what it relied on besides stack.yml itself. */
export interface StackEntry {
  readonly key: string;
  readonly result: unknown;
  /** Files read while loading stack.yml ($File), by content. */
  readonly fingerprint: Fingerprint;
  readonly calls: RecordedCall[];
}

/** The cache file's content. */
export interface GraphCacheData {
  readonly version: string;
  readonly scans: Record<string, NodeInputsEntry>;
  readonly stacks: Record<string, StackEntry>;
}

/** What one graph computation did: the e2e test and the benchmark read it from the stats file. */
export interface GraphCacheStats {
  stackHits: number;
  stackMisses: number;
  scanHits: number;
  scanMisses: number;
  /** esbuild scans run (function scans and linked-package scans). */
  esbuildScans: number;
}

/**
 * One createNodes call of the plugin: the entries read from the cache file, the entries to write
 * back (only those used this time, so removed functions and stacks drop out) and the file hashes.
 */
export class GraphSession {
  readonly hashes: FileHashes;
  readonly stats: GraphCacheStats = { stackHits: 0, stackMisses: 0, scanHits: 0, scanMisses: 0, esbuildScans: 0 };
  readonly next: { scans: Record<string, NodeInputsEntry>; stacks: Record<string, StackEntry> } = { scans: {}, stacks: {} };
  changed = false;

  constructor(
    readonly workspaceRoot: string,
    private readonly previous: GraphCacheData,
  ) {
    this.hashes = new FileHashes(workspaceRoot);
  }

  scanEntry(key: string): NodeInputsEntry | undefined {
    return this.next.scans[key] ?? this.previous.scans[key];
  }
  keepScan(key: string, entry: NodeInputsEntry, hit: boolean): void {
    if (hit) this.stats.scanHits++;
    else {
      this.stats.scanMisses++;
      this.changed = true;
    }
    this.next.scans[key] = entry;
  }
  countScan(): void {
    this.stats.esbuildScans++;
  }
  /** Something was computed, or an entry is no longer used and drops out. */
  needsWrite(): boolean {
    return this.changed || Object.keys(this.next.stacks).length !== Object.keys(this.previous.stacks).length || Object.keys(this.next.scans).length !== Object.keys(this.previous.scans).length;
  }
  stackEntry(stackFile: string): StackEntry | undefined {
    return this.previous.stacks[stackFile];
  }
  keepStack(stackFile: string, entry: StackEntry, hit: boolean): void {
    if (hit) this.stats.stackHits++;
    else {
      this.stats.stackMisses++;
      this.changed = true;
    }
    this.next.stacks[stackFile] = entry;
  }
}

interface Scope {
  readonly session: GraphSession;
  /** The calls of the stack.yml being computed (absent while a cached one is checked). */
  readonly calls?: RecordedCall[];
}

const scope = new AsyncLocalStorage<Scope>();

/** The graph computation this code runs in, if any (direct calls from tests and tools have none). */
export function currentGraphSession(): GraphSession | undefined {
  return scope.getStore()?.session;
}

export function inGraphScope<T>(session: GraphSession, calls: RecordedCall[] | undefined, fn: () => T): T {
  return scope.run({ session, calls }, fn);
}

/**
 * Runs a cheap graph-time call (one that reads the file system) and records it with its answer,
 * so a cached stack result can be reused only while every such call still answers the same.
 * Every file-system read a stack's targets depend on goes through here or the scan cache.
 */
export function recorded<A extends unknown[], R>(kind: RecordedKind, fn: (...args: A) => R, ...args: A): R {
  const result = fn(...args);
  scope.getStore()?.calls?.push({ kind, args, result: result === undefined ? null : result });
  return result;
}

/** The recorded calls by name (re-run when a cached stack result is checked); see graph-calls.ts. */
export type RecordedKind = 'lockfiles' | 'projectName' | 'buildpackInputs' | 'nodeInputs';
