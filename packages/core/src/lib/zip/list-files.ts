import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { glob } from 'tinyglobby';
import { assertInsideWorkspace, type InsideWorkspaceCheck } from '../workspace-path';

export interface ListedFile {
  /** Posix path relative to the listed folder. */
  readonly path: string;
  readonly absolutePath: string;
  /** 0o755 when any execute bit is set on disk, else 0o644: nothing else survives into artifacts. */
  readonly mode: number;
  /** Size when listed: a writer streaming the file checks it still has it. */
  readonly size: number;
}

export interface ListFilesOptions {
  /** Globs relative to the folder (default: everything, dot files included). */
  readonly include?: readonly string[];
  readonly exclude?: readonly string[];
  /**
   * Files found from stack.yml paths or globs: each one, symlinks followed, must lie inside the
   * workspace (NXS_PATH_OUTSIDE_WORKSPACE otherwise), so a link in the repository cannot pull in
   * the machine's files.
   */
  readonly insideWorkspace?: InsideWorkspaceCheck;
}

export function normalizeMode(mode: number): number {
  return mode & 0o111 ? 0o755 : 0o644;
}

/** Byte-order comparison: locale-independent, so every machine sorts entries alike. */
export function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Regular files under `dir` (symlinks followed), sorted, with normalised modes. */
export async function listFiles(dir: string, options: ListFilesOptions = {}): Promise<ListedFile[]> {
  const found = await glob(options.include?.length ? [...options.include] : ['**/*'], {
    cwd: dir,
    ignore: options.exclude ? [...options.exclude] : [],
    dot: true,
    onlyFiles: true,
    followSymbolicLinks: true,
    expandDirectories: true,
  });
  const files: ListedFile[] = [];
  for (const rel of [...new Set(found)].sort(comparePaths)) {
    const absolutePath = path.join(dir, rel);
    const stat = await fs.stat(absolutePath).catch(() => undefined); // dangling symlink: skip
    if (!stat?.isFile()) continue;
    if (options.insideWorkspace) assertInsideWorkspace(absolutePath, options.insideWorkspace);
    files.push({ path: rel.split(path.sep).join('/'), absolutePath, mode: normalizeMode(stat.mode), size: stat.size });
  }
  return files;
}
