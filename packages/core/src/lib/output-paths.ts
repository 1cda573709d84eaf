import * as path from 'node:path';

/**
 * Where a resource's package task writes its artifact and manifest: outside the project's own
 * folder (so a build never changes the project's inputs and the Nx cache can hit).
 * `dist/stack/<projectRoot>/<resource>/` relative to the workspace root.
 */
export function resourceOutputDir(projectRoot: string, resourceName: string): string {
  return path.posix.join('dist', 'stack', toPosix(projectRoot), resourceName);
}

export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

/**
 * The git-ignored file `$Secret(name)` values come from when a function runs locally:
 * `{ "<secret name>": "<value>" }` in `.nxstack/secrets.json` at the workspace root.
 */
export const LOCAL_SECRETS_FILE = path.posix.join('.nxstack', 'secrets.json');

/** Runtime clients the local runtime fetches once (e.g. the Java runtime interface client). */
export const LOCAL_RUNTIME_CACHE_DIR = path.posix.join('.nxstack', 'cache', 'runtimes');

/** Image blobs by digest (`sha256/<hex>`): base layers pulled and layers built, reused across builds. */
export const IMAGE_BLOB_CACHE_DIR = path.posix.join('.nxstack', 'cache', 'blobs');

/** Where the local stage's AWS server (moto, from PyPI) is installed on first use. */
export const LOCAL_AWS_CACHE_DIR = path.posix.join('.nxstack', 'cache', 'local-aws');
