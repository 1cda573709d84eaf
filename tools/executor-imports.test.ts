/**
 * Loading an executor costs every task that runs it (each Nx task is a fresh process): a package
 * task must not load the AWS SDK, Docker engine clients (dockerode, ssh2, gRPC, protobufjs) or
 * our deploy-side packages, and the plugin entry (loaded for every project graph) no esbuild and
 * no executor package. Each entry module (built dist/, as Nx loads it) is required in a fresh Node
 * process that lists the packages it loaded (tools/bench/executor-imports.mjs, which also times it).
 */
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- plain .mjs helper shared with the benchmark, no type declarations
import { DEPLOY_SIDE, executorEntries, probeImport } from './bench/executor-imports.mjs';

interface Entry {
  id: string;
  file: string;
}
const entries = (executorEntries as () => Entry[])();
const probe = probeImport as (file: string) => { ms: number; packages: string[] };
const deploySide = DEPLOY_SIDE as RegExp[];
const matching = (packages: string[], patterns: RegExp[]) => packages.filter((p) => patterns.some((re) => re.test(p)));

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
    const { packages } = probe(entries.find((e) => e.id.startsWith('@nxstack/plugin'))!.file);
    expect(packages).toContain('@nxstack/plugin');
    expect(matching(packages, [...deploySide, ...OTHER_PACKAGES, /^esbuild$/, /^@nxstack\/(packager-.*|image-builder)$/])).toEqual([]);
  });
});
