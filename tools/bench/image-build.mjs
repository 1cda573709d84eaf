#!/usr/bin/env node
// Benchmark (issue 5): daemonless image assembly of a bundled TypeScript Lambda function vs
// `docker build` of an equivalent Dockerfile on the same base image, against a local
// docker-registry and a private dockerd (both started here, stopped by pid at the end).
// Then an incremental code change: bytes pushed vs image size.
//   node tools/bench/image-build.mjs [--runs 3] [--modules 40]
// Needs the packages built (node tools/build.mjs) and tools/services/install-images.sh done.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fmt, printTable, ratio } from './lib.mjs';

const args = process.argv.slice(2);
const opt = (name, def) => { const i = args.indexOf(`--${name}`); return i >= 0 ? Number(args[i + 1]) : def; };
const RUNS = opt('runs', 3);
const MODULES = opt('modules', 40);
const repo = resolve(import.meta.dirname, '..', '..');
const work = join(repo, 'tools/bench/.work/image-build');
const services = join(work, 'services');
const require = createRequire(import.meta.url);
const ib = require(join(repo, 'packages/image-builder/dist/index.js'));

rmSync(work, { recursive: true, force: true });
mkdirSync(services, { recursive: true });
const sh = (script, ...a) => execFileSync('bash', [join(repo, 'tools/services', script), ...a], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
const registry = sh('registry.sh', 'start', services, 'registry').replace(/^http:\/\//, '');
const dockerHost = sh('dockerd.sh', 'start', services);
const docker = (...a) => {
  const res = spawnSync('docker', ['-H', dockerHost, ...a], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (res.status !== 0) throw new Error(`docker ${a.join(' ')} failed:\n${res.stderr}`);
  return res.stdout;
};
const now = () => Number(process.hrtime.bigint()) / 1e9;

try {
  // Base image: busybox-static rootfs made with the deterministic tar writer, in the registry and the engine.
  const busybox = readFileSync('/bin/busybox');
  const rootfs = await ib.layerFromEntries([{ path: 'bin/busybox', mode: 0o755, content: busybox }, { path: 'bin/sh', type: 'symlink', linkTarget: 'busybox' }]);
  const empty = ib.imageFrom({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] }, config: { Env: ['PATH=/bin'] } }, [], ib.MediaTypes.dockerManifest, ib.MediaTypes.dockerConfig);
  const base = ib.appendLayers(empty, [{ layer: rootfs, createdBy: 'busybox' }]);
  await ib.pushImage(base, { client: new ib.RegistryClient({ registry }), repository: 'bench/base', tags: ['1'] });
  const baseRef = `${registry}/bench/base:1`;
  const archive = join(work, 'base.tar');
  writeFileSync(archive, await ib.dockerArchive(base, [baseRef]));
  docker('load', '-i', archive);

  // A TypeScript function with MODULES local modules, bundled by esbuild (the node packager's tool).
  const src = join(work, 'fn/src');
  mkdirSync(src, { recursive: true });
  for (let i = 0; i < MODULES; i++) writeFileSync(join(src, `m${i}.ts`), `export const v${i} = (x: number): number => x * ${i} + ${JSON.stringify('x'.repeat(2000))}.length;\n`);
  writeFileSync(join(src, 'index.ts'), `import { marker } from './marker';\n${Array.from({ length: MODULES }, (_, i) => `import { v${i} } from './m${i}';`).join('\n')}\nexport const handler = async () => marker + [${Array.from({ length: MODULES }, (_, i) => `v${i}(1)`).join(', ')}].reduce((a, b) => a + b, 0);\n`);
  const code = join(work, 'fn/code');
  const bundle = (marker) => {
    writeFileSync(join(src, 'marker.ts'), `export const marker = ${JSON.stringify(marker)};\n`);
    execFileSync(join(repo, 'node_modules/.bin/esbuild'), [join(src, 'index.ts'), '--bundle', '--platform=node', '--target=node20', '--format=cjs', '--sourcemap', '--log-level=error', `--outfile=${join(code, 'index.js')}`]);
  };
  bundle('v1');
  writeFileSync(join(work, 'fn/Dockerfile'), `FROM ${baseRef}\nCOPY code/ /var/task/\nWORKDIR /var/task\nCMD ["index.handler"]\n`);

  const request = (out) => ({
    workspaceRoot: work, projectRoot: 'fn', resource: 'fn', lambda: true, architecture: 'x86_64', handler: 'index.handler',
    packaging: { type: 'stacktape-image-buildpack', properties: { entryfilePath: 'src/index.ts' } },
    outputDir: join(work, out), artifactPath: 'fn/code', baseImage: baseRef, stage: 'bench', region: 'us-east-1',
  });

  let daemonless = Infinity;
  let dockerBuild = Infinity;
  let digests = new Set();
  for (let r = 0; r < RUNS; r++) {
    rmSync(join(work, `out-${r}`), { recursive: true, force: true });
    let t = now();
    const built = await ib.buildImage(request(`out-${r}`));
    daemonless = Math.min(daemonless, now() - t);
    digests.add(built.manifest.digest);
    t = now();
    docker('build', '--no-cache', '--network', 'none', '-q', '-t', `bench/fn:${r}`, join(work, 'fn'));
    dockerBuild = Math.min(dockerBuild, now() - t);
  }

  // Incremental: push v1, change code only, rebuild, push v2; count what is sent.
  const client = new ib.RegistryClient({ registry });
  const v1 = await ib.readLayout(join(work, 'out-0/image'));
  const first = await ib.pushImage(v1, { client, repository: 'bench/fn', tags: ['latest'] });
  bundle('v2');
  await ib.buildImage(request('out-v2'));
  const v2 = await ib.readLayout(join(work, 'out-v2/image'));
  const second = await ib.pushImage(v2, { client, repository: 'bench/fn', tags: ['latest'] });
  const imageSize = ib.imageSize(v2);

  printTable(`Image build, TS function (${MODULES} modules, best of ${RUNS}; same base, same bundled code)`, [
    ['daemonless build-image (OCI layout written)', fmt(daemonless)],
    ['docker build --no-cache (classic builder)', fmt(dockerBuild)],
    ['ratio daemonless / docker (goal <= 0.3x)', ratio(daemonless, dockerBuild)],
    ['identical digest across clean builds', digests.size === 1 ? 'yes' : `NO (${digests.size} digests)`],
  ]);
  printTable('Incremental code change (push to docker-registry)', [
    ['image size (manifest + config + layers)', `${imageSize} B`],
    ['first push: bytes sent', `${first.bytesUploaded} B (${first.blobsUploaded.length} blobs)`],
    ['after code change: bytes sent', `${second.bytesUploaded} B (${second.blobsUploaded.length} blobs: code layer + config, + manifest)`],
    ['bytes sent / image size', `${((second.bytesUploaded / imageSize) * 100).toFixed(2)} %`],
  ]);
} finally {
  sh('dockerd.sh', 'stop', services);
  sh('registry.sh', 'stop', services, 'registry');
}
