import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { GraphSession, type GraphCacheData } from './session';

/** The cache file and the last computation's counts, in Nx's workspace data folder (`.nx/workspace-data`). */
export const GRAPH_CACHE_FILE = 'nxstack-graph.json';
export const GRAPH_CACHE_STATS_FILE = 'nxstack-graph-stats.json';

/**
 * This checkout's workspace data folder, where Nx keeps its own project-graph cache and its
 * plugins theirs (NX_WORKSPACE_DATA_DIRECTORY honoured). @nx/devkit 24 does not export it
 * publicly; nx's own plugins import it from this module, which nx's package exports allow.
 */
export function workspaceDataDir(workspaceRoot: string): string {
  const nx = require('nx/src/utils/cache-directory') as { workspaceDataDirectoryForWorkspace(root: string): string };
  return nx.workspaceDataDirectoryForWorkspace(workspaceRoot);
}

let codeVersion: string | undefined;
/**
 * The plugin's version and a digest of its own code: results computed by another build of the
 * plugin (an upgrade, a local change) are never reused.
 */
function cacheVersion(): string {
  if (codeVersion) return codeVersion;
  const pkgRoot = path.resolve(__dirname, '..', '..', '..');
  const h = createHash('sha256');
  h.update(readFileSync(path.join(pkgRoot, 'package.json')));
  for (const dir of [path.resolve(__dirname, '..'), __dirname]) {
    for (const f of readdirSync(dir).sort()) if (/\.[jt]s$/.test(f) && !/\.(test|d)\.[jt]s$/.test(f)) h.update(f).update(readFileSync(path.join(dir, f)));
  }
  codeVersion = `1:${h.digest('hex').slice(0, 16)}`;
  return codeVersion;
}

/** Reads the cache file; an absent, unreadable or other-version file starts empty. */
export function openGraphSession(workspaceRoot: string): GraphSession {
  const version = cacheVersion();
  let data: GraphCacheData = { version, scans: {}, stacks: {} };
  try {
    const read = JSON.parse(readFileSync(path.join(workspaceDataDir(workspaceRoot), GRAPH_CACHE_FILE), 'utf8')) as GraphCacheData;
    if (read.version === version && read.scans && read.stacks) data = read;
  } catch {
    // No cache yet (or a torn one): everything is computed.
  }
  return new GraphSession(workspaceRoot, data);
}

/**
 * Writes back what this computation used (when anything changed) and its counts. Written to a
 * temporary name and renamed, so a concurrent `nx` never reads half a file. A failed write only
 * costs the next run a recomputation.
 */
export function closeGraphSession(session: GraphSession): void {
  try {
    const dir = workspaceDataDir(session.workspaceRoot);
    mkdirSync(dir, { recursive: true });
    const write = (name: string, value: unknown) => {
      const tmp = path.join(dir, `${name}.${process.pid}.tmp`);
      writeFileSync(tmp, JSON.stringify(value));
      renameSync(tmp, path.join(dir, name));
    };
    if (session.needsWrite()) {
      write(GRAPH_CACHE_FILE, { version: cacheVersion(), ...session.next } satisfies GraphCacheData);
    }
    write(GRAPH_CACHE_STATS_FILE, session.stats);
  } catch {
    // Read-only workspace data: the graph is still right, only not cached.
  }
}
