// The e2e sample workspace with the packed packages installed, and a moto server for it: what
// the deploy benchmarks (noop-deploy.mjs, hotswap.mjs) run `nx` in.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { installOurPackages } from './install-packages.mjs';

/**
 * Installs tools/bench/.work/<name>, starts moto; returns the workspace, nx's env and argv, and stopMoto().
 * `install: false` keeps the packages installed there (a baseline: another commit's packages).
 */
export function sampleOnMoto(repo, name, { install = true } = {}) {
  const ws = join(repo, 'tools/bench/.work', name);
  const motoDir = join(ws, '.moto');
  if (install) {
    mkdirSync(ws, { recursive: true });
    cpSync(join(repo, 'e2e/sample-workspace'), ws, { recursive: true, filter: (src) => !src.endsWith('package.json') });
    const sample = JSON.parse(readFileSync(join(repo, 'e2e/sample-workspace/package.json'), 'utf8'));
    installOurPackages({ repo, ws, name: `nxstack-bench-${name}`, devDependencies: sample.devDependencies, dependencies: sample.dependencies });
  } else if (!existsSync(join(ws, 'node_modules/nx'))) {
    throw new Error(`${ws} has no installed packages: install a baseline there first (see README.md, "No-op deploy")`);
  }
  const moto = execFileSync('bash', [join(repo, 'tools/services/moto.sh'), 'start', motoDir], { encoding: 'utf8' }).trim();
  return {
    ws,
    env: { AWS_ENDPOINT_URL: moto, AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_REGION: 'us-east-1', AWS_EC2_METADATA_DISABLED: 'true', NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' },
    nx: (...a) => [process.execPath, join(ws, 'node_modules/nx/dist/bin/nx.js'), ...a],
    stopMoto: () => execFileSync('bash', [join(repo, 'tools/services/moto.sh'), 'stop', motoDir], { stdio: 'inherit' }),
  };
}
