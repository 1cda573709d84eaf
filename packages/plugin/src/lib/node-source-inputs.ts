import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { FingerprintBuilder, type FileHashes } from './graph-cache/fingerprint';
import { recordScanReads, type ResolvedImport } from './graph-cache/scan-reads';
import { currentGraphSession, type NodeInputsEntry, type RecordedOrigin } from './graph-cache/session';
import { linkedPackageSources, packageOrigin } from './linked-workspace-packages';

/** What one esbuild scan found: workspace files read, and the bare imports left external, by importer. */
interface ImportScan {
  readonly files: string[];
  readonly bareImports: ReadonlyArray<{ readonly importer: string; readonly specifier: string }>;
  /** Every file the scan read (node_modules and outside the workspace too), for the graph cache. */
  readonly read: string[];
  /** Imports resolved through an alias (tsconfig paths/baseUrl, package.json imports). */
  readonly aliased: ResolvedImport[];
  readonly tsconfig?: string;
}

/**
 * Bundles `entries` (workspace-relative) with every bare package import left external, so esbuild
 * reads only the workspace's own sources and takes milliseconds. Undefined when it cannot.
 */
function scanImports(workspaceRoot: string, entries: readonly string[], tsconfig?: string): ImportScan | undefined {
  try {
    currentGraphSession()?.countScan();
    // esbuild is loaded for the scan only: a graph answered from the cache never loads it.
    const { buildSync } = require('esbuild') as typeof import('esbuild');
    const { metafile } = buildSync({
      absWorkingDir: workspaceRoot,
      // Numbered outputs: two entries of one folder (a.ts beside a compiled a.js) would collide.
      entryPoints: entries.map((e, i) => ({ in: e, out: String(i) })),
      outdir: path.join(workspaceRoot, '.nxstack-inputs-scan'),
      write: false,
      bundle: true,
      metafile: true,
      packages: 'external',
      platform: 'node',
      logLevel: 'silent',
      tsconfig,
    });
    const inputs = metafile?.inputs ?? {};
    const files = Object.keys(inputs).filter((f) => !f.split('/').includes('node_modules') && !f.includes(':') && !f.startsWith('..'));
    const bareImports = Object.entries(inputs).flatMap(([importer, input]) =>
      input.imports.filter((i) => i.external && isBareSpecifier(i.path)).map((i) => ({ importer, specifier: i.path })),
    );
    const read = Object.keys(inputs).filter((f) => !f.includes(':'));
    const aliased = Object.values(inputs).flatMap((input) =>
      input.imports.filter((i) => !i.external && i.original !== undefined && isBareSpecifier(i.original)).map((i) => ({ original: i.original as string, resolved: i.path })),
    );
    return { files, bareImports, read, aliased, tsconfig };
  } catch {
    return undefined;
  }
}

/** A package import (`x`, `@s/x/sub`), not a relative/absolute path or a `node:`-style scheme. */
function isBareSpecifier(p: string): boolean {
  return !/^[./]/.test(p) && !p.includes(':');
}

/**
 * The workspace files a JS/TS function's bundle is made of, found by esbuild itself at graph
 * time. Computed the same way before and after a build, so a repeat run with no change hashes
 * alike and hits the cache; a change that makes the bundle read another file has to edit a file
 * already read (the importer), so the task runs again. Third-party packages come in through the
 * lockfile input.
 *
 * Linked workspace packages (npm/yarn/pnpm workspaces: a node_modules symlink into the
 * workspace) that the bundle imports, directly or through another linked package, count with
 * their whole folder (less node_modules and tests): their package.json may point `main`/`exports`
 * at a build output (dist/) that Nx does not hash when git-ignored, so their sources must be in.
 * Packages the bundle does not import are not inputs: editing them leaves this function cached.
 * Undefined when esbuild cannot follow the imports: the caller falls back to the whole project.
 */
export function nodeSourceInputs(workspaceRoot: string, projectRoot: string, entryfilePath: string, tsConfigPath?: string): string[] | undefined {
  const session = currentGraphSession();
  if (!session) return computeNodeSourceInputs(workspaceRoot, projectRoot, entryfilePath, tsConfigPath);
  // The graph cache: a previous scan whose reads are all unchanged gives the same answer.
  const key = JSON.stringify([projectRoot, entryfilePath, tsConfigPath ?? null]);
  const cached = session.scanEntry(key);
  if (cached && nodeInputsStillValid(workspaceRoot, cached, session.hashes)) {
    session.keepScan(key, cached, true);
    return cached.result;
  }
  const record: Recorder = { fp: new FingerprintBuilder(session.hashes), origins: [], linked: [] };
  const result = computeNodeSourceInputs(workspaceRoot, projectRoot, entryfilePath, tsConfigPath, record);
  // A scan esbuild could not complete is not kept: what would fix it is unknown, so it runs again.
  if (result) session.keepScan(key, { result, fingerprint: record.fp.build(), origins: record.origins, linked: record.linked }, false);
  return result;
}

/** What a computation read besides its scans' files (those go into `fp` as each scan ends). */
interface Recorder {
  readonly fp: FingerprintBuilder;
  readonly origins: RecordedOrigin[];
  readonly linked: Array<{ dir: string; sources: string[] }>;
}

