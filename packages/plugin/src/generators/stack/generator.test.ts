import { addProjectConfiguration, readNxJson, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { isNxstackError, parseStack } from '@nxstack/core';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { stackGenerator } from './generator';

function treeWithProject(root = 'apps/orders') {
  const tree = createTreeWithEmptyWorkspace();
  addProjectConfiguration(tree, 'orders', { root });
  return tree;
}

/** The loader checks entry files on disk: write the tree out and load its stack.yml from there. */
function loadGenerated(tree: Tree, stackFile: string) {
  const dir = mkdtempSync(path.join(tmpdir(), 'nxs-stack-gen-'));
  for (const change of tree.listChanges()) {
    if (!change.content) continue;
    mkdirSync(path.dirname(path.join(dir, change.path)), { recursive: true });
    writeFileSync(path.join(dir, change.path), change.content);
  }
  return parseStack(tree.read(stackFile, 'utf-8')!, stackFile, { workspaceRoot: dir }).config;
}

describe('stack generator', () => {
  it.each([
    ['ts', 'src/hello.ts', 'nodejs22.x', ['src/hello.ts']],
    ['python', 'src/hello.py', 'python3.12', ['src/hello.py']],
    ['go', 'cmd/hello/main.go', 'provided.al2023', ['go.mod', 'go.sum', 'cmd/hello/main.go']],
    ['java', 'src/main/java/hello/Hello.java', 'java21', ['pom.xml', 'src/main/java/hello/Hello.java']],
  ] as const)('%s: a stack.yml the loader accepts, with the modeline and the handler files', async (language, entry, runtime, files) => {
    const tree = treeWithProject();
    await stackGenerator(tree, { project: 'orders', language });
    const text = tree.read('apps/orders/stack.yml', 'utf-8')!;
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../../node_modules/@nxstack/core/schema/stack.schema.json');
    const stack = loadGenerated(tree, 'apps/orders/stack.yml');
    const hello = stack.resources.hello as { type: string; properties: { runtime: string; packaging: { properties: { entryfilePath: string } } } };
    expect(hello.type).toBe('function');
    expect(hello.properties.runtime).toBe(runtime);
    expect(hello.properties.packaging.properties.entryfilePath).toBe(entry);
    for (const f of files) expect(tree.exists(`apps/orders/${f}`), f).toBe(true);
    expect(readNxJson(tree)?.plugins).toEqual(['@nxstack/plugin']);
  });

  it('names the resource as asked', async () => {
    const tree = treeWithProject();
    await stackGenerator(tree, { project: 'orders', resource: 'checkout' });
    expect(Object.keys(loadGenerated(tree, 'apps/orders/stack.yml').resources)).toEqual(['checkout']);
  });

  it('refuses to overwrite a stack.yml or a handler', async () => {
    const tree = treeWithProject();
    tree.write('apps/orders/src/hello.ts', 'export const mine = 1;\n');
    const err = await stackGenerator(tree, { project: 'orders' }).catch((e: unknown) => e);
    expect(isNxstackError(err) && err.code).toBe('NXS_GENERATOR_FILE_EXISTS');
    expect(tree.exists('apps/orders/stack.yml')).toBe(false);
    expect(tree.read('apps/orders/src/hello.ts', 'utf-8')).toBe('export const mine = 1;\n');
  });

  it('names an unknown project', async () => {
    const err = await stackGenerator(createTreeWithEmptyWorkspace(), { project: 'nope' }).catch((e: unknown) => e);
    expect(isNxstackError(err) && err.code).toBe('NXS_GENERATOR_PROJECT_UNKNOWN');
  });
});
