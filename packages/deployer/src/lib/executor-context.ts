/**
 * Turns executor options + the Nx context into the typed options of the lib functions.
 * The only place that reads process.env (handed down explicitly as `env`).
 */
import * as path from 'node:path';
import { NxstackError, resolveStage, workspaceStackFiles } from '@nxstack/core';
import type { StackCommandOptions } from './plan-stack';

export interface CommonExecutorOptions {
  readonly stage?: string;
  readonly region?: string;
  readonly profile?: string;
  readonly stackFile?: string;
}

/** The parts of Nx's ExecutorContext used here (kept structural so lib code needs no devkit). */
export interface ExecutorContextLike {
  readonly root: string;
  readonly projectName?: string;
  readonly projectsConfigurations?: { readonly projects: Readonly<Record<string, { readonly root: string }>> };
}

export function commandOptionsFromContext(
  options: CommonExecutorOptions,
  context: ExecutorContextLike,
  env: Readonly<Record<string, string | undefined>>,
  log: (line: string) => void,
): StackCommandOptions {
  const projectName = context.projectName;
  const project = projectName ? context.projectsConfigurations?.projects[projectName] : undefined;
  if (!projectName || !project) {
    throw new NxstackError('NXS_EXECUTOR_NO_PROJECT', 'The deployer executors run on a project target (nx run <project>:deploy).', {
      hint: 'Run the target through nx for a project that has a stack.yml.',
    });
  }
  const stackFile = options.stackFile ? path.resolve(context.root, options.stackFile) : path.join(context.root, project.root, 'stack.yml');
  return {
    workspaceRoot: context.root,
    projectName,
    projectRoot: project.root,
    stackFile,
    stackFiles: workspaceStackFiles(context.projectsConfigurations?.projects ?? {}, context.root),
    stage: resolveStage(options.stage, env),
    region: options.region,
    profile: options.profile,
    cliArgs: options as Readonly<Record<string, unknown>>,
    env,
    log,
  };
}
