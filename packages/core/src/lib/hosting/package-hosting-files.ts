import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { glob } from 'tinyglobby';
import { NxstackError, type SourceLocation } from '../errors';
import { MANIFEST_FILE } from '../manifest';
import type { HostingContentType, HostingFileOption } from '../model/resource-types/hosting-bucket';
import { resourceOutputDir } from '../output-paths';
import { resolveInsideWorkspace } from '../workspace-path';
import { hostingFileHeaders } from './hosting-headers';

/** One file of a hosting bucket: its object key, content digest and the headers it is stored with. */
export interface HostingFile {
  /** Object key = path relative to uploadDirectoryPath, `/`-separated. */
  readonly key: string;
  readonly size: number;
  /** Lowercase hex MD5 of the file (S3's ETag of a single-part upload). */
  readonly md5: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** manifest.json of `package--<hosting bucket>`: the files (copied to `files/` beside it) and their headers. */
export interface HostingPackageManifest {
  readonly kind: 'hosting';
  readonly resource: string;
  /** Folder beside the manifest holding the files under their keys. */
  readonly filesDir: 'files';
  /** sha256 over every key, digest and header: equal manifests upload the same objects. */
  readonly digest: string;
  readonly size: number;
  readonly files: readonly HostingFile[];
  readonly packager: 'hosting-bucket';
}

export interface PackageHostingFilesOptions {
  readonly workspaceRoot: string;
  /** Folder of stack.yml relative to the workspace root: uploadDirectoryPath is relative to it. */
  readonly projectRoot: string;
  readonly resourceName: string;
  readonly uploadDirectoryPath: string;
  readonly excludeFilesPatterns?: readonly string[];
  /** Cache-Control preset; none when undefined (a hosting-bucket's default, static-website, is filled in by hostingOptionsFromExecutor). */
  readonly hostingContentType?: HostingContentType;
  readonly fileOptions?: readonly HostingFileOption[];
  /** Output folder relative to the workspace root (default dist/stack/<projectRoot>/<resourceName>). */
  readonly outputPath?: string;
  /** stack.yml location of uploadDirectoryPath, for errors. */
  readonly location?: SourceLocation;
}

/**
 * Copies the upload folder (minus excludeFilesPatterns) into the package output with a manifest of
 * keys, MD5s and headers: the deploy uploads from there, so what Nx cached is what goes live.
 */
export async function packageHostingFiles(o: PackageHostingFilesOptions): Promise<{ manifest: HostingPackageManifest; outputDir: string }> {
  const workspaceRoot = path.resolve(o.workspaceRoot);
  const base = path.resolve(workspaceRoot, o.projectRoot || '.');
  const dir = resolveInsideWorkspace(base, o.uploadDirectoryPath, { workspaceRoot, what: 'uploadDirectoryPath', location: o.location });
  const stat = await fs.stat(dir).catch(() => undefined);
  if (!stat?.isDirectory()) {
    throw new NxstackError('NXS_PATH_NOT_FOUND', `uploadDirectoryPath '${o.uploadDirectoryPath}' of '${o.resourceName}' is not a folder (${dir}).`, {
      location: o.location,
      hint: 'Build the site first: name its build script in hooks.beforeDeploy (the package task runs after it), or fix the path (relative to the folder of stack.yml).',
    });
  }
  const keys = (await glob('**/*', { cwd: dir, dot: true, onlyFiles: true, followSymbolicLinks: true, ignore: [...(o.excludeFilesPatterns ?? [])], expandDirectories: false })).sort();
  const outputDir = path.resolve(workspaceRoot, o.outputPath ?? resourceOutputDir(o.projectRoot || '.', o.resourceName));
  await fs.rm(outputDir, { recursive: true, force: true });
  const files: HostingFile[] = [];
  for (const key of keys) {
    const content = await fs.readFile(path.join(dir, key));
    const target = path.join(outputDir, 'files', key);
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.writeFile(target, content);
    files.push({ key, size: content.length, md5: createHash('md5').update(content).digest('hex'), headers: hostingFileHeaders(key, o.hostingContentType, o.fileOptions) });
  }
  const digest = createHash('sha256').update(JSON.stringify(files.map((f) => [f.key, f.md5, f.headers]))).digest('hex');
  const manifest: HostingPackageManifest = { kind: 'hosting', resource: o.resourceName, filesDir: 'files', digest, size: files.reduce((n, f) => n + f.size, 0), files, packager: 'hosting-bucket' };
  await fs.writeFile(path.join(outputDir, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n');
  return { manifest, outputDir };
}

/** Reads the manifest package--<hosting bucket> wrote; a missing or foreign one is NXS_MANIFEST_MISSING. */
export async function readHostingManifest(outputDir: string): Promise<HostingPackageManifest> {
  const file = path.join(outputDir, MANIFEST_FILE);
  const text = await fs.readFile(file, 'utf8').catch(() => undefined);
  const manifest = text ? (JSON.parse(text) as HostingPackageManifest) : undefined;
  if (manifest?.kind !== 'hosting') {
    throw new NxstackError('NXS_MANIFEST_MISSING', `No hosting-bucket package manifest at ${file}.`, {
      location: { file },
      hint: 'Run the package--<resource> target first (nx run <project>:deploy runs it through dependsOn).',
    });
  }
  return manifest;
}
