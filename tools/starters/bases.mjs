// Base images for the starters' stacktape-image-buildpack resources, made on this machine (no
// public image can be pulled here), as the e2e tests make theirs: the glibc node and python
// bases of packages/image-builder/src/__fixtures__/host-runtime-base.ts, written once as OCI
// layouts. A starter's workspace gets them through the `baseImage` option of its
// `package--<resource>` targets in project.json (an executor option, never stack.yml).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';

const require = createRequire(import.meta.url);

/** The TS fixture as a CommonJS module next to the repository's node_modules (so its imports resolve). */
async function loadHostRuntimeBase(repo) {
  const esbuild = require(path.join(repo, 'node_modules', 'esbuild'));
  const out = path.join(repo, 'node_modules', '.cache', 'nxs-starters', 'host-runtime-base.cjs');
  await esbuild.build({
    entryPoints: [path.join(repo, 'packages', 'image-builder', 'src', '__fixtures__', 'host-runtime-base.ts')],
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    packages: 'external',
    logLevel: 'error',
    // `../index` is the image-builder itself: the built package, not its sources.
    plugins: [{ name: 'image-builder', setup: (b) => b.onResolve({ filter: /^\.\.\/index$/ }, () => ({ path: '@nxstack/image-builder', external: true })) }],
  });
  return require(out);
}

/** Language of an image-buildpack entry file → which base it gets (go binaries need only a glibc rootfs). */
export function baseFor(entryfilePath) {
  const file = String(entryfilePath).replace(/:[A-Za-z_][\w.]*$/, '');
  if (/\.(ts|js|mjs|cjs|mts|cts|tsx|jsx)$/.test(file)) return 'node';
  if (file.endsWith('.py')) return 'python';
  if (file.endsWith('.go')) return 'node';
  return undefined;
}

/** Writes <dir>/node and <dir>/python (OCI layouts) unless they exist; returns dir. */
export async function writeBases(repo, dir) {
  if (existsSync(path.join(dir, 'node', 'index.json')) && existsSync(path.join(dir, 'python', 'index.json'))) return dir;
  mkdirSync(dir, { recursive: true });
  const fixture = await loadHostRuntimeBase(repo);
  const { writeLayout } = require(path.join(repo, 'packages', 'image-builder'));
  await writeLayout(path.join(dir, 'node'), await fixture.hostNodeBaseImage());
  await writeLayout(path.join(dir, 'python'), await fixture.hostPythonBaseImage());
  return dir;
}

/** Hard-links a base layout into a starter's workspace (a baseImage path stays inside the workspace). */
export function linkBase(basesDir, kind, workspace) {
  const target = path.join(workspace, '.starter-bases', kind);
  if (!existsSync(target)) {
    mkdirSync(path.dirname(target), { recursive: true });
    execFileSync('cp', ['-al', path.join(basesDir, kind), target]);
  }
  return `oci-layout:.starter-bases/${kind}`;
}
