import { execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

/**
 * Starts moto through tools/services/moto.sh; returns the endpoint URL. Throws when it cannot.
 * With a docker host, moto runs Lambda functions there (the images of lambdaImages below).
 */
export function startMoto(stateDir: string, dockerHost?: string): string {
  return execFileSync('bash', [join(root, 'tools/services/moto.sh'), 'start', stateDir, ...(dockerHost ? [dockerHost] : [])], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
}

/** Loads the images moto's Docker Lambda uses into the engine (tools/services/lambda-images.sh), in the background. */
export function lambdaImages(dockerHost: string): Promise<void> {
  const child = spawn('bash', [join(root, 'tools/services/lambda-images.sh'), dockerHost], { stdio: ['ignore', 'inherit', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`lambda-images.sh exited with ${code}`))));
  });
}

export function stopMoto(stateDir: string): void {
  execFileSync('bash', [join(root, 'tools/services/moto.sh'), 'stop', stateDir], { stdio: 'inherit' });
}
