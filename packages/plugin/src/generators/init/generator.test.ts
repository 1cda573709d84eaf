import { readNxJson } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { describe, expect, it } from 'vitest';
import { initGenerator } from './generator';

describe('init generator', () => {
  it('registers the plugin as a bare string and ignores .nxstack/ and dist/stack/', async () => {
    const tree = createTreeWithEmptyWorkspace();
    tree.write('.gitignore', 'node_modules');
    await initGenerator(tree, {});
    expect(readNxJson(tree)?.plugins).toEqual(['@nxstack/plugin']);
    expect(tree.read('.gitignore', 'utf-8')).toBe(
      'node_modules\n# nxstack: local stage state and secrets\n.nxstack/\n# nxstack: packaged artifacts (Nx task outputs)\ndist/stack/\n',
    );
  });

  it('writes options when given and is idempotent', async () => {
    const tree = createTreeWithEmptyWorkspace();
    await initGenerator(tree, { stage: 'dev', defaultRegion: 'eu-west-1' });
    const gitignore = tree.read('.gitignore', 'utf-8');
    await initGenerator(tree, { stage: 'prod' });
    expect(readNxJson(tree)?.plugins).toEqual([{ plugin: '@nxstack/plugin', options: { stage: 'dev', defaultRegion: 'eu-west-1' } }]);
    expect(tree.read('.gitignore', 'utf-8')).toBe(gitignore);
    expect(tree.listChanges().filter((c) => c.path === '.gitignore')).toHaveLength(1);
  });

  it('keeps an existing object registration and entries that already cover the folders', async () => {
    const tree = createTreeWithEmptyWorkspace();
    const nxJson = readNxJson(tree) ?? {};
    tree.write('nx.json', JSON.stringify({ ...nxJson, plugins: ['@nx/js', { plugin: '@nxstack/plugin', options: { targetPrefix: 'stack:' } }] }));
    tree.write('.gitignore', '/dist\n/.nxstack/\n');
    await initGenerator(tree);
    expect(readNxJson(tree)?.plugins).toEqual(['@nx/js', { plugin: '@nxstack/plugin', options: { targetPrefix: 'stack:' } }]);
    expect(tree.read('.gitignore', 'utf-8')).toBe('/dist\n/.nxstack/\n');
  });

  it('gives existing stack.yml files the schema modeline once, relative to their folder', async () => {
    const tree = createTreeWithEmptyWorkspace();
    tree.write('apps/api/stack.yml', 'resources: {}\n');
    tree.write('stack.yml', '# yaml-language-server: $schema=https://example.com/own.json\nresources: {}\n');
    tree.write('node_modules/x/stack.yml', 'resources: {}\n');
    await initGenerator(tree);
    await initGenerator(tree);
    expect(tree.read('apps/api/stack.yml', 'utf-8')).toBe('# yaml-language-server: $schema=../../node_modules/@nxstack/core/schema/stack.schema.json\nresources: {}\n');
    expect(tree.read('stack.yml', 'utf-8')).toBe('# yaml-language-server: $schema=https://example.com/own.json\nresources: {}\n');
    expect(tree.read('node_modules/x/stack.yml', 'utf-8')).toBe('resources: {}\n');
  });
});