function nodeInputsStillValid(workspaceRoot: string, entry: NodeInputsEntry, hashes: FileHashes): boolean {
  return (
    hashes.matches(entry.fingerprint) &&
    entry.origins.every((o) => JSON.stringify(packageOrigin(workspaceRoot, o.importer, o.specifier)) === JSON.stringify(o.origin)) &&
    entry.linked.every((l) => JSON.stringify(linkedPackageSources(workspaceRoot, l.dir)) === JSON.stringify(l.sources))
  );
}

function computeNodeSourceInputs(workspaceRoot: string, projectRoot: string, entryfilePath: string, tsConfigPath?: string, record?: Recorder): string[] | undefined {
  const entry = path.posix.normalize(path.posix.join(projectRoot, entryfilePath));
  const scan = scanImports(workspaceRoot, [entry], tsConfigPath ? path.posix.join(projectRoot, tsConfigPath) : undefined);
  if (!scan || !scan.files.includes(entry)) return undefined;
  if (record) recordScanReads(record.fp, scan.read, scan.tsconfig, scan.aliased);
  const linked = linkedPackagesReached(workspaceRoot, scan, record);
  // A linked package esbuild could not read, or an import found in no node_modules: every
  // workspace folder, as before narrowing (safe; only less precise).
  if (!linked) {
    record?.fp.file('package.json');
    return [...scan.files.sort().map((f) => `{workspaceRoot}/${f}`), ...allWorkspaceFolderInputs(workspaceRoot)];
  }
  const own = scan.files.filter((f) => !linked.some((dir) => f.startsWith(`${dir}/`)));
  return [...own.sort().map((f) => `{workspaceRoot}/${f}`), ...linked.sort().flatMap(linkedPackageInputs)];
}

/**
 * Linked package folders reached from the scan, following each one's own imports; undefined when
 * one could not be scanned or a bare import is in no node_modules.
 */
function linkedPackagesReached(workspaceRoot: string, first: ImportScan, record?: Recorder): string[] | undefined {
  const found = new Set<string>();
  const queue: ImportScan[] = [first];
  for (let scan = queue.shift(); scan; scan = queue.shift()) {
    for (const { importer, specifier } of scan.bareImports) {
      const origin = packageOrigin(workspaceRoot, importer, specifier);
      record?.origins.push({ importer, specifier, origin });
      // Not in any node_modules (Yarn Plug'n'Play, or not installed): it may be a workspace package.
      if (origin === 'not-installed') return undefined;
      if (origin === 'third-party' || found.has(origin.linkedDir)) continue;
      const dir = origin.linkedDir;
      found.add(dir);
      record?.linked.push({ dir, sources: linkedPackageSources(workspaceRoot, dir) });
      const next = scanLinkedPackage(workspaceRoot, dir);
      if (next === undefined) return undefined;
      if (next) {
        if (record) recordScanReads(record.fp, next.read, undefined, next.aliased);
        queue.push(next);
      }
    }
  }
  return [...found];
}

/** Scans of linked packages, reused while their files are unchanged: many functions import the same lib. */
const linkedScans = new Map<string, { readonly signature: string; readonly scan: ImportScan | undefined }>();

/** The import scan of a linked package's JS/TS files; null when it has none, undefined when esbuild cannot read them. */
function scanLinkedPackage(workspaceRoot: string, dir: string): ImportScan | null | undefined {
  const sources = linkedPackageSources(workspaceRoot, dir);
  if (sources.length === 0) return null;
  const signature = sources
    .map((f) => {
      const st = statSync(path.join(workspaceRoot, f));
      return `${f}:${st.size}:${st.mtimeMs}`;
    })
    .join('\n');
  const key = `${workspaceRoot}\0${dir}`;
  const cached = linkedScans.get(key);
  if (cached?.signature === signature) return cached.scan;
  const scan = scanImports(workspaceRoot, sources);
  linkedScans.set(key, { signature, scan });
  return scan;
}

function linkedPackageInputs(dir: string): string[] {
  const at = `{workspaceRoot}/${dir}`;
  return [`${at}/**/*`, `!${at}/**/node_modules/**`, `!${at}/**/*.test.*`, `!${at}/**/*.spec.*`, `!${at}/**/__tests__/**`];
}

/** `{workspaceRoot}/<pattern>/**` for each npm/yarn workspace pattern of the root package.json. */
function allWorkspaceFolderInputs(workspaceRoot: string): string[] {
  try {
    const pkg = JSON.parse(readFileSync(path.join(workspaceRoot, 'package.json'), 'utf8')) as { workspaces?: string[] | { packages?: string[] } };
    const patterns = Array.isArray(pkg.workspaces) ? pkg.workspaces : (pkg.workspaces?.packages ?? []);
    return patterns.filter((p) => !p.startsWith('!') && !p.includes('..')).flatMap((p) => [`{workspaceRoot}/${p.replace(/\/+$/, '')}/**/*`, `!{workspaceRoot}/${p.replace(/\/+$/, '')}/**/node_modules/**`]);
  } catch {
    return [];
  }
}
