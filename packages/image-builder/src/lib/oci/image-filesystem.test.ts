import { createTar, type TarEntry } from '@nxstack/core';
import { describe, expect, it } from 'vitest';
import { imageFrom } from './image';
import { applyLayerTar, lookupPath, type ImageFs } from './image-filesystem';
import { layerFromTar } from './layer';
import { MediaTypes } from './media-types';
import { optEntriesOf } from '../buildpack/layer-image';

const apply = async (fs: ImageFs, entries: TarEntry[]) => applyLayerTar(fs, await createTar(entries), 'test layer');

describe('image file tree', () => {
  it('applies whiteouts and opaque folders of upper layers to lower ones only, keeps modes, adds implied folders', async () => {
    const fs: ImageFs = new Map();
    await apply(fs, [
      { path: 'opt/extensions/telemetry', mode: 0o755, content: 'ext' },
      { path: 'opt/extensions/README', mode: 0o644, content: 'not an extension' },
      { path: 'opt/old/a.txt', content: 'a' },
      { path: 'opt/old/b.txt', content: 'b' },
      { path: 'opt/gone.txt', content: 'x' },
      { path: 'opt/cache/c1', content: 'c' },
    ]);
    await apply(fs, [
      { path: 'opt/.wh.gone.txt', content: '' },
      { path: 'opt/.wh.old', content: '' },
      { path: 'opt/cache/.wh..wh..opq', content: '' },
      { path: 'opt/cache/c2', content: 'new' },
    ]);
    expect([...fs.keys()].sort()).toEqual(['opt', 'opt/cache', 'opt/cache/c2', 'opt/extensions', 'opt/extensions/README', 'opt/extensions/telemetry']);
    expect(fs.get('opt/extensions/telemetry')).toMatchObject({ type: 'file', mode: 0o755 });
    expect(fs.get('opt/extensions/README')).toMatchObject({ type: 'file', mode: 0o644 });
    expect(fs.get('opt')).toMatchObject({ type: 'directory' });
  });

  it('a whiteout in the same layer as a file of that name leaves the new file', async () => {
    const fs: ImageFs = new Map();
    await apply(fs, [{ path: 'opt/x', content: 'old' }]);
    await apply(fs, [{ path: 'opt/x', content: 'new' }, { path: 'opt/.wh.x', content: '' }]);
    expect((fs.get('opt/x') as { content: Buffer }).content.toString()).toBe('new');
  });

  it('looks paths up through absolute and relative symlinks, and not through files', async () => {
    const fs: ImageFs = new Map();
    await apply(fs, [
      { path: 'usr/lib/tool', mode: 0o755, content: 't' },
      { path: 'lib', type: 'symlink', linkTarget: 'usr/lib' },
      { path: 'opt/bin/run', type: 'symlink', linkTarget: '../../usr/lib/tool' },
      { path: 'opt/abs', type: 'symlink', linkTarget: '/usr/lib/tool' },
      { path: 'loop', type: 'symlink', linkTarget: '/loop' },
    ]);
    expect(lookupPath(fs, '/lib/tool')).toMatchObject({ type: 'file', mode: 0o755 });
    expect(lookupPath(fs, '/opt/bin/run')).toMatchObject({ type: 'file' });
    expect(lookupPath(fs, '/opt/abs')).toMatchObject({ type: 'file' });
    expect(lookupPath(fs, '/usr/lib/tool/x')).toBeUndefined();
    expect(lookupPath(fs, '/opt/missing')).toBeUndefined();
    expect(lookupPath(fs, '/loop')).toBeUndefined();
  });

  it("takes an image's /opt (files and symlinks, modes kept) and nothing outside it", async () => {
    const tar1 = await createTar([{ path: 'opt/extensions/ext', mode: 0o750, content: 'e' }, { path: 'opt/lib/x.so', content: 'so' }, { path: 'etc/passwd', content: 'root' }, { path: 'optional/y', content: 'y' }]);
    const tar2 = await createTar([{ path: 'opt/lib/.wh.x.so', content: '' }, { path: 'opt/lib/y.so', type: 'symlink', linkTarget: 'z.so' }]);
    const image = imageFrom({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] } }, [layerFromTar(tar1), layerFromTar(tar2)], MediaTypes.ociManifest, MediaTypes.ociConfig);
    const entries = await optEntriesOf(image);
    expect(entries.map((e) => e.path).sort()).toEqual(['extensions/ext', 'lib/y.so']);
    expect(entries.find((e) => e.path === 'extensions/ext')?.mode).toBe(0o750);
    expect(entries.find((e) => e.path === 'lib/y.so')).toMatchObject({ type: 'symlink', linkTarget: 'z.so' });
  });
});
