import { assembleFunctionZip } from './assemble-zip';
import { buildKey, bundleGroup, type BundledFunction } from './esbuild-build';
import { externalsToInstall, installFunctionExternals } from './externals';
import { resolveHandlerExport } from './handler';
import { clearLockfileCache } from './lockfile-versions';
import { clearNativeCache } from './native-packages';
import { clearPackageCaches } from './package-dirs';
import { normalizeOptions } from './normalize-options';
import type { NormalizedNodeFunction, PackageNodeFunctionOptions, PackageNodeFunctionResult } from './options';

// Zips are written a few at a time: deflate runs on libuv's pool, more would only queue.
const ZIP_CONCURRENCY = 4;

/** Packages one JS/TS function: bundle, node_modules for unbundlable packages, zip, manifest. */
export async function packageNodeFunction(options: PackageNodeFunctionOptions): Promise<PackageNodeFunctionResult> {
  const [result] = await packageNodeFunctions([options]);
  return result;
}

/**
 * Packages many functions in one process: functions whose build settings match share ONE esbuild
 * build with an entry point each, then every function gets its own zip. Results keep input order.
 */
export async function packageNodeFunctions(list: readonly PackageNodeFunctionOptions[]): Promise<PackageNodeFunctionResult[]> {
  // What node_modules holds is learnt afresh per call: a long-lived process may see installs.
  clearPackageCaches();
  clearNativeCache();
  clearLockfileCache();
  const fns = list.map(normalizeOptions);
  const groups = new Map<string, NormalizedNodeFunction[]>();
  for (const fn of fns) {
    const key = buildKey(fn);
    groups.set(key, [...(groups.get(key) ?? []), fn]);
  }
  const bundles = new Map<NormalizedNodeFunction, { bundle: BundledFunction; warnings: string[] }>();
  for (const group of groups.values()) {
    const built = await bundleGroup(group);
    for (const bundle of built.functions) bundles.set(bundle.fn, { bundle, warnings: built.warnings });
  }
  // Check every handler before writing anything: one bad function fails fast.
  const prepared = fns.map((fn) => {
    const { bundle, warnings } = bundles.get(fn)!;
    return { bundle, warnings, handlerExport: resolveHandlerExport(fn, bundle.exports), installed: externalsToInstall(bundle) };
  });
  const results: PackageNodeFunctionResult[] = new Array(prepared.length);
  let next = 0;
  const worker = async () => {
    while (next < prepared.length) {
      const i = next++;
      const p = prepared[i];
      const nodeModulesDir = await installFunctionExternals(p.bundle, p.installed);
      const result = await assembleFunctionZip({ bundle: p.bundle, handlerExport: p.handlerExport, nodeModulesDir, installed: p.installed });
      results[i] = { ...result, warnings: p.warnings };
    }
  };
  await Promise.all(Array.from({ length: Math.min(ZIP_CONCURRENCY, prepared.length) }, worker));
  return results;
}
