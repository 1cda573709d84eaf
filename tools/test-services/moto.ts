import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

/** Starts moto through tools/services/moto.sh; returns the endpoint URL. Throws when it cannot. */
export function startMoto(stateDir: string): string {
  return execFileSync('bash', [join(root, 'tools/services/moto.sh'), 'start', stateDir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
}

export function stopMoto(stateDir: string): void {
  execFileSync('bash', [join(root, 'tools/services/moto.sh'), 'stop', stateDir], { stdio: 'inherit' });
}
