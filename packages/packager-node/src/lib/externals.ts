import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { NxstackError, type Architecture } from '@nxstack/core';
import type { BundledFunction } from './esbuild-build';
import { shouldInstall } from './externals-plugin';
import { installExternals } from './install-externals';
import { lockedVersion } from './lockfile-versions';
import { containsNodeBinary } from './native-packages';
import { readPackageJson } from './package-dirs';

/** name → exact version of what a function needs in its zip's node_modules. */
export function externalsToInstall(bundle: BundledFunction): Record<string, string> {
  const fn = bundle.fn;
  const result: Record<string, string> = {};
  for (const ext of bundle.externals) {
    if (!shouldInstall(ext.reason) || fn.excludeDependencies.includes(ext.name)) continue;
    const versions = new Set([...ext.dirs].map((dir) => lockedVersion(fn.workspaceRoot, ext.name, dir)));
    if (versions.size > 1) {
      throw new NxstackError('NXS_NODE_EXTERNAL_VERSION_CONFLICT', `Function ${fn.resourceName} needs ${ext.name} in node_modules, but the bundle uses versions ${[...versions].join(' and ')}.`, {
        hint: `Dedupe ${ext.name} in the workspace (npm dedupe), or add it to excludeDependencies and provide it through a layer.`,
      });
    }
    const [version] = versions;
    if (version) result[ext.name] = version;
  }
  return result;
}

/** Installs (or reuses the cached install of) the externals; checks native ones got a binary. */
export async function installFunctionExternals(
  bundle: BundledFunction,
  packages: Record<string, string>,
): Promise<string | undefined> {
  if (Object.keys(packages).length === 0) return undefined;
  const fn = bundle.fn;
  const nodeModules = await installExternals({ workspaceRoot: fn.workspaceRoot, packages, architecture: fn.architecture });
  for (const ext of bundle.externals) {
    if (ext.reason === 'native' && packages[ext.name]) checkNativeBinary(nodeModules, ext.name, fn.architecture);
  }
  return nodeModules;
}

function checkNativeBinary(nodeModules: string, name: string, architecture: Architecture): void {
  const dir = path.join(nodeModules, name);
  const pkg = readPackageJson(dir);
  const related = Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies }).map((d) => path.join(nodeModules, d));
  if ([dir, ...related].some((d) => existsSync(d) && containsNodeBinary(d))) return;
  // Loader-only packages (bindings, node-gyp-build used for an optional speed-up) may still work;
  // a package that ships no binary for Lambda's platform fails at cold start, so stop here.
  throw new NxstackError('NXS_NODE_NATIVE_BINARY_MISSING', `${name} loads a native addon, but npm installed no prebuilt .node binary for linux-${architecture === 'arm64' ? 'arm64' : 'x64'} (glibc).`, {
    hint: 'Its install script would build or download the binary for this machine, not for Lambda. Use a version that ships prebuilt platform packages, provide it through a layer (excludeDependencies), or package the function as a container image.',
  });
}
