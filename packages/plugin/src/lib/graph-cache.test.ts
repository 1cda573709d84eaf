/**
 * The createNodes cache (graph-cache/, stack-nodes-cache.ts): a second graph computation of an
 * unchanged workspace runs no esbuild scan and loads no stack.yml, and after each change below
 * the cached computation gives exactly what a computation without any cache gives.
 */
import { mkdirSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { CreateNodesResult } from '@nx/devkit';
import { describe, expect, it } from 'vitest';
import { createNodes } from '../index';
import { createNodesForStackFile } from './create-nodes';
import { GRAPH_CACHE_STATS_FILE } from './graph-cache/store';
import type { GraphCacheStats } from './graph-cache/session';
import { buildpackFunctionYaml } from '../../../core/src/lib/model/__fixtures__/stack-yaml';
import { contextFor, tmpWorkspace } from './__fixtures__/workspace';

const STACK_FILE = 'apps/api/stack.yml';
const STACK = `variables:
  conf: $File('config.json')
resources:
${buildpackFunctionYaml('a', 'src/a.ts', ['      memory: $Var().conf.memory'])}${buildpackFunctionYaml('b', 'src/b.ts')}${buildpackFunctionYaml('py', 'py/handler.py', ['      runtime: python3.12'])}`;

function workspace(): string {
  const root = tmpWorkspace({
    'nx.json': '{}',
    'package.json': JSON.stringify({ name: 'ws', private: true, workspaces: ['libs/*', 'apps/*'] }),
    'package-lock.json': '{}',
    'tsconfig.base.json': '{\n  // paths with a fallback: the first target that has the file wins\n  "compilerOptions": { "baseUrl": ".", "paths": { "@alias/*": ["libs/alias/*", "libs/alias2/*"] } }\n}\n',
    'apps/api/project.json': JSON.stringify({ name: 'api' }),
    'apps/api/package.json': JSON.stringify({ name: 'api-pkg' }),
    'apps/api/tsconfig.json': JSON.stringify({ extends: '../../tsconfig.base.json' }),
    'apps/api/stack.yml': STACK,
    'apps/api/config.json': '{ "memory": 512 }',
    'apps/api/src/a.ts': "import { util } from './util';\nimport { shared } from '@ws/shared';\nimport { x } from '@alias/x';\nexport const handler = async () => [util, shared, x];\n",
    'apps/api/src/util.ts': 'export const util = 1;\n',
    'apps/api/src/b.ts': 'export const handler = async () => 2;\n',
    'apps/api/py/handler.py': 'def handler(e, c):\n    return 1\n',
    'apps/api/requirements.txt': 'requests==2.32.3\n',
    'libs/shared/package.json': JSON.stringify({ name: '@ws/shared', main: 'index.ts' }),
    'libs/shared/index.ts': 'export const shared = 3;\n',
    'libs/alias2/x.ts': 'export const x = 4;\n',
  });
  mkdirSync(path.join(root, 'node_modules/@ws'), { recursive: true });
  symlinkSync('../../libs/shared', path.join(root, 'node_modules/@ws/shared'));
  return root;
}

const ctx = contextFor;

async function cachedGraph(root: string, options?: object): Promise<{ result: CreateNodesResult; stats: GraphCacheStats }> {
  const results = await createNodes[1]([STACK_FILE], options, ctx(root));
  const stats = JSON.parse(readFileSync(path.join(root, '.nx/workspace-data', GRAPH_CACHE_STATS_FILE), 'utf8')) as GraphCacheStats;
  return { result: results[0][1], stats };
}

/** The same computation with no cache at all (no graph session: every scan runs). */
const uncached = (root: string, options?: object) => createNodesForStackFile(STACK_FILE, options as never, ctx(root));

const inputsOf = (r: CreateNodesResult, target: string) => r.projects?.['apps/api']?.targets?.[target]?.inputs;

const write = (root: string, rel: string, text: string) => {
  mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  writeFileSync(path.join(root, rel), text);
};

describe('createNodes cache', () => {
  it('an unchanged workspace is answered from the cache: no esbuild scan, no stack.yml computed', async () => {
    const root = workspace();
    const first = await cachedGraph(root);
    expect(first.stats).toMatchObject({ stackMisses: 1, stackHits: 0 });
    expect(first.stats.esbuildScans).toBeGreaterThanOrEqual(2);
    expect(inputsOf(first.result, 'package--a')).toEqual(
      expect.arrayContaining(['{workspaceRoot}/apps/api/src/a.ts', '{workspaceRoot}/apps/api/src/util.ts', '{workspaceRoot}/libs/alias2/x.ts', '{workspaceRoot}/libs/shared/**/*']),
    );
    const second = await cachedGraph(root);
    expect(second.stats).toMatchObject({ stackHits: 1, stackMisses: 0, scanMisses: 0, esbuildScans: 0 });
    expect(second.result).toEqual(first.result);
    expect(second.result).toEqual(await uncached(root));
  });

  // Each change: the cached computation equals an uncached one, and the change shows in the
  // inputs it should (so the case really changed the answer, where it should).
  const cases: Array<{ name: string; change: (root: string) => void; options?: object; env?: Record<string, string>; rescans: string[]; expectIn?: [string, unknown] }> = [
    { name: 'editing a file a scan read re-scans that function only', change: (r) => write(r, 'apps/api/src/util.ts', 'export const util = 10;\n'), rescans: ['a'] },
    // A new file beside the sources re-scans every function of that folder (b too): safe, if not minimal.
    { name: 'a new file that esbuild now resolves first (util.tsx before util.ts)', change: (r) => write(r, 'apps/api/src/util.tsx', 'export const util = 11;\n'), rescans: ['a', 'b'], expectIn: ['package--a', '{workspaceRoot}/apps/api/src/util.tsx'] },
    // Every function under a tsconfig with `paths` watches the folders the paths lead to (b too).
    { name: 'a new file in an earlier tsconfig paths target', change: (r) => write(r, 'libs/alias/x.ts', 'export const x = 5;\n'), rescans: ['a', 'b'], expectIn: ['package--a', '{workspaceRoot}/libs/alias/x.ts'] },
    {
      name: 'tsconfig paths changed in the extended tsconfig',
      change: (r) => {
        write(r, 'libs/alias3/x.ts', 'export const x = 6;\n');
        write(r, 'tsconfig.base.json', JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@alias/*': ['libs/alias3/*'] } } }));
      },
      rescans: ['a', 'b'],
      expectIn: ['package--a', '{workspaceRoot}/libs/alias3/x.ts'],
    },
    {
      name: 'a package.json appearing beside the sources',
      change: (r) => write(r, 'apps/api/src/package.json', JSON.stringify({ type: 'module', imports: { '#u': './util.ts' } })),
      rescans: ['a', 'b'],
    },
    {
      name: 'a linked package that is no longer installed (every workspace folder becomes an input)',
      change: (r) => unlinkSync(path.join(r, 'node_modules/@ws/shared')),
      rescans: ['a'],
      expectIn: ['package--a', '{workspaceRoot}/libs/*/**/*'],
    },
    { name: 'a new file in a linked package', change: (r) => write(r, 'libs/shared/more.ts', 'export const more = 1;\n'), rescans: ['a'] },
    { name: 'an edited $File file', change: (r) => write(r, 'apps/api/config.json', '{ "memory": 1024 }'), rescans: [] },
    { name: 'a -r include added to requirements.txt', change: (r) => { write(r, 'apps/api/extra.txt', 'boto3\n'); write(r, 'apps/api/requirements.txt', '-r extra.txt\nrequests==2.32.3\n'); }, rescans: [], expectIn: ['package--py', '{workspaceRoot}/apps/api/extra.txt'] },
    { name: 'a lockfile added at the root', change: (r) => write(r, 'yarn.lock', ''), rescans: [], expectIn: ['package--b', '{workspaceRoot}/yarn.lock'] },
    { name: 'project.json removed (package.json names the project)', change: (r) => rmSync(path.join(r, 'apps/api/project.json')), rescans: [] },
    { name: 'stack.yml edited', change: (r) => write(r, STACK_FILE, STACK.replace('src/b.ts', 'src/util.ts')), rescans: ['b'] },
    { name: 'plugin options changed', change: () => undefined, options: { targetPrefix: 'stack:' }, rescans: [] },
    { name: 'NXSTACK_STAGE changed', change: () => undefined, env: { NXSTACK_STAGE: 'qa' }, rescans: [] },
  ];

  for (const c of cases) {
    it(c.name, async () => {
      const root = workspace();
      const before = await cachedGraph(root);
      c.change(root);
      const saved = { ...process.env };
      Object.assign(process.env, c.env);
      try {
        const after = await cachedGraph(root, c.options);
        const expected = await uncached(root, c.options);
        expect(after.result).toEqual(expected);
        // Only the functions whose scan read what changed are scanned again.
        expect(after.stats.scanMisses).toBe(c.rescans.length);
        if (c.expectIn) {
          const [target, input] = c.expectIn;
          const prefixed = (c.options as { targetPrefix?: string } | undefined)?.targetPrefix ?? '';
          expect(inputsOf(after.result, `${prefixed}${target}`)).toContain(input);
          expect(inputsOf(before.result, target)).not.toContain(input);
        }
        // And the next run is answered from the cache again.
        const again = await cachedGraph(root, c.options);
        expect(again.stats).toMatchObject({ stackHits: 1, esbuildScans: 0 });
        expect(again.result).toEqual(expected);
      } finally {
        for (const k of Object.keys(c.env ?? {})) if (saved[k] === undefined) delete process.env[k];
        Object.assign(process.env, saved);
      }
    });
  }
});
