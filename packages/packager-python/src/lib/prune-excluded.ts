import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { canonicalName } from './lockfiles/pinned';
import { evaluateMarker, type MarkerEnvironment } from './markers';

interface InstalledDist {
  readonly distInfo: string;
  readonly requires: string[];
}

/** Requires-Dist names that apply on the target (extras included). */
function requiresOf(metadata: string, env: MarkerEnvironment): string[] {
  const out: string[] = [];
  for (const line of metadata.split(/\r?\n/)) {
    if (line === '') break; // headers end at the first blank line; the description follows
    const m = /^Requires-Dist:\s*([A-Za-z0-9][A-Za-z0-9._-]*)[^;]*(?:;(.*))?$/.exec(line);
    if (!m) continue;
    const marker = m[2]?.trim();
    // Extra-only requirements count as edges: an installed extra (requests[socks] → PySocks)
    // belongs to the package that declares it, and goes when that package is excluded.
    if (marker && /\bextra\b/.test(marker)) {
      out.push(canonicalName(m[1]));
      continue;
    }
    let holds = true;
    try {
      holds = evaluateMarker(marker, env);
    } catch {
      holds = true; // unknown marker syntax: keep the dependency rather than break the function
    }
    if (holds) out.push(canonicalName(m[1]));
  }
  return out;
}

async function installedDists(targetDir: string, env: MarkerEnvironment): Promise<Map<string, InstalledDist>> {
  const dists = new Map<string, InstalledDist>();
  for (const entry of (await fs.readdir(targetDir)).sort()) {
    const m = /^(.+)-[^-]+\.dist-info$/.exec(entry);
    if (!m) continue;
    const metadata = await fs.readFile(path.join(targetDir, entry, 'METADATA'), 'utf8').catch(() => '');
    dists.set(canonicalName(m[1]), { distInfo: entry, requires: requiresOf(metadata, env) });
  }
  return dists;
}

/**
 * Removes excludeDependencies from a pip --target folder together with what only they needed
 * (boto3 → botocore, s3transfer, jmespath), following each dist's Requires-Dist. Roots are the
 * declared requirements plus every dist nothing else requires; files go by the dist's RECORD.
 */
export async function pruneExcluded(targetDir: string, excluded: ReadonlySet<string>, declared: readonly string[], env: MarkerEnvironment): Promise<string[]> {
  if (!excluded.size) return [];
  const dists = await installedDists(targetDir, env);
  const required = new Set([...dists.values()].flatMap((d) => d.requires));
  const roots = [...new Set([...declared.map(canonicalName), ...[...dists.keys()].filter((n) => !required.has(n))])].filter((n) => !excluded.has(n));
  const keep = new Set<string>();
  const queue = [...roots];
  while (queue.length) {
    const name = queue.shift()!;
    if (keep.has(name) || excluded.has(name) || !dists.has(name)) continue;
    keep.add(name);
    queue.push(...dists.get(name)!.requires);
  }
  const removed: string[] = [];
  for (const [name, dist] of dists) {
    if (keep.has(name)) continue;
    const record = await fs.readFile(path.join(targetDir, dist.distInfo, 'RECORD'), 'utf8').catch(() => '');
    for (const line of record.split(/\r?\n/)) {
      const rel = line.split(',')[0];
      if (!rel || rel.split('/').includes('..') || path.isAbsolute(rel)) continue;
      await fs.rm(path.join(targetDir, rel), { force: true });
    }
    await fs.rm(path.join(targetDir, dist.distInfo), { recursive: true, force: true });
    removed.push(name);
  }
  await removeEmptyDirs(targetDir);
  return removed;
}

async function removeEmptyDirs(dir: string): Promise<boolean> {
  let empty = true;
  for (const e of await fs.readdir(dir, { withFileTypes: true })) {
    if (e.isDirectory() && (await removeEmptyDirs(path.join(dir, e.name)))) await fs.rmdir(path.join(dir, e.name));
    else empty = false;
  }
  return empty;
}

/** Distribution names a requirements file (and its -r includes) asks for. */
export async function declaredRequirementNames(file: string, seen = new Set<string>()): Promise<string[]> {
  if (seen.has(file)) return [];
  seen.add(file);
  const text = await fs.readFile(file, 'utf8').catch(() => '');
  const names: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    const inc = /^(?:-r|--requirement)\s*=?\s*(\S+)/.exec(line);
    if (inc) names.push(...(await declaredRequirementNames(path.resolve(path.dirname(file), inc[1]), seen)));
    const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(line);
    if (m) names.push(m[1]);
  }
  return names;
}
