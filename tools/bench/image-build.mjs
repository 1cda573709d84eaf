#!/usr/bin/env node
// Benchmark (issue 11): a TypeScript service image with ~50 MB of node_modules (typescript and
// date-fns kept out of the bundle), whole processes on both sides:
//   ours:   `nx run bench:package--svc` (daemonless build-image; the bundle is built beforehand,
//           --excludeTaskDependencies) and `nx run bench:publish--svc` (build + push)
//   docker: `docker build` of the equivalent Dockerfile (COPY of the same node_modules and bundle
//           on the same base) against a private dockerd, and `docker push` to the same registry.
// Cache states, run side by side and alternating, medians reported:
//   cold:      ours with an empty layer cache (.nxstack/cache/blobs removed) and --skip-nx-cache;
//              docker build --no-cache. Both have the base image at hand (registry / engine).
//   code-only: the bundle changed, node_modules did not; ours reuses the dependency layer by
//              digest, docker its build cache; then both push (registry HEAD skips known blobs).
//              Ours is one `nx run bench:publish--svc` (package--svc runs as its dependency).
//   node tools/bench/image-build.mjs [--runs 3]
// Needs the packages built and packed (done here), npm registry access for the workspace install,
// and tools/services (registry, dockerd).
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { installOurPackages } from './install-packages.mjs';
import { fmt, printTable, ratio, timed } from './lib.mjs';

const args = process.argv.slice(2);
const RUNS = (() => { const i = args.indexOf('--runs'); return i >= 0 ? Number(args[i + 1]) : 3; })();
const repo = resolve(import.meta.dirname, '..', '..');
const work = join(repo, 'tools/bench/.work/image-build');
const ws = join(work, 'ws');
const services = join(work, 'services');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

