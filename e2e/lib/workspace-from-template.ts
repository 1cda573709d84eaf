import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from './sample-workspace';

/**
 * A fresh copy of a workspace template under e2e/ with the packed @nxstack tarballs and nx
 * installed, as createSampleWorkspace does for e2e/sample-workspace (npm --prefer-offline, so
 * a warm npm cache needs no network). Run the copy with runNx from ./sample-workspace.
 */
export function createWorkspaceFromTemplate(templateDir: string, prefix = 'nxs-e2e-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  cpSync(templateDir, dir, { recursive: true });
  const packs = path.join(dir, '.packs');
  const tarballs = execFileSync('bash', [path.join(REPO_ROOT, 'tools', 'pack.sh'), packs], { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
    .split('\n')
    .filter((l) => l.endsWith('.tgz'));
  if (tarballs.length === 0) throw new Error('tools/pack.sh printed no tarballs');
  execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--save-dev', ...tarballs], {
    cwd: dir,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, npm_config_loglevel: 'error' },
  });
  return dir;
}
