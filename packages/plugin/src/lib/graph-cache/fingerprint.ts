import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

/**
 * What a cached graph-time computation read, so a later run can tell whether it would read the
 * same: file contents (null: absent), folder listings (a new file beside one read may now be
 * resolved instead: `x.tsx` before `x.ts`, an `index.ts`) — workspace-relative posix paths.
 */
export interface Fingerprint {
  readonly files: Record<string, string | null>;
  readonly dirs: Record<string, string | null>;
}

/** Per graph computation: a file read by fifty functions is hashed once. Never kept across runs. */
export class FileHashes {
  private readonly files = new Map<string, string | null>();
  private readonly dirs = new Map<string, string | null>();
  constructor(readonly workspaceRoot: string) {}

  file(rel: string): string | null {
    let h = this.files.get(rel);
    if (h === undefined) {
      try {
        h = createHash('sha256').update(readFileSync(path.join(this.workspaceRoot, rel))).digest('hex');
      } catch {
        h = null;
      }
      this.files.set(rel, h);
    }
    return h;
  }

  /** Text of a file (null when absent), hashed as it is read. */
  text(rel: string): string | null {
    try {
      const buf = readFileSync(path.join(this.workspaceRoot, rel));
      this.files.set(rel, createHash('sha256').update(buf).digest('hex'));
      return buf.toString('utf8');
    } catch {
      this.files.set(rel, null);
      return null;
    }
  }

  dir(rel: string): string | null {
    let h = this.dirs.get(rel);
    if (h === undefined) {
      try {
        const names = readdirSync(path.join(this.workspaceRoot, rel), { withFileTypes: true }).map((e) => `${e.name}${e.isDirectory() ? '/' : ''}`);
        h = createHash('sha256').update(names.sort().join('\n')).digest('hex');
      } catch {
        h = null;
      }
      this.dirs.set(rel, h);
    }
    return h;
  }

  /** True when every file and folder of `fp` still hashes as recorded. */
  matches(fp: Fingerprint): boolean {
    return Object.entries(fp.files).every(([f, h]) => this.file(f) === h) && Object.entries(fp.dirs).every(([d, h]) => this.dir(d) === h);
  }
}

/** Collects a Fingerprint while a computation reads. */
export class FingerprintBuilder {
  private readonly files: Record<string, string | null> = {};
  private readonly dirs: Record<string, string | null> = {};
  constructor(private readonly hashes: FileHashes) {}

  file(rel: string): void {
    this.files[rel] = this.hashes.file(rel);
  }
  text(rel: string): string | null {
    const t = this.hashes.text(rel);
    this.files[rel] = this.hashes.file(rel);
    return t;
  }
  dir(rel: string): void {
    this.dirs[rel] = this.hashes.dir(rel);
  }
  build(): Fingerprint {
    return { files: { ...this.files }, dirs: { ...this.dirs } };
  }
}

/** Workspace-relative posix path of `p` (absolute or relative to the workspace root). */
export function workspaceRel(workspaceRoot: string, p: string): string {
  const rel = path.relative(workspaceRoot, path.resolve(workspaceRoot, p)).split(path.sep).join('/');
  return rel === '' ? '.' : rel;
}
