import * as path from 'node:path';
import { listFiles, type ListFilesOptions } from './list-files';
import { writeZip, type ZipEntry, type ZipOptions, type ZipResult } from './zip-writer';

export interface ZipDirectoryOptions extends ListFilesOptions, ZipOptions {
  /** Folder inside the zip the files land under (e.g. `nodejs/` for layers). */
  readonly prefix?: string;
}

/** Zips a folder deterministically: see writeZip for the guarantees. */
export async function zipDirectory(dir: string, outFile: string, options: ZipDirectoryOptions = {}): Promise<ZipResult> {
  const prefix = options.prefix ? options.prefix.replace(/\/+$/, '') + '/' : '';
  const out = path.resolve(outFile);
  const files = await listFiles(dir, options);
  const entries: ZipEntry[] = files
    .filter((f) => path.resolve(f.absolutePath) !== out)
    .map((f) => ({ path: prefix + f.path, mode: f.mode, sourceFile: f.absolutePath }));
  return writeZip(entries, outFile, { level: options.level });
}
