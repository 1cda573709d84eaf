import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, lstatSync, readlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTar, readTar, TAR_FIXED_MTIME, writeTar } from '../../index';

const longName = `deep/${'a'.repeat(60)}/${'b'.repeat(60)}/file.txt`;

describe('deterministic tar', () => {
  it('gives the same bytes for the same entries in any order, with parents, fixed mtime and uid/gid 0', async () => {
    const a = await createTar([
      { path: 'b/run.sh', mode: 0o755, content: '#!/bin/sh\necho hi\n' },
      { path: 'a.txt', content: 'A' },
      { path: 'link', type: 'symlink', linkTarget: 'a.txt' },
    ]);
    const b = await createTar([
      { path: 'link', type: 'symlink', linkTarget: 'a.txt' },
      { path: 'a.txt', content: Buffer.from('A') },
      { path: './b/run.sh', mode: 0o755, content: '#!/bin/sh\necho hi\n' },
    ]);
    expect(a.equals(b)).toBe(true);
    const entries = readTar(a);
    expect(entries.map((e) => [e.path, e.type, e.mode.toString(8)])).toEqual([
      ['a.txt', 'file', '644'],
      ['b', 'directory', '755'],
      ['b/run.sh', 'file', '755'],
      ['link', 'symlink', '777'],
    ]);
    expect(entries.every((e) => e.uid === 0 && e.gid === 0 && e.mtime === TAR_FIXED_MTIME)).toBe(true);
    expect(entries.find((e) => e.path === 'link')?.linkTarget).toBe('a.txt');
  });

  it('writes archives GNU tar extracts exactly, long names included (PAX)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tar-test-'));
    const src = join(dir, 'src.bin');
    writeFileSync(src, Buffer.from([0, 1, 2, 255]));
    const file = join(dir, 'out.tar');
    await writeTar([{ path: longName, content: 'long' }, { path: 'bin/tool', sourceFile: src, mode: 0o755 }, { path: 'l', type: 'symlink', linkTarget: `x/${'c'.repeat(120)}` }], file);
    const out = join(dir, 'out');
    execFileSync('mkdir', ['-p', out]);
    execFileSync('tar', ['-xf', file, '-C', out]);
    expect(readFileSync(join(out, longName), 'utf8')).toBe('long');
    expect(readFileSync(join(out, 'bin/tool'))).toEqual(Buffer.from([0, 1, 2, 255]));
    expect(lstatSync(join(out, 'bin/tool')).mode & 0o777).toBe(0o755);
    expect(readlinkSync(join(out, 'l'))).toBe(`x/${'c'.repeat(120)}`);
    const listing = execFileSync('tar', ['--numeric-owner', '-tvf', file], { encoding: 'utf8' });
    expect(listing).toContain('0/0');
    expect(listing).toContain('1980-01-01');
    expect(readTar(readFileSync(file)).map((e) => e.path)).toContain(longName);
  });

  it('rejects paths that escape the archive root', async () => {
    await expect(createTar([{ path: '../etc/passwd', content: 'x' }])).rejects.toThrow(/Invalid tar entry path/);
  });
});
