import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listFiles, readZip, sha256File, writeZip, zipDirectory, zipEntries } from './index';
import { noiseBytes } from '../../../../../tools/test-services/noise-bytes';

function tree(): string {
  const dir = mkdtempSync(join(tmpdir(), 'zip-src-'));
  mkdirSync(join(dir, 'lib/nested'), { recursive: true });
  writeFileSync(join(dir, 'index.js'), 'exports.handler = async () => "ok";\n'.repeat(50));
  writeFileSync(join(dir, 'lib/nested/data.txt'), 'ä unicode data');
  writeFileSync(join(dir, '.hidden'), 'dot file');
  writeFileSync(join(dir, 'bootstrap'), '#!/bin/sh\necho hi\n');
  chmodSync(join(dir, 'bootstrap'), 0o700);
  writeFileSync(join(dir, 'random.bin'), Buffer.from(Array.from({ length: 256 }, (_, i) => (i * 7919) % 256)));
  return dir;
}

describe('deterministic zip', () => {
  it('gives byte-identical archives for the same tree, whatever the mtimes', async () => {
    const src = tree();
    const out = mkdtempSync(join(tmpdir(), 'zip-out-'));
    const a = await zipDirectory(src, join(out, 'a.zip'));
    execFileSync('touch', ['-d', '2001-02-03', join(src, 'index.js')]);
    const b = await zipDirectory(src, join(out, 'b.zip'));
    expect(a.sha256).toBe(b.sha256);
    expect(readFileSync(join(out, 'a.zip')).equals(readFileSync(join(out, 'b.zip')))).toBe(true);
    expect(await sha256File(join(out, 'a.zip'))).toBe(a.sha256);
    expect(a.size).toBe(statSync(join(out, 'a.zip')).size);
  });

  it('is read back by the system unzip with contents and modes intact', async () => {
    const src = tree();
    const out = mkdtempSync(join(tmpdir(), 'zip-out-'));
    await zipDirectory(src, join(out, 'a.zip'));
    const listing = execFileSync('unzip', ['-Z', join(out, 'a.zip')], { encoding: 'utf8' });
    expect(listing).toMatch(/-rwxr-xr-x .* bootstrap/);
    expect(listing).toMatch(/-rw-r--r-- .* index\.js/);
    const dest = mkdtempSync(join(tmpdir(), 'zip-x-'));
    execFileSync('unzip', ['-q', join(out, 'a.zip'), '-d', dest]);
    expect(readFileSync(join(dest, 'lib/nested/data.txt'), 'utf8')).toBe('ä unicode data');
    expect(readFileSync(join(dest, 'random.bin')).equals(readFileSync(join(src, 'random.bin')))).toBe(true);
    expect(statSync(join(dest, 'bootstrap')).mode & 0o777).toBe(0o755);
  });

  it('sorts entries and reads them back with readZip', async () => {
    const out = mkdtempSync(join(tmpdir(), 'zip-out-'));
    await writeZip([{ path: 'b.txt', content: 'b' }, { path: 'a/x.sh', content: 'x', mode: 0o755 }], join(out, 'z.zip'));
    const entries = await readZip(join(out, 'z.zip'));
    expect(entries.map((e) => [e.path, e.mode, e.content.toString()])).toEqual([
      ['a/x.sh', 0o755, 'x'],
      ['b.txt', 0o644, 'b'],
    ]);
  });

  it('zipEntries lists from the central directory and inflates an entry only when opened, in chunks of at most 1 MiB', async () => {
    const out = mkdtempSync(join(tmpdir(), 'zip-out-'));
    const big = Buffer.from('abcdefgh'.repeat(600_000)); // 4.8 MB, deflated through the writer's spool
    writeFileSync(join(out, 'big.txt'), big);
    await writeZip([{ path: 'big.txt', sourceFile: join(out, 'big.txt') }, { path: 'run', content: '#!/bin/sh\n', mode: 0o755 }], join(out, 'z.zip'));
    const entries = await zipEntries(join(out, 'z.zip'));
    expect(entries.map((e) => [e.path, e.mode, e.size])).toEqual([['big.txt', 0o644, big.length], ['run', 0o755, 10]]);
    const chunks: Buffer[] = [];
    for await (const c of entries[0]!.open()) chunks.push(c);
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThanOrEqual(1024 * 1024);
    expect(Buffer.concat(chunks).equals(big)).toBe(true);
    await expect(zipEntries(join(out, 'big.txt'))).rejects.toMatchObject({ code: 'NXS_ZIP_UNREADABLE' });
  });

  it('writes streamed entries (open/size) to the same bytes as in-memory ones, large compressible and incompressible alike', async () => {
    const out = mkdtempSync(join(tmpdir(), 'zip-out-'));
    const files = { 'text.txt': Buffer.from('some text\n'.repeat(300_000)), 'noise.bin': noiseBytes(2_500_000, 2463534242), 'small.js': Buffer.from('x') };
    const inMemory = await writeZip(Object.entries(files).map(([p, content]) => ({ path: p, content })), join(out, 'a.zip'));
    const streamed = await writeZip(
      Object.entries(files).map(([p, content]) => ({ path: p, size: content.length, source: p, open: async function* () { for (let i = 0; i < content.length; i += 65536) yield content.subarray(i, i + 65536); } })),
      join(out, 'b.zip'),
    );
    expect(streamed.sha256).toBe(inMemory.sha256);
  });

  it('rejects unsafe and duplicate paths with codes', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'zip-out-')), 'z.zip');
    await expect(writeZip([{ path: '../evil', content: '' }], out)).rejects.toMatchObject({ code: 'NXS_ZIP_BAD_PATH' });
    await expect(writeZip([{ path: 'a', content: '' }, { path: 'a', content: '' }], out)).rejects.toMatchObject({ code: 'NXS_ZIP_DUPLICATE_ENTRY' });
  });

  it('lists files with include/exclude globs, sorted', async () => {
    const src = tree();
    const files = await listFiles(src, { exclude: ['**/*.bin', '.hidden'] });
    expect(files.map((f) => f.path)).toEqual(['bootstrap', 'index.js', 'lib/nested/data.txt']);
    expect((await listFiles(src, { include: ['lib/**'] })).map((f) => f.path)).toEqual(['lib/nested/data.txt']);
  });
});
