#!/usr/bin/env node
// Benchmark (issue 11, bounded memory): peak RSS of a whole Node process packaging
//   - a 240 MB function folder into a zip (core zipDirectory),
//   - that zip merged with a code zip (core mergeZips, the Python packager's code-only re-zip:
//     entries copied compressed, streamed through one buffer),
//   - the same folder as one image layer (tar + gzip + both digests, image-builder layerFromEntries),
//   - a 1 GiB Docker build context (image-builder createBuildContext: digest pass + the stream the
//     engine would read, here drained into a hash as dockerd does into its own files),
//   - a buildpack (daemonless) image of the 240 MB function from its zip (readArtifact: the files
//     listed, then hashed for the layer-reuse key and tarred/gzipped into the layers),
//   - a custom-artifact function given as that zip (core packageCustomArtifact: the user's zip
//     re-written entry by entry, large entries inflated and deflated as streams),
//   - a custom-dockerfile image of 1 GiB read back from the engine (exportFromEngine: `docker save`
//     converted to our model, then written as the OCI layout a package task leaves). The image
//     (FROM scratch, COPY of the 1 GiB context) is built once on a private dockerd
//     (tools/services/dockerd.sh, network mode none), stopped at the end.
// Each case runs in a fresh child process that prints process.resourceUsage().maxRSS; the goal is
// < 300 MB for every case. The files are made once (pseudo-random, ~half compressible) and reused.
//   node tools/bench/memory.mjs [--repo <checkout with built packages to measure, default this one>]
//                               [--only zip,merge,layer,context,buildpack,customArtifact,dockerSave]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fmt, printTable } from './lib.mjs';

const args = process.argv.slice(2);
const repoArg = args.indexOf('--repo');
const repo = resolve(repoArg >= 0 ? args[repoArg + 1] : join(import.meta.dirname, '..', '..'));
const onlyArg = args.indexOf('--only');
const only = onlyArg >= 0 ? new Set(args[onlyArg + 1].split(',')) : undefined;
const here = resolve(import.meta.dirname, '..', '..');
const work = join(import.meta.dirname, '.work/memory');
const MB = 1024 * 1024;

/** Writes `bytes` of half-compressible data (random blocks alternating with repeated text). */
function makeFile(file, bytes, seed) {
  const fd = openSync(file, 'w');
  let x = seed >>> 0 || 1;
  const block = Buffer.alloc(MB);
  for (let written = 0; written < bytes; written += block.length) {
    for (let i = 0; i < block.length; i += 4) {
      if ((i >> 16) % 2) { block.writeUInt32LE(0x61626364, i); continue; }
      x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
      block.writeUInt32LE(x >>> 0, i);
    }
    writeSync(fd, block, 0, Math.min(block.length, bytes - written));
  }
  closeSync(fd);
}

function makeTree(dir, totalMb, fileMb) {
  if (existsSync(join(dir, '.done'))) return;
  mkdirSync(join(dir, 'node_modules/big'), { recursive: true });
  for (let i = 0; i * fileMb < totalMb; i++) makeFile(join(dir, `node_modules/big/part-${String(i).padStart(3, '0')}.bin`), fileMb * MB, i + 7);
  for (let i = 0; i < 200; i++) makeFile(join(dir, `node_modules/big/small-${i}.js`), 4096, i + 1000);
  makeFile(join(dir, 'index.js'), 64 * 1024, 3);
  makeFile(join(dir, '.done'), 1, 1);
}

const fnDir = join(work, 'function-240mb');
const ctxDir = join(work, 'context-1gib');
makeTree(fnDir, 240, 8);
makeTree(ctxDir, 1024, 32);
makeFile(join(ctxDir, 'Dockerfile'), 0, 1);

// The 1 GiB custom-dockerfile image, built once by a private engine (its data root under .work).
const IMAGE_TAG = 'nxstack-bench/one-gib:1';
const services = join(work, 'services');
let dockerHost;
if (!only || only.has('dockerSave')) {
  mkdirSync(services, { recursive: true });
  dockerHost = execFileSync('bash', [join(here, 'tools/services/dockerd.sh'), 'start', services], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
  const has = spawnSync('docker', ['-H', dockerHost, 'image', 'inspect', IMAGE_TAG], { stdio: 'ignore' }).status === 0;
  if (!has) {
    const dockerfile = join(work, 'one-gib.Dockerfile');
    writeFileSync(dockerfile, 'FROM scratch\nCOPY node_modules /app/node_modules\nCOPY index.js /app/index.js\n');
    execFileSync('docker', ['-H', dockerHost, 'build', '-q', '--network', 'none', '-f', dockerfile, '-t', IMAGE_TAG, ctxDir], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DOCKER_BUILDKIT: '0' } });
  }
}

