import * as path from 'node:path';
import { customArtifactInputs, type TargetInput } from './package-inputs';

/** Workspace-relative paths the runtime input may name unquoted (no shell meaning in any character). */
const SAFE_PATH = /^[A-Za-z0-9._/@+-]+$/;

/**
 * Inputs of package--<hosting bucket>: its folder as files, and the digest of the folder's files
 * printed by core's folder-digest-cli (a `runtime` input: Nx's file inputs leave out git-ignored
 * files, and a build folder such as dist/ usually is one). Undefined when the folder's path cannot
 * be named safely in a command: the task is then not cached (stack-targets.ts).
 */
export function hostingFolderInputs(uploadDirectoryPath: string, projectRoot: string, workspaceRoot: string): TargetInput[] | undefined {
  const folder = path.posix.normalize(path.posix.join(projectRoot, uploadDirectoryPath.replace(/\\/g, '/'))).replace(/\/+$/, '');
  const runtime = folder.startsWith('../') ? undefined : folderDigestRuntime([folder], workspaceRoot);
  return runtime ? [...customArtifactInputs(uploadDirectoryPath, projectRoot), { runtime }] : undefined;
}

/** `node <core's folder-digest-cli> <args>` as a runtime input, or undefined when an argument cannot be named unquoted. */
export function folderDigestRuntime(args: readonly string[], workspaceRoot: string): string | undefined {
  const cli = path.relative(workspaceRoot, require.resolve('@nxstack/core/dist/lib/hosting/folder-digest-cli.js')).split(path.sep).join('/');
  const argv = [cli, ...args];
  return argv.every((a) => SAFE_PATH.test(a)) ? `node ${argv.join(' ')}` : undefined;
}
