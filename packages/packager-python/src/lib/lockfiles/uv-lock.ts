import type { MarkerEnvironment } from '../markers';
import { parseToml } from './poetry-lock';
import { type ExportedLock, type PinnedRequirement, canonicalName, invalidLock, isDefaultIndex, markerHolds, sortPins, unsupportedSource } from './pinned';

interface UvDep {
  name: string;
  version?: string;
  marker?: string;
  extra?: string[];
}

interface UvPackage {
  name: string;
  version?: string;
  source?: { registry?: string; virtual?: string; editable?: string; git?: string; path?: string; directory?: string; url?: string };
  dependencies?: UvDep[];
  'optional-dependencies'?: Record<string, UvDep[]>;
  sdist?: { hash?: string };
  wheels?: Array<{ hash?: string }>;
}

function isLocalProject(p: UvPackage): boolean {
  return p.source?.virtual !== undefined || p.source?.editable !== undefined;
}

/**
 * uv.lock (TOML) → the production dependencies: walk from the workspace's own project(s) along
 * `dependencies` (never dev-dependencies), following extras and evaluating edge markers for the
 * Lambda platform. A package locked at several versions (forked resolution) is matched by version.
 */
export async function exportUvLock(text: string, env: MarkerEnvironment, lockFile: string): Promise<ExportedLock> {
  const doc = (await parseToml(text, lockFile)) as unknown as { package?: UvPackage[] };
  const packages = doc.package ?? [];
  if (!Array.isArray(packages)) throw invalidLock(lockFile, '[[package]] is not a list');
  const find = (dep: UvDep): UvPackage | undefined => {
    const name = canonicalName(dep.name);
    const candidates = packages.filter((p) => canonicalName(p.name) === name);
    return candidates.find((p) => dep.version === undefined || p.version === dep.version) ?? candidates[0];
  };
  const roots = packages.filter((p) => isLocalProject(p) && (p.source?.virtual ?? p.source?.editable) === '.');
  const start = roots.length ? roots : packages.filter(isLocalProject);
  const queue: UvDep[] = start.flatMap((p) => p.dependencies ?? []);
  const seen = new Set<string>();
  const selected: UvPackage[] = [];
  while (queue.length) {
    const dep = queue.shift()!;
    if (!markerHolds(dep.marker, env, lockFile)) continue;
    const p = find(dep);
    if (!p) throw invalidLock(lockFile, `dependency "${dep.name}" has no [[package]] entry`);
    for (const extra of dep.extra ?? []) queue.push(...(p['optional-dependencies']?.[extra] ?? []));
    const key = `${canonicalName(p.name)}@${p.version}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (!isLocalProject(p)) selected.push(p);
    queue.push(...(p.dependencies ?? []));
  }
  const pins: PinnedRequirement[] = [];
  const extraIndexUrls = new Set<string>();
  for (const p of selected) {
    const s = p.source ?? {};
    if (s.git || s.path || s.directory || s.url) throw unsupportedSource(lockFile, p.name, s.git ? 'git' : s.url ? 'direct URL' : 'local path');
    if (s.registry && /^https?:/.test(s.registry) && !isDefaultIndex(s.registry)) extraIndexUrls.add(s.registry);
    if (!p.version) throw invalidLock(lockFile, `package "${p.name}" has no version`);
    const hashes = [p.sdist?.hash, ...(p.wheels ?? []).map((w) => w.hash)].filter((h): h is string => !!h);
    pins.push({ name: p.name, version: p.version, hashes });
  }
  return { requirements: sortPins(pins), extraIndexUrls: [...extraIndexUrls].sort() };
}
