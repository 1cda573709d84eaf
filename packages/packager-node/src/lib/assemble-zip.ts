import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import picomatch from 'picomatch';
import { listFiles, toPosix, writeLambdaArtifact, type ZipEntry } from '@nxstack/core';
import type { BundledFunction } from './esbuild-build';
import { lambdaHandlerString } from './handler';
import type { PackageNodeFunctionResult } from './options';
import { packageOfInput, readPackageJson } from './package-dirs';

export const INPUTS_FILE = 'inputs.json';

export interface AssembleOptions {
  readonly bundle: BundledFunction;
  readonly handlerExport: string;
  /** Staging node_modules holding the installed externals, if any. */
  readonly nodeModulesDir?: string;
  /** Installed externals, name → version. */
  readonly installed: Readonly<Record<string, string>>;
}

/** What the plugin narrows the task's inputs with: source files read and package versions. */
export interface InputsFile {
  readonly files: string[];
  readonly packages: Record<string, string>;
  readonly externals: Record<string, string>;
}

function sortedRecord(entries: Iterable<[string, string]>): Record<string, string> {
  return Object.fromEntries([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

async function collectEntries(o: AssembleOptions): Promise<{ entries: ZipEntry[]; includedFiles: string[] }> {
  const { bundle } = o;
  const fn = bundle.fn;
  const entries: ZipEntry[] = [];
  if (bundle.map) entries.push({ path: `${bundle.fileName}.map`, content: bundle.map });
  const included = fn.includeFiles.length ? await listFiles(fn.projectDir, { include: fn.includeFiles, insideWorkspace: { workspaceRoot: fn.workspaceRoot, what: 'includeFiles match' } }) : [];
  for (const f of included) entries.push({ path: f.path, mode: f.mode, sourceFile: f.absolutePath });
  if (o.nodeModulesDir) {
    const deps = await listFiles(o.nodeModulesDir, { exclude: ['.bin/**', '**/.bin/**', '.package-lock.json', '.cache/**'] });
    for (const f of deps) entries.push({ path: `node_modules/${f.path}`, mode: f.mode, sourceFile: f.absolutePath });
  }
  const excluded = fn.excludeFiles.length ? picomatch([...fn.excludeFiles], { dot: true }) : () => false;
  const kept = entries.filter((e) => !excluded(e.path));
  // The bundle itself is never excluded: without it there is no function.
  // A view of esbuild's output, not a copy.
  kept.push({ path: bundle.fileName, content: Buffer.from(bundle.code.buffer, bundle.code.byteOffset, bundle.code.byteLength) });
  const shipped = included.filter((f) => !excluded(f.path)).map((f) => toPosix(path.relative(fn.workspaceRoot, f.absolutePath)));
  return { entries: kept, includedFiles: shipped };
}

function inputsFile(o: AssembleOptions, includedFiles: string[]): InputsFile {
  const fn = o.bundle.fn;
  const files = new Set<string>(includedFiles);
  const packages = new Map<string, string>();
  for (const input of o.bundle.inputs) {
    const owner = packageOfInput(fn.workspaceRoot, input);
    if (owner) packages.set(owner.name, readPackageJson(owner.dir).version ?? 'unknown');
    else files.add(input);
  }
  return { files: [...files].sort(), packages: sortedRecord(packages), externals: sortedRecord(Object.entries(o.installed)) };
}

/** Writes `<resource>.zip`, `manifest.json` and `inputs.json` into the function's output folder. */
export async function assembleFunctionZip(o: AssembleOptions): Promise<PackageNodeFunctionResult> {
  const fn = o.bundle.fn;
  const { entries, includedFiles } = await collectEntries(o);
  const handler = lambdaHandlerString(o.handlerExport);
  const { artifactPath, manifest } = await writeLambdaArtifact(fn.outputDir, fn.resourceName, entries, {
    handler,
    runtime: fn.runtime,
    architecture: fn.architecture,
    ...(fn.sourceMap ? { environment: { NODE_OPTIONS: '--enable-source-maps' } } : {}),
    packager: 'node',
  });
  await fs.writeFile(path.join(fn.outputDir, INPUTS_FILE), JSON.stringify(inputsFile(o, includedFiles), null, 2) + '\n');
  return { resourceName: fn.resourceName, outputDir: fn.outputDir, artifactPath, sha256: manifest.sha256, size: manifest.size, handler, installedPackages: o.installed, warnings: [] };
}
