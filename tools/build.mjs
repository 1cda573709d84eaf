#!/usr/bin/env node
// Builds every package: tsc project references, then copies JSON assets (executor schemas)
// from src/ to dist/ so the published tarballs carry them.
import { execFileSync } from 'node:child_process';
import { cpSync, readdirSync, statSync, mkdirSync } from 'node:fs';
import { join, dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
execFileSync(process.execPath, [tsc, '-b', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });

function* jsonFiles(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (name === '__fixtures__' || name === 'node_modules') continue;
    if (statSync(p).isDirectory()) yield* jsonFiles(p);
    else if (name.endsWith('.json')) yield p;
  }
}

const packagesDir = join(root, 'packages');
for (const pkg of readdirSync(packagesDir)) {
  const src = join(packagesDir, pkg, 'src');
  for (const file of jsonFiles(src)) {
    const dest = join(packagesDir, pkg, 'dist', relative(src, file));
    mkdirSync(dirname(dest), { recursive: true });
    cpSync(file, dest);
  }
}
