import type { MarkerEnvironment } from '../markers';
import { type ExportedLock, type PinnedRequirement, invalidLock, isDefaultIndex, markerHolds, sortPins, unsupportedSource } from './pinned';

interface PipfileEntry {
  version?: string;
  hashes?: string[];
  markers?: string;
  index?: string;
  git?: string;
  path?: string;
  file?: string;
  editable?: boolean;
}

/** Pipfile.lock (JSON): the `default` section, markers evaluated for the Lambda platform. */
export function exportPipfileLock(text: string, env: MarkerEnvironment, lockFile: string): ExportedLock {
  let lock: { _meta?: { sources?: Array<{ name?: string; url?: string }> }; default?: Record<string, PipfileEntry> };
  try {
    lock = JSON.parse(text);
  } catch (cause) {
    throw invalidLock(lockFile, 'not valid JSON', cause);
  }
  if (!lock || typeof lock !== 'object' || (lock.default !== undefined && typeof lock.default !== 'object')) throw invalidLock(lockFile, 'no "default" section');
  const pins: PinnedRequirement[] = [];
  for (const [name, entry] of Object.entries(lock.default ?? {})) {
    if (entry.git || entry.path || entry.file || entry.editable) throw unsupportedSource(lockFile, name, entry.git ? 'git' : 'local path');
    if (!markerHolds(entry.markers, env, lockFile)) continue;
    const m = /^==\s*(.+)$/.exec(entry.version ?? '');
    if (!m) throw invalidLock(lockFile, `package "${name}" has no exact version`);
    pins.push({ name, version: m[1].trim(), hashes: entry.hashes ?? [] });
  }
  const extraIndexUrls = (lock._meta?.sources ?? []).map((s) => s.url ?? '').filter((u) => u && !isDefaultIndex(u));
  return { requirements: sortPins(pins), extraIndexUrls: [...new Set(extraIndexUrls)].sort() };
}
