import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const script = join(__dirname, '..', 'services', 'verdaccio.sh');

/** Starts Verdaccio (a local npm registry for the @nxstack scope) on 127.0.0.1; returns its URL with a trailing slash. */
export function startVerdaccio(stateDir: string): string {
  return execFileSync('bash', [script, 'start', stateDir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
}

export function stopVerdaccio(stateDir: string): void {
  execFileSync('bash', [script, 'stop', stateDir], { stdio: 'inherit' });
}
