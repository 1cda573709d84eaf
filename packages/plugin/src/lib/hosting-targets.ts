import * as path from 'node:path';
import type { TargetConfiguration } from '@nx/devkit';
import { configHash, configHashInput } from './config-hash';
import { projectSourceInputs, type TargetInput } from './package-inputs';
import type { PackagedResource } from './resource-packaging';

const TECH = { technologies: ['nxstack'] };
/** Workspace-relative paths a runtime input may name unquoted (no shell meaning in any character). */
const SAFE_PATH = /^[A-Za-z0-9._/@+-]+$/;

type HostingResource = Extract<PackagedResource, { kind: 'hosting' }>;

/** A stack.yml path (relative to the project root) as a workspace-relative posix path; undefined when it leaves the workspace. */
function inWorkspace(projectRoot: string, rel: string): string | undefined {
  const p = path.posix.normalize(path.posix.join(projectRoot, rel.replace(/\\/g, '/'))).replace(/\/+$/, '');
  return path.posix.isAbsolute(rel) || p === '..' || p.startsWith('../') ? undefined : p;
}

const filesUnder = (dir: string) => (dir === '.' ? '{workspaceRoot}/**/*' : `{workspaceRoot}/${dir}/**/*`);

/**
 * Inputs of build--<hosting bucket>: the working directory's files without the folder the build
 * writes (its output) and stack.yml (the build's own settings travel as a config hash), the
 * `.env*` files there (a build tool reads them; Nx's file inputs skip git-ignored ones such as
 * `.env.local`) and the workspace's npm dependencies (Nx's default: the command may use any).
 */
function buildInputs(r: HostingResource, build: { workingDirectory: string }, where: { projectRoot: string; workspaceRoot: string; stackFile: string }, hash: string): TargetInput[] {
  const { projectRoot, workspaceRoot } = where;
  const dir = inWorkspace(projectRoot, build.workingDirectory);
  const upload = inWorkspace(projectRoot, r.uploadDirectoryPath);
  const files = dir === undefined ? projectSourceInputs() : [filesUnder(dir), ...(upload ? [`!${filesUnder(upload)}`] : []), `!{workspaceRoot}/${where.stackFile}`];
  const cli = path.relative(workspaceRoot, require.resolve('@nxstack/core/dist/lib/hosting/folder-digest-cli.js')).split(path.sep).join('/');
  const dotenv = dir !== undefined && SAFE_PATH.test(dir) && SAFE_PATH.test(cli) ? [{ runtime: `node ${cli} --dotenv ${dir}` }] : [];
  return [...files, ...dotenv, configHashInput(r.resource, hash)];
}

/**
 * `build--<resource>` of a hosting-bucket with `build` (cached: its output is the upload folder,
 * which package--<resource> reads as a dependency output) and the continuous `dev--<resource>`
 * of one with `dev`.
 */
export function hostingCommandTargets(input: {
  readonly r: HostingResource;
  readonly projectRoot: string;
  readonly workspaceRoot: string;
  readonly stackFile: string;
  readonly resourceConfig: unknown;
  readonly stageOptions: Readonly<Record<string, string>>;
  /** hooks.beforeDeploy runs first (it may write the build's sources): the build is hashed only after it. */
  readonly afterHook: boolean;
  readonly t: (name: string) => string;
}): Record<string, TargetConfiguration> {
  const { r, projectRoot, workspaceRoot, stackFile, t } = input;
  const targets: Record<string, TargetConfiguration> = {};
  if (r.build) {
    const props = (input.resourceConfig as { properties?: { build?: unknown; uploadDirectoryPath?: unknown } } | undefined)?.properties;
    const upload = inWorkspace(projectRoot, r.uploadDirectoryPath);
    targets[t(`build--${r.resource}`)] = {
      executor: '@nxstack/core:hosting-build',
      options: { stackFile, resource: r.resource },
      cache: upload !== undefined,
      inputs: [
        ...buildInputs(r, r.build, { projectRoot, workspaceRoot, stackFile }, configHash({ build: props?.build, uploadDirectoryPath: props?.uploadDirectoryPath })),
        // Reading dependency outputs makes Nx hash the task only when it is about to run (after the hook).
        ...(input.afterHook ? [{ dependentTasksOutputFiles: '**/*' }] : []),
      ],
      outputs: upload ? [`{workspaceRoot}/${upload}`] : [],
      metadata: { ...TECH, description: `Run the build command of hosting-bucket '${r.resource}' (writes ${r.uploadDirectoryPath})` },
    };
  }
  if (r.dev) {
    targets[t(`dev--${r.resource}`)] = {
      executor: '@nxstack/deployer:hosting-dev',
      options: { stackFile, resource: r.resource, ...input.stageOptions },
      continuous: true,
      cache: false,
      metadata: { ...TECH, description: `Run the dev server of hosting-bucket '${r.resource}' (injectEnvironment in .env.local; runs until stopped)` },
    };
  }
  return targets;
}
