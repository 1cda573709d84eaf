import * as path from 'node:path';
import type { TargetConfiguration } from '@nx/devkit';
import { configHash, configHashInput } from './config-hash';
import { folderDigestRuntime } from './hosting-inputs';
import { inWorkspace } from './language-source-inputs';
import { projectSourceInputs, type TargetInput } from './package-inputs';
import type { PackagedResource } from './resource-packaging';

const TECH = { technologies: ['nxstack'] };

type HostingResource = Extract<PackagedResource, { kind: 'hosting' }>;

/** A stack.yml path (relative to the project root) as a workspace-relative posix path; undefined when it leaves the workspace. */
function inProject(projectRoot: string, rel: string): string | undefined {
  return path.posix.isAbsolute(rel) ? undefined : inWorkspace(path.posix.join(projectRoot, rel.replace(/\\/g, '/')));
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
  const dir = inProject(projectRoot, build.workingDirectory);
  const upload = inProject(projectRoot, r.uploadDirectoryPath);
  const files = dir === undefined ? projectSourceInputs() : [filesUnder(dir), ...(upload ? [`!${filesUnder(upload)}`] : []), `!{workspaceRoot}/${where.stackFile}`];
  const runtime = dir === undefined ? undefined : folderDigestRuntime(['--dotenv', dir], workspaceRoot);
  const dotenv = runtime ? [{ runtime }] : [];
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
    const upload = inProject(projectRoot, r.uploadDirectoryPath);
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
