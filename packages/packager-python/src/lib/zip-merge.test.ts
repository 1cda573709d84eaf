import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { readZip, writeZip, type ZipEntry } from '@nxstack/core';
import { describe, expect, it } from 'vitest';
import { tempWorkspace } from '../test-support/workspace';
import { mergeZips } from './zip-merge';

describe('mergeZips', () => {
  it('gives the same bytes as writeZip over all the entries at once', async () => {
    const dir = await tempWorkspace();
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
    expect((await fs.readFile(path.join(dir, 'merged.zip'))).equals(await fs.readFile(path.join(dir, 'whole.zip')))).toBe(true);
    expect((await readZip(path.join(dir, 'merged.zip'))).map((e) => e.path)).toEqual(['a_lib.py', 'handler.py', 'pkg/util.py', 'requests/__init__.py', 'zz/data.bin']);
  });

  it('refuses a path that is both code and dependency', async () => {
    const dir = await tempWorkspace();
    await writeZip([{ path: 'requests/__init__.py', content: 'a' }], path.join(dir, 'a.zip'));
    await writeZip([{ path: 'requests/__init__.py', content: 'b' }], path.join(dir, 'b.zip'));
    await expect(mergeZips([path.join(dir, 'a.zip'), path.join(dir, 'b.zip')], path.join(dir, 'out.zip'))).rejects.toMatchObject({ code: 'NXS_PYTHON_PATH_CONFLICT' });
  });
});
