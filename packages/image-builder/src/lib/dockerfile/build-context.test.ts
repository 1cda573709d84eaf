import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTar, TAR_FIXED_MTIME } from '@nxstack/core';
import { createBuildContext } from './build-context';

const inMemory = (path: string, mode: number, text: string, size = Buffer.byteLength(text)) => ({ path, mode, size, source: path, open: async function* () { yield Buffer.from(text); } });

async function bytes(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

describe('streamed build context (tar-fs)', () => {
  it('sends sorted files with fixed headers, minus .dockerignore matches, the same bytes on every open', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ctx-'));
    mkdirSync(join(dir, 'node_modules/keep'), { recursive: true });
    mkdirSync(join(dir, 'src'), { recursive: true });
    writeFileSync(join(dir, 'Dockerfile'), 'FROM scratch\n');
    writeFileSync(join(dir, '.dockerignore'), 'node_modules\n!node_modules/keep\n*.log\nDockerfile\n');
    writeFileSync(join(dir, 'node_modules/drop.js'), 'x');
    writeFileSync(join(dir, 'node_modules/keep/index.js'), 'k');
    writeFileSync(join(dir, 'src/app.js'), 'a');
    writeFileSync(join(dir, 'debug.log'), 'noise');
    const ctx = await createBuildContext(dir, 'Dockerfile', dir, undefined, [inMemory('.nxstack-artifact/index.js', 0o755, 'bundle')]);
    const first = await bytes(ctx.open());
    expect((await bytes(ctx.open())).equals(first)).toBe(true);
    const entries = readTar(first);
    expect(entries.map((e) => e.path)).toEqual(['.dockerignore', 'Dockerfile', 'node_modules/keep/index.js', 'src/app.js', '.nxstack-artifact/index.js']);
    expect(entries.every((e) => e.uid === 0 && e.gid === 0 && e.mtime === TAR_FIXED_MTIME)).toBe(true);
    expect(entries.find((e) => e.path === '.nxstack-artifact/index.js')?.mode).toBe(0o755);
    expect(ctx.files).toBe(5);
    const { createHash } = await import('node:crypto');
    expect(createHash('sha256').update(first).digest('hex')).toBe(ctx.digest);
  });

  it('an artifact file whose size moved after listing fails the stream with NXS_FILE_CHANGED_WHILE_PACKAGING', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ctx-'));
    writeFileSync(join(dir, 'Dockerfile'), 'FROM scratch\n');
    for (const listed of [3, 10]) {
      const err = await createBuildContext(dir, 'Dockerfile', dir, undefined, [inMemory('.nxstack-artifact/index.js', 0o644, 'bundle', listed)]).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'NXS_FILE_CHANGED_WHILE_PACKAGING' });
    }
  });
});
