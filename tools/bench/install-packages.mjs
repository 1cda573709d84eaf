// Packs our packages from the repo and (re)installs them into a bench workspace when they or its
// package.json changed: every benchmark measures the packages as users get them.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function installOurPackages({ repo, ws, name, devDependencies = {}, dependencies = {} }) {
  const tarballs = join(ws, 'tarballs');
  mkdirSync(ws, { recursive: true });
  execFileSync(process.execPath, [join(repo, 'tools/build.mjs')], { stdio: 'inherit' });
  rmSync(tarballs, { recursive: true, force: true });
  mkdirSync(tarballs, { recursive: true });
  execFileSync('npm', ['pack', '--workspaces', '--pack-destination', tarballs, '--silent'], { cwd: repo, stdio: ['ignore', 'ignore', 'inherit'] });
  const ours = Object.fromEntries(readdirSync(tarballs).map((f) => [`@nxstack/${f.replace(/^nxstack-/, '').replace(/-\d+\.\d+\.\d+\.tgz$/, '')}`, `file:tarballs/${f}`]));
  const pkg = { name, private: true, devDependencies: { ...ours, ...devDependencies }, dependencies };
  writeFileSync(join(ws, 'package.json'), JSON.stringify(pkg, null, 2));
  const digests = readdirSync(tarballs).sort().map((f) => createHash('sha256').update(readFileSync(join(tarballs, f))).digest('hex'));
  const stamp = join(ws, '.installed');
  const want = JSON.stringify({ pkg, digests });
  if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== want) {
    rmSync(join(ws, 'node_modules'), { recursive: true, force: true });
    rmSync(join(ws, 'package-lock.json'), { force: true });
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: ws, stdio: 'inherit' });
    writeFileSync(stamp, want);
  }
}
