import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { findPackageDir, readPackageJson } from './package-dirs';

/** Dependencies that exist only to load or fetch a compiled `.node` addon. */
const NATIVE_LOADERS = [
  'node-gyp-build',
  'node-gyp-build-optional-packages',
  'prebuild-install',
  'node-pre-gyp',
  '@mapbox/node-pre-gyp',
  'bindings',
  'cmake-js',
];

/** True when a `.node` binary sits in `dir` (nested node_modules skipped), scanning at most `depth` levels. */
export function containsNodeBinary(dir: string, depth = 5): boolean {
  let entries: import('node:fs').Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return false;
  }
  for (const e of entries) {
    if (e.isFile() && e.name.endsWith('.node')) return true;
  }
  if (depth === 0) return false;
  return entries.some((e) => e.isDirectory() && e.name !== 'node_modules' && !e.name.startsWith('.') && containsNodeBinary(path.join(dir, e.name), depth - 1));
}

const nativeCache = new Map<string, boolean>();

export function clearNativeCache(): void {
  nativeCache.clear();
}

/**
 * A package that esbuild cannot bundle because it loads a compiled addon: it ships `.node` files
 * or a binding.gyp, depends on an addon loader, or (napi-rs style) pulls its binary from a
 * per-platform optional dependency.
 */
export function isNativePackage(dir: string): boolean {
  const cached = nativeCache.get(dir);
  if (cached !== undefined) return cached;
  const pkg = readPackageJson(dir);
  const deps = { ...pkg.dependencies, ...pkg.optionalDependencies };
  let native = NATIVE_LOADERS.some((d) => d in deps) || pkg.napi !== undefined || hasFile(dir, 'binding.gyp') || containsNodeBinary(dir);
  if (!native) {
    native = Object.keys(pkg.optionalDependencies ?? {}).some((name) => {
      const optional = findPackageDir(name, dir);
      return optional !== undefined && containsNodeBinary(optional, 3);
    });
  }
  nativeCache.set(dir, native);
  return native;
}

function hasFile(dir: string, name: string): boolean {
  try {
    return readdirSync(dir).includes(name);
  } catch {
    return false;
  }
}
