/** Shared by the two executors: turn an Nx executor context + options into typed lib inputs. */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { readManifest, resourceOutputDir } from '@nxstack/core';
import type { RegistryCredentials } from './registry/auth';

export interface ProjectContext {
  readonly workspaceRoot: string;
  readonly projectName: string;
  readonly projectRoot: string;
}

export function projectFromContext(context: { root: string; projectName?: string; projectsConfigurations?: { projects: Record<string, { root: string }> } }): ProjectContext {
  const projectName = context.projectName ?? '';
  const projectRoot = context.projectsConfigurations?.projects[projectName]?.root ?? '.';
  return { workspaceRoot: context.root, projectName, projectRoot };
}

export function outputDirFor(p: ProjectContext, resource: string, outputPath?: string): string {
  return path.resolve(p.workspaceRoot, outputPath ?? resourceOutputDir(p.projectRoot, resource));
}

/** Credentials for a non-ECR private registry come from the environment, never from options (which Nx may log). */
export function registryCredentialsFromEnv(env: NodeJS.ProcessEnv): RegistryCredentials | undefined {
  return env['NXS_REGISTRY_USERNAME'] && env['NXS_REGISTRY_PASSWORD'] ? { username: env['NXS_REGISTRY_USERNAME'], password: env['NXS_REGISTRY_PASSWORD'] } : undefined;
}

/** Handler/runtime the language packager recorded for the code (image functions reuse them). */
export async function packagedCodeFacts(artifactDir: string): Promise<{ handler?: string; runtime?: string }> {
  if (!(await fs.stat(artifactDir).then((s) => s.isDirectory(), () => false))) return {};
  try {
    const m = await readManifest(artifactDir);
    return m.kind === 'zip' ? { handler: m.handler, runtime: m.runtime } : {};
  } catch {
    return {};
  }
}