mkdirSync(services, { recursive: true });
const sh = (script, ...a) => execFileSync('bash', [join(repo, 'tools/services', script), ...a], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
const registry = sh('registry.sh', 'start', services, 'registry').replace(/^http:\/\//, '');
const dockerHost = sh('dockerd.sh', 'start', services);
const docker = (...a) => timed(['docker', '-H', dockerHost, ...a], { label: `docker ${a[0]}` });
const loads = [];
const nx = (...a) => {
  loads.push(loadavg()[0]);
  return timed([join(ws, 'node_modules/.bin/nx'), ...a], { cwd: ws, env: { NX_DAEMON: 'false', DOCKER_HOST: dockerHost, NX_NO_CLOUD: 'true' } });
};

try {
  installOurPackages({ repo, ws, name: 'nxstack-bench-image', devDependencies: { nx: '24.0.6', '@nx/devkit': '24.0.0', esbuild: '0.28.2' }, dependencies: { typescript: '5.9.3', 'date-fns': '4.4.0' } });
  writeFileSync(join(ws, 'nx.json'), JSON.stringify({ plugins: ['@nxstack/plugin'], useDaemonProcess: false }, null, 2));
  mkdirSync(join(ws, 'bench/src'), { recursive: true });
  writeFileSync(join(ws, 'bench/project.json'), JSON.stringify({ name: 'bench', targets: { 'package--svc': { options: { baseImage: `${registry}/bench/base:1` } } } }, null, 2));
  writeFileSync(join(ws, 'bench/stack.yml'), `resources:
  svc:
    type: web-service
    properties:
      packaging:
        type: stacktape-image-buildpack
        properties:
          entryfilePath: src/main.ts
          languageSpecificConfig:
            dependenciesToExcludeFromBundle: ['typescript', 'date-fns']
      resources:
        cpu: 0.25
        memory: 512
`);
  const setCode = (marker) => writeFileSync(join(ws, 'bench/src/main.ts'), `import * as ts from 'typescript';\nimport { format } from 'date-fns';\nconsole.log(${JSON.stringify(marker)}, ts.version, format(new Date(0), 'yyyy'));\n`);
  setCode('v0');
  // publish tags images with the git sha: the workspace is a repository with one commit.
  writeFileSync(join(ws, '.gitignore'), 'node_modules\ndist\n.nxstack\ntarballs\n.nx\n');
  if (!existsSync(join(ws, '.git'))) execFileSync('git', ['init', '-q'], { cwd: ws });
  execFileSync('git', ['add', '-A'], { cwd: ws });
  execFileSync('git', ['-c', 'user.email=bench@example.com', '-c', 'user.name=bench', 'commit', '-q', '--allow-empty', '-m', 'bench'], { cwd: ws });

  // Base image (busybox-static rootfs), in the registry for us and loaded into the engine for docker.
  const ib = (await import(join(repo, 'packages/image-builder/dist/index.js'))).default;
  const rootfs = await ib.layerFromEntries([{ path: 'bin/busybox', mode: 0o755, sourceFile: '/bin/busybox' }, { path: 'bin/sh', type: 'symlink', linkTarget: 'busybox' }]);
  const empty = ib.imageFrom({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] }, config: { Env: ['PATH=/bin'] } }, [], ib.MediaTypes.dockerManifest, ib.MediaTypes.dockerConfig);
  const base = ib.appendLayers(empty, [{ layer: rootfs, createdBy: 'busybox' }]);
  await ib.pushImage(base, { client: new ib.RegistryClient({ registry }), repository: 'bench/base', tags: ['1'] });
  writeFileSync(join(work, 'base.tar'), await ib.dockerArchive(base, [`${registry}/bench/base:1`]));
  docker('load', '-i', join(work, 'base.tar'));

  // The docker side's context: the same packaged node_modules and bundle, as two COPY layers.
  const ctx = join(work, 'docker-context');
  const refreshDockerContext = () => {
    rmSync(ctx, { recursive: true, force: true });
    mkdirSync(join(ctx, 'deps'), { recursive: true });
    mkdirSync(join(ctx, 'code'), { recursive: true });
    const out = join(ws, 'dist/stack/bench/svc/code');
    const zip = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')).artifact;
    execFileSync('unzip', ['-q', join(out, zip), '-d', join(work, 'unzipped')]);
    cpSync(join(work, 'unzipped/node_modules'), join(ctx, 'deps/node_modules'), { recursive: true });
    rmSync(join(work, 'unzipped/node_modules'), { recursive: true });
    cpSync(join(work, 'unzipped'), join(ctx, 'code'), { recursive: true });
    rmSync(join(work, 'unzipped'), { recursive: true });
    writeFileSync(join(ctx, 'Dockerfile'), `FROM ${registry}/bench/base:1\nCOPY deps/ /app/\nCOPY code/ /app/\nWORKDIR /app\nCMD ["node", "/app/main.js"]\n`);
  };
  nx('run', 'bench:package-code--svc');
  refreshDockerContext();
  const depsBytes = Number(execFileSync('du', ['-sb', join(ctx, 'deps')], { encoding: 'utf8' }).split('\t')[0]);

  const cold = { ours: [], docker: [] };
  const codeOnly = { ours: [], docker: [] };
  for (let r = 0; r < RUNS; r++) {
    // Cold: no layer cache on either side.
    rmSync(join(ws, '.nxstack/cache/blobs'), { recursive: true, force: true });
    cold.ours.push(nx('run', 'bench:package--svc', '--skip-nx-cache', '--excludeTaskDependencies').seconds);
    cold.docker.push(docker('build', '--no-cache', '--network', 'none', '-q', '-t', `${registry}/bench/docker:latest`, ctx).seconds);
    nx('run', 'bench:publish--svc', '--excludeTaskDependencies', '--stage', 'bench', '--region', 'us-east-1', `--repository=${registry}/bench/ours`);
    docker('push', '-q', `${registry}/bench/docker:latest`);
    // Code-only change: new bundle (built outside the timing, as the code task's own cost), same node_modules.
    setCode(`v${r + 1}`);
    nx('run', 'bench:package-code--svc');
    refreshDockerContext();
    // One nx process as users run it: publish--svc builds the image first (the bundle is a cache hit).
    const ours = nx('run', 'bench:publish--svc', '--stage', 'bench', '--region', 'us-east-1', `--repository=${registry}/bench/ours`).seconds;
    const theirs = docker('build', '--network', 'none', '-q', '-t', `${registry}/bench/docker:latest`, ctx).seconds + docker('push', '-q', `${registry}/bench/docker:latest`).seconds;
    codeOnly.ours.push(ours);
    codeOnly.docker.push(theirs);
  }
  printTable(`Image of a TS service with ${(depsBytes / 1e6).toFixed(0)} MB node_modules (whole processes, median of ${RUNS}; load average during the runs: ${median(loads).toFixed(1)}, ${Math.min(...loads).toFixed(1)}-${Math.max(...loads).toFixed(1)})`, [
    ['cold: nx run bench:package--svc (empty layer cache)', fmt(median(cold.ours))],
    ['cold: docker build --no-cache', fmt(median(cold.docker))],
    ['cold ratio (goal <= 0.3x)', ratio(median(cold.ours), median(cold.docker))],
    ['code-only: nx run bench:publish--svc (builds, then pushes)', fmt(median(codeOnly.ours))],
    ['code-only: docker build (cached deps) + docker push', fmt(median(codeOnly.docker))],
    ['code-only ratio (goal <= 0.1x)', ratio(median(codeOnly.ours), median(codeOnly.docker))],
  ]);
} finally {
  sh('dockerd.sh', 'stop', services);
  sh('registry.sh', 'stop', services, 'registry');
}
