// The part of tar-stream 2.x (tar-fs's own parser) that reads `docker save` archives; the package ships no types.
declare module 'tar-stream' {
  import type { Readable, Writable } from 'node:stream';

  export interface Headers {
    name: string;
    size: number;
    type: 'file' | 'directory' | 'symlink' | 'link' | string;
    linkname?: string | null;
    mode?: number;
  }

  export interface Extract extends Writable {
    on(event: 'entry', listener: (header: Headers, stream: Readable, next: (err?: Error) => void) => void): this;
    on(event: string, listener: (...args: unknown[]) => void): this;
  }

  export function extract(): Extract;
}
