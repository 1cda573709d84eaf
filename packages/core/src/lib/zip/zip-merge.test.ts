import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NxstackError } from '../errors';
import { mergeZips } from './zip-merge';
import { readZip } from './zip-reader';
import { writeZip, type ZipEntry } from './zip-writer';

const tempDir = () => fs.mkdtemp(path.join(tmpdir(), 'zip-merge-'));

describe('mergeZips', () => {
  it('gives the same bytes as writeZip over all the entries at once', async () => {
    const dir = await tempDir();
    const deps: ZipEntry[] = [
      { path: 'requests/__init__.py', content: 'x = 1\n'.repeat(200) },
      { path: 'zz/data.bin', content: Buffer.from([1, 2, 3]) },
      { path: 'a_lib.py', content: 'pass\n', mode: 0o755 },
    ];
    const code: ZipEntry[] = [{ path: 'handler.py', content: 'def handler(e, c):\n    return 1\n' }, { path: 'pkg/util.py', content: 'y = 2\n' }];
    await writeZip(deps, path.join(dir, 'deps.zip'));
    await writeZip(code, path.join(dir, 'code.zip'));
    const merged = await mergeZips([path.join(dir, 'deps.zip'), path.join(dir, 'code.zip')], path.join(dir, 'merged.zip'));
    const whole = await writeZip([...code, ...deps], path.join(dir, 'whole.zip'));
    expect(merged.sha256).toBe(whole.sha256);
    expect(merged.entries).toBe(5);
    expect((await fs.readFile(path.join(dir, 'merged.zip'))).equals(await fs.readFile(path.join(dir, 'whole.zip')))).toBe(true);
    expect((await readZip(path.join(dir, 'merged.zip'))).map((e) => e.path)).toEqual(['a_lib.py', 'handler.py', 'pkg/util.py', 'requests/__init__.py', 'zz/data.bin']);
  });

  it("refuses a path found in two inputs, with the caller's error when given", async () => {
    const dir = await tempDir();
    await writeZip([{ path: 'requests/__init__.py', content: 'a' }], path.join(dir, 'a.zip'));
    await writeZip([{ path: 'requests/__init__.py', content: 'b' }], path.join(dir, 'b.zip'));
    const inputs = [path.join(dir, 'a.zip'), path.join(dir, 'b.zip')];
    await expect(mergeZips(inputs, path.join(dir, 'out.zip'))).rejects.toMatchObject({ code: 'NXS_ZIP_PATH_CONFLICT', message: expect.stringContaining('requests/__init__.py') });
    const conflictError = (p: string) => new NxstackError('NXS_PYTHON_PATH_CONFLICT', `"${p}" is both in the function's code and in its dependencies.`);
    await expect(mergeZips(inputs, path.join(dir, 'out.zip'), { conflictError })).rejects.toMatchObject({ code: 'NXS_PYTHON_PATH_CONFLICT' });
  });

  it('refuses a zip cut short, and leaves no partial output behind', async () => {
    const dir = await tempDir();
    // Random bytes stay ~3 MB compressed: the second entry's data runs past a cut at 100 bytes.
    await writeZip([{ path: 'a.txt', content: 'x' }, { path: 'z.bin', content: randomBytes(3 * 1024 * 1024) }], path.join(dir, 'whole.zip'));
    const bytes = await fs.readFile(path.join(dir, 'whole.zip'));
    // No end record at all; then the central directory and end record kept but the data cut after 100 bytes.
    await fs.writeFile(path.join(dir, 'cut.zip'), bytes.subarray(0, 1000));
    await expect(mergeZips([path.join(dir, 'cut.zip')], path.join(dir, 'out.zip'))).rejects.toMatchObject({ code: 'NXS_ZIP_UNREADABLE' });
    const eocd = bytes.subarray(bytes.length - 22);
    const cdSize = eocd.readUInt32LE(12);
    const cdAt = eocd.readUInt32LE(16);
    const hollow = Buffer.concat([bytes.subarray(0, 100), bytes.subarray(cdAt, cdAt + cdSize), eocd]);
    hollow.writeUInt32LE(100, hollow.length - 22 + 16);
    await fs.writeFile(path.join(dir, 'hollow.zip'), hollow);
    await expect(mergeZips([path.join(dir, 'hollow.zip')], path.join(dir, 'out.zip'))).rejects.toMatchObject({ code: 'NXS_ZIP_UNREADABLE' });
    expect((await fs.readdir(dir)).filter((f) => f.startsWith('out.zip'))).toEqual([]);
  });
});