const cases = {
  zip: `const { zipDirectory } = require(${JSON.stringify(join(repo, 'packages/core/dist/index.js'))});
    await zipDirectory(${JSON.stringify(fnDir)}, ${JSON.stringify(join(work, 'out/function.zip'))}, { exclude: ['.done'] });`,
  merge: `const { mergeZips, writeZip } = require(${JSON.stringify(join(repo, 'packages/core/dist/index.js'))});
    await writeZip([{ path: 'handler.py', content: 'def handler(e, c):\\n    return 1\\n' }], ${JSON.stringify(join(work, 'out/code.zip'))});
    await mergeZips([${JSON.stringify(join(work, 'out/function.zip'))}, ${JSON.stringify(join(work, 'out/code.zip'))}], ${JSON.stringify(join(work, 'out/merged.zip'))});`,
  layer: `const { listFiles } = require(${JSON.stringify(join(repo, 'packages/core/dist/index.js'))});
    const { layerFromEntries } = require(${JSON.stringify(join(repo, 'packages/image-builder/dist/index.js'))});
    const files = await listFiles(${JSON.stringify(fnDir)}, { exclude: ['.done'] });
    await layerFromEntries(files.map((f) => ({ path: 'var/task/' + f.path, mode: f.mode, sourceFile: f.absolutePath })));`,
  context: `const { createBuildContext } = require(${JSON.stringify(join(repo, 'packages/image-builder/dist/index.js'))});
    const { createHash } = require('node:crypto');
    const ctx = await createBuildContext(${JSON.stringify(ctxDir)}, 'Dockerfile', ${JSON.stringify(work)});
    const hash = createHash('sha256');
    // Old API: ctx.tar (one Buffer); new API: ctx.open() (a stream).
    if (ctx.tar) hash.update(ctx.tar); else for await (const c of ctx.open()) hash.update(c);`,
  buildpack: `const ib = require(${JSON.stringify(join(repo, 'packages/image-builder/dist/index.js'))});
    const blobDir = require('node:fs').mkdtempSync(require('node:path').join(require('node:os').tmpdir(), 'bench-blobs-'));
    const base = ib.imageFrom({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] }, config: {} }, [], ib.MediaTypes.ociManifest, ib.MediaTypes.ociConfig);
    try {
      const files = await ib.readArtifact(${JSON.stringify(join(work, 'out/function.zip'))});
      await ib.buildDaemonlessImage({ base, files, language: 'node', lambda: true, handler: 'index.handler', blobDir });
    } finally { require('node:fs').rmSync(blobDir, { recursive: true, force: true }); }`,
  customArtifact: `const { packageCustomArtifact } = require(${JSON.stringify(join(repo, 'packages/core/dist/index.js'))});
    await packageCustomArtifact({ workspaceRoot: ${JSON.stringify(work)}, projectRoot: '.', resourceName: 'ca', packagePath: 'out/function.zip', outputPath: 'out/custom-artifact' });`,
  dockerSave: `const ib = require(${JSON.stringify(join(repo, 'packages/image-builder/dist/index.js'))});
    const out = require('node:fs').mkdtempSync(require('node:path').join(${JSON.stringify(join(work, 'out'))}, 'layout-'));
    try {
      const image = await ib.exportFromEngine(ib.connectDocker(${JSON.stringify(dockerHost ?? '')}), ${JSON.stringify(IMAGE_TAG)});
      await ib.writeLayout(out, image);
    } finally { require('node:fs').rmSync(out, { recursive: true, force: true }); }`,
};
const labels = {
  zip: 'zip of a 240 MB function (zipDirectory)',
  merge: 'that zip + a code zip merged (mergeZips)',
  layer: 'image layer of the same 240 MB (tar+gzip+digests)',
  context: '1 GiB build context (digest pass + stream pass)',
  buildpack: 'buildpack image of the 240 MB function zip (readArtifact + layers)',
  customArtifact: 'custom-artifact function from that zip (re-written entry by entry)',
  dockerSave: 'custom-dockerfile image of 1 GiB (docker save read + layout)',
};

mkdirSync(join(work, 'out'), { recursive: true });
// merge and buildpack read the zip the zip case writes: made here (by this checkout) when that case is not run first.
if (only && !only.has('zip') && ['merge', 'buildpack', 'customArtifact'].some((c) => only.has(c)) && !existsSync(join(work, 'out/function.zip'))) {
  const { zipDirectory } = await import(join(here, 'packages/core/dist/index.js'));
  await zipDirectory(fnDir, join(work, 'out/function.zip'), { exclude: ['.done'] });
}
const rows = [];
for (const [name, body] of Object.entries(cases)) {
  if (only && !only.has(name)) continue;
  const script = `(async () => { const t = process.hrtime.bigint(); ${body}
    console.log(JSON.stringify({ seconds: Number(process.hrtime.bigint() - t) / 1e9, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
  })().catch((e) => { console.error(e); process.exit(1); });`;
  const res = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', maxBuffer: 16 * MB });
  if (res.status !== 0) {
    rows.push([labels[name], `FAILED: ${(res.stderr || '').split('\n').slice(0, 3).join(' ')}`]);
    continue;
  }
  const r = JSON.parse(res.stdout.trim().split('\n').pop());
  rows.push([labels[name], `${fmt(r.seconds)}   peak RSS ${r.maxRssMb.toFixed(0)} MB ${r.maxRssMb < 300 ? '(< 300 MB)' : '(OVER 300 MB)'}`]);
}
if (dockerHost) execFileSync('bash', [join(here, 'tools/services/dockerd.sh'), 'stop', services], { stdio: 'inherit' });
printTable(`Peak RSS of one process (packages from ${repo}; load average ${(await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ')})`, rows);
