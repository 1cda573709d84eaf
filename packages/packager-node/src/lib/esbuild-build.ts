import { isAscii } from 'node:buffer';
import * as path from 'node:path';
import { build, type BuildOptions, type Message, type Metafile, type OutputFile } from 'esbuild';
import { NxstackError, toPosix } from '@nxstack/core';
import { decoratorMetadataPlugin, loadTypeScript } from './decorator-metadata-plugin';
import { externalsPlugin, type ExternalPackage } from './externals-plugin';
import { cjsEntryExports } from './handler';
import type { NormalizedNodeFunction } from './options';
import { packageOfFile } from './package-dirs';

/** One function's share of a (possibly shared) esbuild build. */
export interface BundledFunction {
  readonly fn: NormalizedNodeFunction;
  /** `index.js` (cjs) or `index.mjs` (esm). */
  readonly fileName: string;
  readonly code: Uint8Array;
  readonly map?: Buffer;
  /** Export names of the entry module; undefined when it is CommonJS and cannot be known statically. */
  readonly exports?: readonly string[];
  /** Workspace-relative files esbuild read for this function. */
  readonly inputs: readonly string[];
  /** Packages the bundle requires at run time, with why. */
  readonly externals: readonly ExternalPackage[];
  /**
   * esbuild warnings about files of this function outside node_modules (and those with no
   * file), formatted `file:line:col text`: in a shared build each function gets its own only.
   */
  readonly warnings: string[];
}

export interface BundleGroupResult {
  readonly functions: BundledFunction[];
}

/** Functions with equal keys share one esbuild build (one entry point each). */
export function buildKey(fn: NormalizedNodeFunction): string {
  return JSON.stringify([
    fn.workspaceRoot, fn.target, fn.format, fn.tsConfigFile ?? '', fn.emitTsDecoratorMetadata, fn.minify, fn.sourceMap, fn.sourcesContent,
    fn.bundleAwsSdk, [...fn.dependenciesToExcludeFromBundle].sort(), [...fn.excludeDependencies].sort(),
  ]);
}

const DYNAMIC_REQUIRE_IDS = new Set(['unsupported-require-call', 'indirect-require']);
const MAX_PASSES = 4;
// Never written (write: false); only names the output paths and anchors source map paths.
const VIRTUAL_OUTDIR = '.nxstack-esbuild-out';
// esbuild's ESM output has no `require`; bundled CommonJS code still needs it for node built-ins.
const ESM_REQUIRE_BANNER = "import { createRequire as __nxsCreateRequire } from 'node:module';\nconst require = __nxsCreateRequire(import.meta.url);";

function formatMessage(m: Message): string {
  const where = m.location ? `${m.location.file}:${m.location.line}:${m.location.column + 1} ` : '';
  return `${where}${m.text}`;
}

/**
 * Bundles all functions of a group in one esbuild call with one entry point per function.
 * A package that `require()`s a computed path cannot be bundled: esbuild reports it (those
 * messages are promoted from debug to warnings), the package is marked external and the group
 * is built again.
 */
export async function bundleGroup(fns: readonly NormalizedNodeFunction[]): Promise<BundleGroupResult> {
  const first = fns[0];
  const dynamicRequirePackages = new Set<string>();
  for (let pass = 1; ; pass++) {
    const found = new Map<string, ExternalPackage>();
    const result = await runEsbuild(fns, dynamicRequirePackages, found);
    const fresh = new Set<string>();
    const warnings: Message[] = [];
    for (const w of result.warnings) {
      const owner = w.location ? packageOfFile(path.resolve(first.workspaceRoot, w.location.file)) : undefined;
      if (owner && DYNAMIC_REQUIRE_IDS.has(w.id ?? '')) {
        if (!dynamicRequirePackages.has(owner.name)) fresh.add(owner.name);
      } else if (!owner) {
        warnings.push(w);
      }
    }
    if (fresh.size === 0 || pass === MAX_PASSES) return { functions: splitOutputs(fns, result, found, warnings) };
    for (const name of fresh) dynamicRequirePackages.add(name);
  }
}

