import { NxstackError } from '@nxstack/core';
import * as path from 'node:path';
import type { S3Location } from './s3-storage';
import type { TokenSet } from './tokens';

export type StorageSpec = { readonly kind: 'dir'; readonly path: string } | ({ readonly kind: 's3' } & S3Location);

/** `dir:<path>` (relative to `cwd`) or `s3://<bucket>[/<prefix>]`. */
export function parseStorage(spec: string, cwd = process.cwd()): StorageSpec {
  if (spec.startsWith('dir:') && spec.length > 4) return { kind: 'dir', path: path.resolve(cwd, spec.slice(4)) };
  const s3 = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(spec);
  if (s3) return { kind: 's3', bucket: s3[1], prefix: (s3[2] ?? '').replace(/^\/+|\/+$/g, '') };
  throw new NxstackError('NXS_CACHE_STORAGE_INVALID', `Storage "${spec}" is neither dir:<path> nor s3://<bucket>/<prefix>.`, {
    hint: 'Pass --storage dir:/var/cache/nx or --storage s3://my-bucket/nx-cache (or set NXSTACK_CACHE_STORAGE).',
  });
}

const UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, kb: 1024, m: 1024 ** 2, mb: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3 };

/** `1073741824`, `512mb`, `2gb` (binary units) → bytes. */
export function parseSize(value: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(value.trim());
  const unit = m ? UNITS[m[2].toLowerCase()] : undefined;
  if (!m || unit === undefined || Number(m[1]) <= 0) {
    throw new NxstackError('NXS_CACHE_USAGE', `Size "${value}" is not a positive number of bytes.`, { hint: 'Use e.g. --max-size 1gb, 512mb or 1048576.' });
  }
  return Math.floor(Number(m[1]) * unit);
}

/** Tokens from repeated flags and comma-separated environment variables; at least one is needed. */
export function resolveTokens(flags: { readWrite: string[]; read: string[] }, env: NodeJS.ProcessEnv): TokenSet {
  const split = (v: string | undefined) => (v ?? '').split(',').map((t) => t.trim()).filter(Boolean);
  const readWrite = [...flags.readWrite, ...split(env['NXSTACK_CACHE_READ_WRITE_TOKEN'])];
  const read = [...flags.read, ...split(env['NXSTACK_CACHE_READ_TOKEN'])];
  if (readWrite.length + read.length === 0) {
    throw new NxstackError('NXS_CACHE_TOKEN_MISSING', 'No access token configured: the cache would be open to anyone who can reach it.', {
      hint: 'Set NXSTACK_CACHE_READ_WRITE_TOKEN (trusted CI) and NXSTACK_CACHE_READ_TOKEN (pull requests), or pass --read-write-token / --read-token.',
    });
  }
  const short = [...readWrite, ...read].some((t) => t.length < 16);
  if (short) {
    throw new NxstackError('NXS_CACHE_TOKEN_WEAK', 'An access token is shorter than 16 characters.', {
      hint: 'Generate one with `openssl rand -hex 32`.',
    });
  }
  if (readWrite.some((t) => read.includes(t))) {
    throw new NxstackError('NXS_CACHE_TOKEN_WEAK', 'The same token is configured as read-write and read-only.', { hint: 'Use distinct tokens.' });
  }
  return { readWrite, read };
}
