import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const script = join(__dirname, '..', 'services', 'dockerd.sh');

/** Starts a private dockerd (no iptables/bridge, own data/exec root and socket); returns its DOCKER_HOST. */
export function startDockerd(stateDir: string): string {
  return execFileSync('bash', [script, 'start', stateDir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
}

export function stopDockerd(stateDir: string): void {
  execFileSync('bash', [script, 'stop', stateDir], { stdio: 'inherit' });
}
