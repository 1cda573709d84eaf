/**
 * A hosting-bucket's `build` / `dev` command (Stacktape's HostingBucketBuild), where it runs, and
 * running its build. Stacktape runs the build without a shell: the command is split at whitespace,
 * double-quoted parts kept whole (their quotes removed), and the first word is the program
 * (so `npm run build` works; pipes, `&&` and `$VAR` do not). nxstack splits it the same way.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { NxstackError } from '../errors';
import type { LoadedStack } from '../model/load-stack';
import type { HostingBucketProperties } from '../model/resource-types/hosting-bucket';
import { resolveInsideWorkspace } from '../workspace-path';

/** Stacktape's split of a hosting command into argv (no shell). */
export function hostingCommandArgv(command: string): string[] {
  return (command.match(/(?:[^\s"]+|"[^"]*")+/g) ?? []).map((part) => part.replace(/^"|"$/g, ''));
}

/** The hosting-bucket `resource` of a loaded stack, or a located error. */
export function hostingBucketOf(stack: LoadedStack, resource: string): HostingBucketProperties {
  const entry = stack.config.resources[resource];
  if (entry?.type !== 'hosting-bucket') {
    throw new NxstackError('NXS_RESOURCE_NOT_FOUND', entry ? `Resource '${resource}' is a ${entry.type}, not a hosting-bucket.` : `Resource '${resource}' is not in ${stack.file}.`, {
      location: stack.locate(entry ? ['resources', resource, 'type'] : ['resources']),
      hint: `Hosting buckets of this stack: ${Object.entries(stack.config.resources).filter(([, r]) => r.type === 'hosting-bucket').map(([n]) => n).join(', ') || 'none'}.`,
    });
  }
  return entry.properties as HostingBucketProperties;
}

/** Absolute working directory of `build` / `dev`: workingDirectory (default `.`) relative to the folder of stack.yml. */
export function hostingCommandDir(stack: LoadedStack, workspaceRoot: string, resource: string, key: 'build' | 'dev'): string {
  const rel = hostingBucketOf(stack, resource)[key]?.workingDirectory ?? '.';
  return resolveInsideWorkspace(stack.dir, rel, { workspaceRoot, what: 'workingDirectory', location: stack.locate(['resources', resource, 'properties', key, 'workingDirectory']) });
}

/** Runs the hosting-bucket's build (argv, in its working directory, output passed through); it must leave uploadDirectoryPath behind. */
export async function runHostingBuild(o: { workspaceRoot: string; stack: LoadedStack; resource: string; env?: NodeJS.ProcessEnv; log: (line: string) => void }): Promise<void> {
  const props = hostingBucketOf(o.stack, o.resource);
  const at = ['resources', o.resource, 'properties', 'build'];
  if (!props.build) throw new NxstackError('NXS_MISSING_PROPERTY', `hosting-bucket '${o.resource}' has no build command`, { location: o.stack.locate(at.slice(0, -1)), hint: 'Add build: { command: ... } or remove the build--<resource> target.' });
  const argv = hostingCommandArgv(props.build.command);
  const location = o.stack.locate([...at, 'command']);
  if (!argv.length) throw new NxstackError('NXS_HOSTING_BUILD_FAILED', `hosting-bucket '${o.resource}': build command is empty`, { location, hint: 'Give the command that writes the site, e.g. `npm run build`.' });
  const cwd = hostingCommandDir(o.stack, o.workspaceRoot, o.resource, 'build');
  o.log(`${o.resource}: build: ${props.build.command}`);
  const failure = await new Promise<string | undefined>((resolve) => {
    const child = spawn(argv[0]!, argv.slice(1), { cwd, env: o.env ?? process.env, stdio: 'inherit' });
    child.on('error', (e) => resolve((e as NodeJS.ErrnoException).code === 'ENOENT' ? `'${argv[0]}' was not found (the command runs without a shell, as Stacktape runs it)` : e.message));
    child.on('close', (code, signal) => resolve(code === 0 ? undefined : signal ? `it was stopped by ${signal}` : `it exited with code ${code}`));
  });
  if (failure) throw new NxstackError('NXS_HOSTING_BUILD_FAILED', `hosting-bucket '${o.resource}': build \`${props.build.command}\` failed: ${failure}`, { location, hint: `Its output is above; it ran in ${cwd}.` });
  const folder = resolveInsideWorkspace(o.stack.dir, props.uploadDirectoryPath, { workspaceRoot: o.workspaceRoot, what: 'uploadDirectoryPath', location: o.stack.locate([...at.slice(0, -1), 'uploadDirectoryPath']) });
  if (!existsSync(folder)) {
    throw new NxstackError('NXS_PATH_NOT_FOUND', `hosting-bucket '${o.resource}': the build finished but uploadDirectoryPath '${props.uploadDirectoryPath}' does not exist`, {
      location: o.stack.locate([...at.slice(0, -1), 'uploadDirectoryPath']),
      hint: `The build ran in ${cwd}; uploadDirectoryPath is relative to the folder of stack.yml (${o.stack.dir}).`,
    });
  }
}
