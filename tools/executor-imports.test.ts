/**
 * Loading an executor costs every task that runs it (each Nx task is a fresh process): a package
 * task must not load the AWS SDK, Docker engine clients (dockerode, ssh2, gRPC, protobufjs) or
 * our deploy-side packages, and the plugin entry (loaded for every project graph) no esbuild and
 * no executor package; no entry loads @nx/devkit (it loads most of nx again). Each entry module
 * (built dist/, as Nx loads it) is required in a fresh Node process that lists the packages it
 * loaded (tools/bench/executor-imports.mjs, which also times it).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { functionStack, importingStack } from '../packages/core/src/lib/model/__fixtures__/stack-imports';
// @ts-expect-error -- plain .mjs helper shared with the benchmark, no type declarations
import { DEPLOY_SIDE, executorEntries, probeGraphPath, probeImport } from './bench/executor-imports.mjs';

interface Entry {
  id: string;
  file: string;
}
interface GraphProbe {
  packages: string[];
  nxFiles: string[];
  projects: string[];
  failed: Array<string | [string, string]>;
  dependencies: unknown[];
  stats: { stackHits: number; stackMisses: number };
}
const entries = (executorEntries as () => Entry[])();
// One fresh process per entry for the whole file: several tests read the same entry.
const probed = new Map<string, { ms: number; packages: string[] }>();
const probe = (file: string) => probed.get(file) ?? probed.set(file, (probeImport as (f: string) => { ms: number; packages: string[] })(file)).get(file)!;
const deploySide = DEPLOY_SIDE as RegExp[];
const matching = (packages: string[], patterns: RegExp[]) => packages.filter((p) => patterns.some((re) => re.test(p)));
const pluginEntry = entries.find((e) => e.id.startsWith('@nxstack/plugin'))!;

const PACKAGE_EXECUTORS = entries.filter((e) => /^@nxstack\/(packager-[a-z]+:package|core:custom-artifact|image-builder:build-image)/.test(e.id));
const OTHER_PACKAGES = [/^@nxstack\/(cfn-compiler|connect-to)$/];

describe('what loading an executor loads', () => {
  it('finds every package executor, the batch one included', () => {
    expect(PACKAGE_EXECUTORS.map((e) => e.id).sort()).toEqual([
      '@nxstack/core:custom-artifact',
      '@nxstack/image-builder:build-image',
      '@nxstack/packager-go:package',
      '@nxstack/packager-java:package',
      '@nxstack/packager-node:package',
      '@nxstack/packager-node:package (batch)',
      '@nxstack/packager-python:package',
    ]);
  });

  for (const e of PACKAGE_EXECUTORS) {
    it(`${e.id} loads no AWS SDK, no Docker engine client, no deploy-side package`, () => {
      const { packages } = probe(e.file);
      expect(packages).toContain('@nxstack/core');
      expect(matching(packages, [...deploySide, ...OTHER_PACKAGES])).toEqual([]);
      if (!e.id.startsWith('@nxstack/image-builder')) expect(packages).not.toContain('@nxstack/image-builder');
    });
  }

  it('the node packager (single and batch) loads no @nx/devkit at run time: it prints through core\'s taskLog', () => {
    for (const e of PACKAGE_EXECUTORS.filter((x) => x.id.startsWith('@nxstack/packager-node'))) expect(probe(e.file).packages, e.id).not.toContain('@nx/devkit');
  });

  it('deploy and publish load no esbuild, no local runtime and no Docker engine client (hooks and the local stage load theirs when used)', () => {
    for (const id of ['@nxstack/deployer:deploy', '@nxstack/deployer:publish']) {
      const { packages } = probe(entries.find((e) => e.id === id)!.file);
      expect(packages, id).toContain('@nxstack/deployer');
      expect(matching(packages, [/^esbuild$/, /^@nxstack\/local-runtime$/, /^(dockerode|ssh2|@grpc\/grpc-js|protobufjs)$/]), id).toEqual([]);
      // Clients only some deploys call (hotswap, CDN invalidation, script and edge log groups) load on use.
      expect(matching(packages, [/^@aws-sdk\/client-(cloudwatch-logs|cloudfront|lambda|ecs|ecr|sts|ssm|secrets-manager)$/]), id).toEqual([]);
    }
  });

  it('the plugin entry loads no esbuild, no executor package and nothing deploy-side', () => {
    const { packages } = probe(pluginEntry.file);
    expect(packages).toContain('@nxstack/plugin');
    expect(matching(packages, [...deploySide, ...OTHER_PACKAGES, /^esbuild$/, /^@nxstack\/(packager-.*|image-builder)$/])).toEqual([]);
  });

  // Nx requires an executor in its task process after its own run-executor modules, and the
  // plugin in its plugin worker: anything of nx an entry requires at load time is nx loaded twice
  // over or more (@nx/devkit's entry alone: ~230 modules, 100–200 ms CPU per process). None does.
  it('no executor entry and not the plugin entry loads @nx/devkit or any module of nx', () => {
    expect(entries.length).toBeGreaterThan(20);
    const offenders = entries.map((e) => [e.id, matching(probe(e.file).packages, [/^@nx\//, /^nx$/])] as const).filter(([, found]) => found.length > 0);
    expect(offenders).toEqual([]);
  });
});

const workspaces: string[] = [];
afterAll(() => {
  for (const dir of workspaces.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("the plugin's graph path in Nx's plugin worker", () => {
  // The worker has loaded Nx's plugin loader (nx/src/project-graph/plugins: createNodesFromFiles,
  // the error types, the workspace data folder) before it requires the plugin; the probe loads
  // that first and lists what requiring the plugin, createNodes and createDependencies add.
  it('adds no @nx/devkit and no module of nx; one broken stack.yml fails alone, the others keep their nodes and edges', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'nxs-graph-path-'));
    workspaces.push(root);
    const files: Record<string, string> = {
      'apps/db/stack.yml': functionStack(),
      'apps/api/stack.yml': importingStack(["$CfStackOutput('db', 'A')"]),
      'apps/bad/stack.yml': 'resources:\n  fn: [\n',
    };
    for (const [rel, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      writeFileSync(path.join(root, rel), text);
    }
    const run = () => (probeGraphPath as (p: string, r: string, f: string[]) => GraphProbe)(pluginEntry.file, root, Object.keys(files).sort());
    // First: every stack.yml computed (the createNodes cache is empty); second: served from it.
    const [first, second] = [run(), run()];
    expect([first.stats, second.stats]).toMatchObject([{ stackHits: 0, stackMisses: 2 }, { stackHits: 2, stackMisses: 0 }]);
    for (const r of [first, second]) {
      expect(r.projects).toEqual(['apps/api', 'apps/db']);
      expect(r.failed[0]).toBe('AggregateCreateNodesError');
      expect(r.failed.slice(1)).toEqual([['apps/bad/stack.yml', expect.stringMatching(/^NxstackError: NXS_YAML_\w+ apps\/bad\/stack\.yml:\d+:\d+ /)]]);
      expect(r.dependencies).toEqual([{ source: 'api', target: 'db', type: 'implicit' }]);
      expect(r.packages).toContain('@nxstack/plugin');
      expect(r.packages).not.toContain('@nx/devkit');
      expect(r.nxFiles).toEqual([]);
    }
  });
});
