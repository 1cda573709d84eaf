import type { MarkerEnvironment } from '../markers';
import { type ExportedLock, type PinnedRequirement, canonicalName, invalidLock, isDefaultIndex, markerHolds, sortPins, unsupportedSource } from './pinned';

type DepSpec = string | { version?: string; markers?: string; optional?: boolean } | Array<{ version?: string; markers?: string; optional?: boolean }>;

interface PoetryPackage {
  name: string;
  version: string;
  optional?: boolean;
  category?: string;
  groups?: string[];
  markers?: string | Record<string, string>;
  files?: Array<{ file?: string; hash?: string }>;
  dependencies?: Record<string, DepSpec>;
  source?: { type?: string; url?: string };
}

// smol-toml is ESM-only; a dynamic import() loads it from this CommonJS build.
async function parseToml(text: string, file: string): Promise<Record<string, unknown>> {
  const { parse } = await import('smol-toml');
  try {
    return parse(text) as Record<string, unknown>;
  } catch (cause) {
    throw invalidLock(file, (cause as Error).message.split('\n')[0], cause);
  }
}

/** Main-group dependency names declared in pyproject.toml (Poetry or PEP 621 style). */
async function rootDependencies(pyprojectText: string, file: string): Promise<string[]> {
  const doc = (await parseToml(pyprojectText, file) as unknown) as { tool?: { poetry?: { dependencies?: Record<string, unknown> } }; project?: { dependencies?: string[] } };
  const names = Object.keys(doc.tool?.poetry?.dependencies ?? {}).filter((n) => n.toLowerCase() !== 'python');
  for (const req of doc.project?.dependencies ?? []) {
    const m = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(req);
    if (m) names.push(m[1]);
  }
  return names.map(canonicalName);
}

function depMarkers(spec: DepSpec): Array<{ markers?: string; optional?: boolean }> {
  if (typeof spec === 'string') return [{}];
  return Array.isArray(spec) ? spec : [spec];
}

/**
 * poetry.lock (TOML) → the production dependencies for the Lambda platform. Lock 2.1 (Poetry 2)
 * records groups and markers per package; lock 1.x records `category`; lock 2.0 records neither,
 * so the graph is walked from pyproject.toml's main dependencies.
 */
export async function exportPoetryLock(text: string, env: MarkerEnvironment, lockFile: string, pyproject?: { text: string; file: string }): Promise<ExportedLock> {
  const doc = (await parseToml(text, lockFile)) as unknown as { package?: PoetryPackage[] };
  const packages = doc.package ?? [];
  if (!Array.isArray(packages)) throw invalidLock(lockFile, '[[package]] is not a list');
  const selected: PoetryPackage[] = [];
  if (packages.some((p) => Array.isArray(p.groups))) {
    for (const p of packages) {
      if (!p.groups?.includes('main') || p.optional) continue;
      const marker = typeof p.markers === 'object' ? p.markers.main : p.markers;
      if (markerHolds(marker, env, lockFile)) selected.push(p);
    }
  } else if (packages.some((p) => p.category)) {
    selected.push(...packages.filter((p) => (p.category ?? 'main') === 'main' && !p.optional));
  } else if (pyproject) {
    const byName = new Map(packages.map((p) => [canonicalName(p.name), p]));
    const queue = await rootDependencies(pyproject.text, pyproject.file);
    const seen = new Set<string>();
    while (queue.length) {
      const name = queue.shift()!;
      const p = byName.get(name);
      if (!p || seen.has(name)) continue;
      seen.add(name);
      selected.push(p);
      for (const [dep, spec] of Object.entries(p.dependencies ?? {})) {
        if (depMarkers(spec).some((s) => !s.optional && markerHolds(s.markers, env, lockFile))) queue.push(canonicalName(dep));
      }
    }
  } else {
    selected.push(...packages.filter((p) => !p.optional));
  }
  const pins: PinnedRequirement[] = [];
  const extraIndexUrls = new Set<string>();
  for (const p of selected) {
    const type = p.source?.type;
    if (type && type !== 'legacy') throw unsupportedSource(lockFile, p.name, type);
    if (type === 'legacy' && p.source?.url && !isDefaultIndex(p.source.url)) extraIndexUrls.add(p.source.url);
    if (typeof p.name !== 'string' || typeof p.version !== 'string') throw invalidLock(lockFile, 'a [[package]] has no name or version');
    pins.push({ name: p.name, version: p.version, hashes: (p.files ?? []).map((f) => f.hash ?? '').filter(Boolean) });
  }
  return { requirements: sortPins(pins), extraIndexUrls: [...extraIndexUrls].sort() };
}

export { parseToml };
