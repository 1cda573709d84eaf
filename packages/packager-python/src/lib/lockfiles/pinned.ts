import { NxstackError } from '@nxstack/core';
import { evaluateMarker, type MarkerEnvironment } from '../markers';

/** One exact distribution to install, as exported from a lock file. */
export interface PinnedRequirement {
  readonly name: string;
  readonly version: string;
  /** `sha256:<hex>` digests of the lock's files; pip checks them when every pin has some. */
  readonly hashes: readonly string[];
}

/** A lock file turned into what pip needs: exact pins and the extra indexes they come from. */
export interface ExportedLock {
  readonly requirements: readonly PinnedRequirement[];
  readonly extraIndexUrls: readonly string[];
}

const PYPI_SIMPLE = /^https?:\/\/(pypi\.org|pypi\.python\.org)\/simple\/?$/;

export function isDefaultIndex(url: string): boolean {
  return PYPI_SIMPLE.test(url);
}

/** PEP 503 normalised name: what pip and every lock file compare on. */
export function canonicalName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

export function markerHolds(marker: string | undefined, env: MarkerEnvironment, lockFile: string): boolean {
  try {
    return evaluateMarker(marker, env);
  } catch (cause) {
    throw new NxstackError('NXS_PYTHON_LOCK_INVALID', `${lockFile}: ${(cause as Error).message}.`, {
      location: { file: lockFile },
      hint: 'Regenerate the lock file with its package manager.',
      cause,
    });
  }
}

export function unsupportedSource(lockFile: string, name: string, kind: string): NxstackError {
  return new NxstackError('NXS_PYTHON_UNSUPPORTED_SOURCE', `${lockFile}: package "${name}" comes from a ${kind} source, which cannot be resolved for the Lambda platform without building it.`, {
    location: { file: lockFile },
    hint: `Publish "${name}" as a wheel to a package index (or a --find-links folder via PIP_FIND_LINKS) and depend on it by version, or copy its code in with includeFiles.`,
  });
}

export function invalidLock(lockFile: string, why: string, cause?: unknown): NxstackError {
  return new NxstackError('NXS_PYTHON_LOCK_INVALID', `${lockFile} cannot be read: ${why}.`, {
    location: { file: lockFile },
    hint: 'Regenerate the lock file with its package manager (pipenv lock, poetry lock, uv lock).',
    cause,
  });
}

/** Sorted, de-duplicated pins: the requirements text and the cache key must not depend on lock order. */
export function sortPins(pins: PinnedRequirement[]): PinnedRequirement[] {
  const byName = new Map<string, PinnedRequirement>();
  for (const p of pins) byName.set(canonicalName(p.name), p);
  return [...byName.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, p]) => p);
}

/** The pins as a pip requirements file (one invocation, `--no-deps`: the lock is already complete). */
export function toRequirementsText(lock: ExportedLock, extraHashes: ReadonlyMap<string, string> = new Map()): string {
  const withHashes = lock.requirements.length > 0 && lock.requirements.every((r) => r.hashes.length > 0);
  const lines = lock.extraIndexUrls.map((u) => `--extra-index-url ${u}`);
  for (const r of lock.requirements) {
    const extra = extraHashes.get(canonicalName(r.name));
    const hashes = withHashes ? [...r.hashes, ...(extra ? [extra] : [])] : [];
    lines.push([`${r.name}==${r.version}`, ...hashes.map((h) => `--hash=${h}`)].join(' '));
  }
  return lines.join('\n') + '\n';
}