async function runEsbuild(fns: readonly NormalizedNodeFunction[], dynamicRequirePackages: ReadonlySet<string>, found: Map<string, ExternalPackage>) {
  const f = fns[0];
  // Loaded here, not in the plugin's setup: esbuild would turn a setup error into a build error.
  const ts = f.emitTsDecoratorMetadata ? loadTypeScript(f.workspaceRoot) : undefined;
  const options: BuildOptions & { write: false; metafile: true } = {
    absWorkingDir: f.workspaceRoot,
    entryPoints: fns.map((fn, i) => ({ in: fn.entryFile, out: `${i}/index` })),
    outdir: path.join(f.workspaceRoot, VIRTUAL_OUTDIR),
    outExtension: f.format === 'esm' ? { '.js': '.mjs' } : undefined,
    write: false,
    bundle: true,
    platform: 'node',
    target: f.target,
    format: f.format,
    banner: f.format === 'esm' ? { js: ESM_REQUIRE_BANNER } : undefined,
    minify: f.minify,
    keepNames: f.minify,
    sourcemap: f.sourceMap ? 'linked' : false,
    sourcesContent: f.sourcesContent,
    tsconfig: f.tsConfigFile,
    metafile: true,
    logLevel: 'silent',
    logOverride: { 'unsupported-require-call': 'warning', 'indirect-require': 'warning' },
    plugins: [
      externalsPlugin(
        { bundleAwsSdk: f.bundleAwsSdk, excludeDependencies: f.excludeDependencies, dependenciesToExcludeFromBundle: f.dependenciesToExcludeFromBundle, dynamicRequirePackages },
        found,
      ),
      ...(ts ? [decoratorMetadataPlugin(ts, f.tsConfigFile)] : []),
    ],
  };
  try {
    return await build(options);
  } catch (err) {
    const errors = (err as { errors?: Message[] }).errors;
    if (!errors?.length) throw err;
    const e = errors[0];
    throw new NxstackError('NXS_NODE_BUILD_FAILED', `esbuild failed for ${fns.map((fn) => fn.resourceName).join(', ')}:\n${errors.slice(0, 10).map((m) => `  ${formatMessage(m)}`).join('\n')}`, {
      location: e.location ? { file: e.location.file, line: e.location.line, column: e.location.column + 1 } : undefined,
      hint: /Could not resolve/.test(e.text)
        ? 'Install the missing package in the workspace (npm install <pkg>) or fix the import path / tsconfig paths.'
        : 'Fix the source error above; the bundle is built with esbuild.',
      cause: err,
    });
  }
}

function splitOutputs(fns: readonly NormalizedNodeFunction[], result: { outputFiles: OutputFile[]; metafile: Metafile }, found: Map<string, ExternalPackage>, warnings: readonly Message[]): BundledFunction[] {
  const root = fns[0].workspaceRoot;
  const byPath = new Map(result.outputFiles.map((o) => [path.resolve(o.path), o]));
  return fns.map((fn, i) => {
    const fileName = fn.format === 'esm' ? 'index.mjs' : 'index.js';
    const absCode = path.join(root, VIRTUAL_OUTDIR, String(i), fileName);
    const code = byPath.get(absCode);
    if (!code) throw new Error(`esbuild produced no ${absCode}`);
    const meta = result.metafile.outputs[toPosix(path.relative(root, absCode))];
    const mapFile = byPath.get(absCode + '.map');
    const entryRel = toPosix(path.relative(root, fn.entryFile));
    const entryFormat = result.metafile.inputs[entryRel]?.format;
    const exports = fn.format === 'esm' ? meta.exports : entryFormat === 'cjs' ? undefined : cjsEntryExports(textOf(code.contents));
    const externalNames = new Set(meta.imports.filter((im) => im.external).map((im) => im.path));
    const externals = [...found.values()].filter((ext) => [...externalNames].some((p) => p === ext.name || p.startsWith(ext.name + '/')));
    const own = warnings.filter((w) => !w.location || meta.inputs[toPosix(w.location.file)] !== undefined);
    return {
      fn,
      fileName,
      code: code.contents,
      map: mapFile ? rewriteMapSources(textOf(mapFile.contents), path.dirname(absCode), root) : undefined,
      exports,
      inputs: Object.keys(meta.inputs).sort(),
      externals,
      warnings: own.map(formatMessage),
    };
  });
}

/**
 * The text of an output. esbuild writes ASCII unless told otherwise (charset), and ASCII bytes read
 * as latin1 are the same string as read as UTF-8 at a fraction of the cost (OutputFile.text's
 * TextDecoder took ~0.2 s for 50 bundles + maps); anything else is decoded as UTF-8.
 */
function textOf(bytes: Uint8Array): string {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return buf.toString(isAscii(buf) ? 'latin1' : 'utf8');
}

/** Source paths relative to the workspace root, so the map is the same wherever the build ran. */
function rewriteMapSources(text: string, mapDir: string, root: string): Buffer {
  const map = JSON.parse(text) as { sources: string[] };
  map.sources = map.sources.map((s) => toPosix(path.relative(root, path.resolve(mapDir, s))));
  return Buffer.from(JSON.stringify(map));
}
