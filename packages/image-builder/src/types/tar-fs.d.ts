// The part of tar-fs 2.x (and its tar-stream pack) the build context uses; the package ships no types.
declare module 'tar-fs' {
  import type { Readable } from 'node:stream';
  import type { Stats } from 'node:fs';

  export interface Headers {
    name: string;
    mode?: number;
    mtime?: Date;
    size?: number;
    type?: 'file' | 'directory' | 'symlink' | string;
    uid?: number;
    gid?: number;
    uname?: string;
    gname?: string;
    linkname?: string;
  }

  export interface Pack extends Readable {
    entry(header: Headers, buffer?: Buffer | string, callback?: (err?: Error | null) => void): unknown;
    /** Without a buffer: a writable for the entry's `size` bytes; the callback reports a size mismatch. */
    entry(header: Headers, callback: (err?: Error | null) => void): NodeJS.WritableStream;
    finalize(): void;
  }

  export interface PackOptions {
    ignore?: (name: string) => boolean;
    entries?: string[];
    map?: (header: Headers) => Headers | undefined;
    dereference?: boolean;
    sort?: boolean;
    finalize?: boolean;
    finish?: (pack: Pack) => void;
    statCallback?: (stat: Stats) => void;
  }

  export function pack(cwd: string, options?: PackOptions): Pack;
}
