/**
 * Reads a language packager's output (a folder or a zip, as package--<resource> leaves it) and
 * splits it into dependency files and code files, so a code-only change touches one layer.
 * Files are listed, not read: their bytes are streamed (from disk, or inflated from the zip) when
 * a layer or build context is written, so a 240 MB function costs a few MiB of memory.
 */
import { createReadStream, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { listFiles, NxstackError, PYTHON_APP_SERVER_DIR, readManifest, zipEntries, comparePaths, type InsideWorkspaceCheck } from '@nxstack/core';

export interface ArtifactFile {
  readonly path: string;
  readonly mode: number;
  /** Size when listed: writers fail (NXS_FILE_CHANGED_WHILE_PACKAGING) when the bytes read differ. */
  readonly size: number;
  /** The file on disk, or `zip!path`, for messages. */
  readonly source: string;
  /** A new pass over the file's bytes. */
  open(): AsyncIterable<Buffer>;
}

/** A whole (small) artifact file in memory: RECORD files, tests. */
export async function artifactFileContent(f: ArtifactFile): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of f.open()) chunks.push(c);
  return Buffer.concat(chunks);
}

export interface SplitArtifact {
  readonly dependencies: ArtifactFile[];
  readonly code: ArtifactFile[];
}

/** `insideWorkspace`: for folders named in stack.yml (local layers), every file (symlinks followed) must lie inside the workspace. */
export async function readArtifact(artifactPath: string, insideWorkspace?: InsideWorkspaceCheck): Promise<ArtifactFile[]> {
  const stat = await fs.stat(artifactPath).catch(() => undefined);
  if (!stat) {
    throw new NxstackError('NXS_IMAGE_ARTIFACT_MISSING', `Packaged code not found at ${artifactPath}.`, {
      location: { file: artifactPath },
      hint: 'The language packager (package executor) must run first and write its output there, or set artifactPath to a folder or zip.',
    });
  }
  if (stat.isFile()) {
    const entries = await zipEntries(artifactPath);
    return entries.filter((e) => !e.isDirectory).map((e) => ({ path: e.path, mode: e.mode & 0o111 ? 0o755 : 0o644, size: e.size, source: e.source, open: () => e.open() }));
  }
  // A language packager's output folder (dist/stack/<root>/<res>/code/): its manifest.json names
  // the zip; the folder's other files (manifest, the node packager's inputs.json) are bookkeeping.
  const zip = await packagedZipOf(artifactPath);
  if (zip) return readArtifact(zip, insideWorkspace);
  const files = await listFiles(artifactPath, { exclude: ['manifest.json'], insideWorkspace });
  // A folder holding nothing but one zip: open the zip.
  const zips = files.filter((f) => f.path.endsWith('.zip') && !f.path.includes('/'));
  if (files.length === 1 && zips.length === 1) return readArtifact(zips[0]!.absolutePath);
  return files.map((f) => ({ path: f.path, mode: f.mode, size: f.size, source: f.absolutePath, open: () => createReadStream(f.absolutePath, { highWaterMark: 1024 * 1024 }) }));
}

/** The zip a packager's manifest.json (kind zip) names inside `dir`, if there is one. */
async function packagedZipOf(dir: string): Promise<string | undefined> {
  const manifest = await readManifest(dir).catch(() => undefined);
  if (manifest?.kind !== 'zip' || !manifest.artifact.endsWith('.zip') || manifest.artifact.includes('/')) return undefined;
  const zip = path.join(dir, manifest.artifact);
  return (await fs.stat(zip).then((s) => s.isFile(), () => false)) ? zip : undefined;
}

/** Top-level names a Python wheel installed, from every `*.dist-info/RECORD` in the artifact. */
async function pythonDependencyRoots(files: readonly ArtifactFile[]): Promise<Set<string>> {
  const roots = new Set<string>();
  for (const f of files) {
    const m = /^([^/]+\.dist-info)\/RECORD$/.exec(f.path);
    if (!m) continue;
    roots.add(m[1]!);
    for (const line of (await artifactFileContent(f)).toString('utf8').split('\n')) {
      const top = line.split(',')[0]?.split('/')[0];
      if (top && !top.startsWith('..')) roots.add(top);
    }
  }
  return roots;
}

/** node_modules/, Java lib/ jars, pip-installed packages and a runAppAs server go to the dependency layer; the rest is code. */
export async function splitArtifact(files: readonly ArtifactFile[]): Promise<SplitArtifact> {
  const pyRoots = await pythonDependencyRoots(files);
  const isDependency = (p: string): boolean =>
    p.startsWith('node_modules/') || /^lib\/[^/]+\.jar$/.test(p) || pyRoots.has(p.split('/')[0]!) || p.startsWith('.venv/') || p.startsWith(`${PYTHON_APP_SERVER_DIR}/`);
  const sorted = [...files].sort((a, b) => comparePaths(a.path, b.path));
  return { dependencies: sorted.filter((f) => isDependency(f.path)), code: sorted.filter((f) => !isDependency(f.path)) };
}

export function underDir(dir: string, files: readonly ArtifactFile[]): ArtifactFile[] {
  const prefix = dir.replace(/^\/+/, '').replace(/\/+$/, '');
  return files.map((f) => ({ ...f, path: prefix ? path.posix.join(prefix, f.path) : f.path }));
}

/** Native binaries in packaged code (Node addons, Python extension modules, shared libraries). */
export function nativeBinaryPaths(files: readonly ArtifactFile[]): string[] {
  return files.filter((f) => /\.node$|\.so(\.\d+)*$/.test(f.path)).map((f) => f.path);
}
