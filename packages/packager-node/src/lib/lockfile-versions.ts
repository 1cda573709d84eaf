import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { NxstackError, toPosix } from '@nxstack/core';
import { readPackageJson } from './package-dirs';

interface LockEntry {
  readonly version?: string;
  readonly resolved?: string;
  readonly link?: boolean;
}

const lockCache = new Map<string, Record<string, LockEntry> | null>();

/** `packages` of the workspace's package-lock.json (v2/v3), or null when there is none. */
function packageLock(workspaceRoot: string): Record<string, LockEntry> | null {
  if (!lockCache.has(workspaceRoot)) {
    let packages: Record<string, LockEntry> | null = null;
    try {
      const lock = JSON.parse(readFileSync(path.join(workspaceRoot, 'package-lock.json'), 'utf8')) as { packages?: Record<string, LockEntry> };
      packages = lock.packages ?? null;
    } catch {
      packages = null;
    }
    lockCache.set(workspaceRoot, packages);
  }
  return lockCache.get(workspaceRoot) ?? null;
}

/** Forget parsed lockfiles (a long-lived process packaging again after an install). */
export function clearLockfileCache(): void {
  lockCache.clear();
}

/**
 * The exact version of the installed package at `dir`: what package-lock.json pins for that
 * node_modules path; without a package-lock (pnpm, yarn) the installed package.json, which those
 * package managers write from their lockfile.
 */
export function lockedVersion(workspaceRoot: string, name: string, dir: string): string {
  const key = toPosix(path.relative(workspaceRoot, dir));
  const entry = packageLock(workspaceRoot)?.[key];
  const version = entry?.version ?? readPackageJson(dir).version;
  if (!version) {
    throw new NxstackError('NXS_NODE_EXTERNAL_VERSION_UNKNOWN', `Cannot tell which version of ${name} is installed (${dir}).`, {
      hint: 'Run npm install in the workspace so node_modules and package-lock.json agree.',
    });
  }
  const resolved = entry?.resolved;
  if (resolved && !/^https?:\/\//.test(resolved)) {
    throw new NxstackError('NXS_NODE_EXTERNAL_NOT_FROM_REGISTRY', `${name} must be installed into the function's node_modules but comes from ${resolved}, not a registry.`, {
      hint: `Bundle it instead (remove it from dependenciesToExcludeFromBundle) or publish it to a registry.`,
    });
  }
  return version;
}
