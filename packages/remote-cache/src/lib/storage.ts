import type { Readable } from 'node:stream';

/** A stored cache entry being read: its bytes as a stream and, when known, their count. */
export interface StoredEntry {
  readonly body: Readable;
  readonly size?: number;
}

/**
 * Where cache entries live. An entry is immutable: `put` of an existing hash answers
 * 'exists' and leaves the stored bytes untouched, and a failed or aborted `put` stores nothing.
 */
export interface CacheStorage {
  /** A human-readable description for the start-up line (no secrets). */
  readonly description: string;
  /** True when `put` needs the body's length up front (the server then answers 411 without one). */
  readonly requiresContentLength?: boolean;
  get(hash: string): Promise<StoredEntry | undefined>;
  has(hash: string): Promise<boolean>;
  /** Streams `body` into the entry `hash`. `size` is the request's Content-Length when it sent one. */
  put(hash: string, body: Readable, size: number | undefined): Promise<'stored' | 'exists'>;
}
