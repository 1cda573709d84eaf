import { isNxstackError } from '@nxstack/core';
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

/** One function's outcome when functions are packaged independently of each other. */
export type SettledPackage = { readonly ok: true; readonly result: PackageNodeFunctionResult } | { readonly ok: false; readonly error: unknown };

interface Prepared {
  readonly bundle: BundledFunction;
  readonly handlerExport: string;
  readonly installed: Record<string, string>;
}

/** Packages one JS/TS function: bundle, node_modules for unbundlable packages, zip, manifest. */
export async function packageNodeFunction(options: PackageNodeFunctionOptions): Promise<PackageNodeFunctionResult> {
  const [result] = await packageNodeFunctions([options]);
  return result;
}

/**
 * Packages many functions in one process: functions whose build settings match share ONE esbuild
 * build with an entry point each, then every function gets its own zip. Results keep input order.
 * The first failure fails the call, before any zip is written.
 */
export async function packageNodeFunctions(list: readonly PackageNodeFunctionOptions[]): Promise<PackageNodeFunctionResult[]> {
  clearCaches();
  const fns = list.map(normalizeOptions);
  const bundles = new Map<NormalizedNodeFunction, BundledFunction>();
  for (const group of groupByBuildKey(fns)) {
    for (const bundle of (await bundleGroup(group)).functions) bundles.set(bundle.fn, bundle);
  }
  // Check every handler before writing anything: one bad function fails fast.
  const prepared = fns.map((fn) => prepare(bundles.get(fn)!));
  return inPool(prepared, writeFunction);
}

/**
 * Packages many functions where one failing must not fail the others (Nx batch mode: each
 * function belongs to its own task). Same shared builds and bytes as packageNodeFunctions; when
 * a shared build fails it is split in halves until every failing function has its own located
 * error, so one broken function among N costs about 2·log2(N) builds, not N.
 */
export async function packageNodeFunctionsSettled(list: readonly PackageNodeFunctionOptions[]): Promise<{ settled: SettledPackage[]; esbuildBuilds: number }> {
  clearCaches();
  const settled: SettledPackage[] = new Array(list.length);
  const indexOf = new Map<NormalizedNodeFunction, number>();
  list.forEach((options, i) => {
    try {
      indexOf.set(normalizeOptions(options), i);
    } catch (error) {
      settled[i] = { ok: false, error };
    }
  });
  const counter = { builds: 0 };
  const prepared: Array<{ i: number; p: Prepared }> = [];
  for (const group of groupByBuildKey([...indexOf.keys()])) {
    for (const [fn, built] of await bundleSettled(group, counter)) {
      const i = indexOf.get(fn)!;
      if (!built.ok) settled[i] = built;
      else {
        try {
          prepared.push({ i, p: prepare(built.value) });
        } catch (error) {
          settled[i] = { ok: false, error };
        }
      }
    }
  }
  await inPool(prepared, async ({ i, p }) => {
    try {
      settled[i] = { ok: true, result: await writeFunction(p) };
    } catch (error) {
      settled[i] = { ok: false, error };
    }
  });
  return { settled, esbuildBuilds: counter.builds };
}

// What node_modules holds is learnt afresh per call: a long-lived process may see installs.
function clearCaches(): void {
  clearPackageCaches();
  clearNativeCache();
  clearLockfileCache();
}

/** Functions with the same build settings, in input order. */
function groupByBuildKey(fns: readonly NormalizedNodeFunction[]): NormalizedNodeFunction[][] {
  const groups = new Map<string, NormalizedNodeFunction[]>();
  for (const fn of fns) {
    const key = buildKey(fn);
    groups.set(key, [...(groups.get(key) ?? []), fn]);
  }
  return [...groups.values()];
}

type Built = { ok: true; value: BundledFunction } | { ok: false; error: unknown };

async function bundleSettled(group: readonly NormalizedNodeFunction[], counter: { builds: number }): Promise<Array<[NormalizedNodeFunction, Built]>> {
  counter.builds++;
  try {
    return (await bundleGroup(group)).functions.map((bundle) => [bundle.fn, { ok: true, value: bundle }]);
  } catch (error) {
    // Only a build error can belong to some of the functions; anything else (no typescript for
    // decorator metadata, esbuild itself failing) is every function's.
    if (group.length === 1 || !isNxstackError(error) || error.code !== 'NXS_NODE_BUILD_FAILED') return group.map((fn) => [fn, { ok: false, error }]);
    const half = Math.ceil(group.length / 2);
    return [...(await bundleSettled(group.slice(0, half), counter)), ...(await bundleSettled(group.slice(half), counter))];
  }
}

function prepare(bundle: BundledFunction): Prepared {
  return { bundle, handlerExport: resolveHandlerExport(bundle.fn, bundle.exports), installed: externalsToInstall(bundle) };
}

async function writeFunction(p: Prepared): Promise<PackageNodeFunctionResult> {
  const nodeModulesDir = await installFunctionExternals(p.bundle, p.installed);
  const result = await assembleFunctionZip({ bundle: p.bundle, handlerExport: p.handlerExport, nodeModulesDir, installed: p.installed });
  return { ...result, warnings: p.bundle.warnings };
}

/** Runs `work` over `items`, ZIP_CONCURRENCY at a time; results keep input order. */
async function inPool<T, R>(items: readonly T[], work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(ZIP_CONCURRENCY, items.length) }, worker));
  return results;
}
