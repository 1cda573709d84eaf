import { readNxJson } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { describe, expect, it } from 'vitest';
import { initGenerator } from './generator';

describe('init generator', () => {
  it('registers the plugin as a bare string and ignores .nxstack', async () => {
    const tree = createTreeWithEmptyWorkspace();
    tree.write('.gitignore', 'node_modules');
    await initGenerator(tree, {});
    expect(readNxJson(tree)?.plugins).toEqual(['@nxstack/plugin']);
    expect(tree.read('.gitignore', 'utf-8')).toBe('node_modules\n# nxstack local stage state\n.nxstack\n');
  });

  it('writes options when given and is idempotent', async () => {
    const tree = createTreeWithEmptyWorkspace();
    await initGenerator(tree, { stage: 'dev', defaultRegion: 'eu-west-1' });
    await initGenerator(tree, { stage: 'prod' });
    expect(readNxJson(tree)?.plugins).toEqual([{ plugin: '@nxstack/plugin', options: { stage: 'dev', defaultRegion: 'eu-west-1' } }]);
    expect(tree.read('.gitignore', 'utf-8')).toBe('# nxstack local stage state\n.nxstack\n');
  });

  it('keeps an existing object registration and existing ignore entries', async () => {
    const tree = createTreeWithEmptyWorkspace();
    const nxJson = readNxJson(tree) ?? {};
    tree.write('nx.json', JSON.stringify({ ...nxJson, plugins: ['@nx/js', { plugin: '@nxstack/plugin', options: { targetPrefix: 'stack:' } }] }));
    tree.write('.gitignore', 'dist\n/.nxstack/\n');
    await initGenerator(tree);
    expect(readNxJson(tree)?.plugins).toEqual(['@nx/js', { plugin: '@nxstack/plugin', options: { targetPrefix: 'stack:' } }]);
    expect(tree.read('.gitignore', 'utf-8')).toBe('dist\n/.nxstack/\n');
  });
});
