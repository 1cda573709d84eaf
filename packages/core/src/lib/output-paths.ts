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
