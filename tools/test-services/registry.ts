import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const script = join(__dirname, '..', 'services', 'registry.sh');

/** Starts Debian's docker-registry on 127.0.0.1 (Basic auth when user:password is given); returns host:port. */
export function startRegistry(stateDir: string, name: string, userPassword?: string): string {
  const url = execFileSync('bash', [script, 'start', stateDir, name, ...(userPassword ? [userPassword] : [])], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
  return url.replace(/^http:\/\//, '');
}

export function stopRegistry(stateDir: string, name: string): void {
  execFileSync('bash', [script, 'stop', stateDir, name], { stdio: 'inherit' });
}

/**
 * The auth registry accepts exactly what moto's ECR GetAuthorizationToken hands out for the
 * default account, so an ECR-token push can be tested end to end against a real registry.
 */
export const ECR_TOKEN_CREDENTIALS = { username: 'AWS', password: '123456789012-auth-token' } as const;

/** Starts a docker-registry that wants Bearer tokens from `realm`, signed by the key of `certFile`. */
export function startTokenRegistry(stateDir: string, name: string, realm: string, certFile: string): string {
  const url = execFileSync('bash', [script, 'start', stateDir, name], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, NXS_REGISTRY_TOKEN_REALM: realm, NXS_REGISTRY_TOKEN_CERT: certFile },
  }).trim();
  return url.replace(/^http:\/\//, '');
}
