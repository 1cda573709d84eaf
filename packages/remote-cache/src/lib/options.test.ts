import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { serveFromArgs } from './cli';
import { parseSize, parseStorage, resolveTokens } from './options';
import { tokenChecker } from './tokens';

const T1 = 'token-one-0123456789';
const T2 = 'token-two-0123456789';

describe('nxstack-cache options', () => {
  it('parses dir: and s3:// storage, and rejects anything else with NXS_CACHE_STORAGE_INVALID', () => {
    expect(parseStorage('dir:cache', '/srv')).toEqual({ kind: 'dir', path: '/srv/cache' });
    expect(parseStorage('s3://my-bucket/nx/cache/')).toEqual({ kind: 's3', bucket: 'my-bucket', prefix: 'nx/cache' });
    expect(parseStorage('s3://my-bucket')).toEqual({ kind: 's3', bucket: 'my-bucket', prefix: '' });
    for (const bad of ['dir:', '/tmp/cache', 's3://', 's3://B/x', 'gs://b/x']) expect(() => parseStorage(bad)).toThrow(expect.objectContaining({ code: 'NXS_CACHE_STORAGE_INVALID' }));
  });

  it('parses sizes in binary units', () => {
    expect(parseSize('1048576')).toBe(1048576);
    expect(parseSize('512mb')).toBe(512 * 1024 * 1024);
    expect(parseSize('2GB')).toBe(2 * 1024 ** 3);
    for (const bad of ['', '0', '-1', '5 parsecs', 'lots']) expect(() => parseSize(bad)).toThrow(expect.objectContaining({ code: 'NXS_CACHE_USAGE' }));
  });

  it('takes tokens from flags and comma-separated environment variables, and refuses none, short or shared ones', () => {
    expect(resolveTokens({ readWrite: [T1], read: [] }, { NXSTACK_CACHE_READ_TOKEN: `${T2}, ` })).toEqual({ readWrite: [T1], read: [T2] });
    expect(() => resolveTokens({ readWrite: [], read: [] }, {})).toThrow(expect.objectContaining({ code: 'NXS_CACHE_TOKEN_MISSING' }));
    expect(() => resolveTokens({ readWrite: ['short'], read: [] }, {})).toThrow(expect.objectContaining({ code: 'NXS_CACHE_TOKEN_WEAK' }));
    expect(() => resolveTokens({ readWrite: [T1], read: [T1] }, {})).toThrow(expect.objectContaining({ code: 'NXS_CACHE_TOKEN_WEAK' }));
  });

  it('maps bearer tokens to their role', () => {
    const check = tokenChecker({ readWrite: [T1], read: [T2] });
    expect(check(`Bearer ${T1}`)).toBe('read-write');
    expect(check(`bearer ${T2}`)).toBe('read');
    expect(check(`Bearer ${T1}x`)).toBe('none');
    expect(check(T1)).toBe('none');
    expect(check(undefined)).toBe('none');
  });

  it('serve: bad arguments are NxstackErrors; the start-up line names no token', async () => {
    await expect(serveFromArgs(['start'], {}, () => undefined)).rejects.toMatchObject({ code: 'NXS_CACHE_USAGE' });
    await expect(serveFromArgs(['serve', '--bogus'], {}, () => undefined)).rejects.toMatchObject({ code: 'NXS_CACHE_USAGE' });
    await expect(serveFromArgs(['serve', '--port', '99999', '--storage', 'dir:x'], { NXSTACK_CACHE_READ_WRITE_TOKEN: T1 }, () => undefined)).rejects.toMatchObject({ code: 'NXS_CACHE_USAGE' });
    await expect(serveFromArgs(['serve', '--port', '0'], { NXSTACK_CACHE_READ_WRITE_TOKEN: T1 }, () => undefined)).rejects.toMatchObject({ code: 'NXS_CACHE_STORAGE_INVALID' });
    const dir = mkdtempSync(path.join(tmpdir(), 'nxs-cache-cli-'));
    const lines: string[] = [];
    const running = await serveFromArgs(['serve', '--port', '0', '--host', '127.0.0.1', '--storage', `dir:${dir}`, '--read-token', T2], { NXSTACK_CACHE_READ_WRITE_TOKEN: T1 }, (l) => lines.push(l));
    try {
      expect(lines[0]).toMatch(/^nxstack-cache: listening url=http:\/\/127\.0\.0\.1:\d+ storage=dir:\S+ readWriteTokens=1 readTokens=1 maxSize=1073741824$/);
      expect(lines.join('\n')).not.toContain(T1);
      expect(lines.join('\n')).not.toContain(T2);
    } finally {
      await running.close(1000);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
