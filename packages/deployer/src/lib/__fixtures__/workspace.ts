/**
 * Test workspaces: a temp folder with a project, its stack.yml and package outputs
 * (real deterministic zips + manifests, as package--<resource> leaves them).
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { resourceOutputDir, sha256File, writeManifest, writeZip } from '@nxstack/core';
import type { StackCommandOptions } from '../plan-stack';

export interface TestWorkspace {
  readonly root: string;
  readonly projectName: string;
  readonly projectRoot: string;
  readonly stackFile: string;
  readonly lines: string[];
  options(stage: string, extra?: Partial<StackCommandOptions>): StackCommandOptions;
}

export async function makeWorkspace(stackYml: string, projectName = 'api'): Promise<TestWorkspace> {
  const root = await fs.mkdtemp(path.join(tmpdir(), 'nxstack-deployer-'));
  const projectRoot = `apps/${projectName}`;
  await fs.mkdir(path.join(root, projectRoot), { recursive: true });
  const stackFile = path.join(root, projectRoot, 'stack.yml');
  await fs.writeFile(stackFile, stackYml);
  // The stack loader checks that entry files exist (packaging itself is not under test here).
  for (const [, entry] of stackYml.matchAll(/entryfilePath: (\S+)/g)) {
    await fs.mkdir(path.dirname(path.join(root, projectRoot, entry)), { recursive: true });
    await fs.writeFile(path.join(root, projectRoot, entry), 'export default async () => "hi";\n');
  }
  const lines: string[] = [];
  return {
    root,
    projectName,
    projectRoot,
    stackFile,
    lines,
    options: (stage, extra = {}) => ({ workspaceRoot: root, projectName, projectRoot, stackFile, stage, env: {}, pollIntervalMs: 50, log: (l) => lines.push(l), ...extra }),
  };
}

/** Packages a Node handler the way package--<resource> would: zip + manifest. */
export async function packageFunction(ws: TestWorkspace, resource: string, source: string): Promise<{ sha256: string; size: number }> {
  const dir = path.join(ws.root, resourceOutputDir(ws.projectRoot, resource));
  await fs.mkdir(dir, { recursive: true });
  const zip = await writeZip([{ path: 'index.js', content: source }], path.join(dir, `${resource}.zip`));
  await writeManifest(dir, { kind: 'zip', resource, artifact: `${resource}.zip`, sha256: zip.sha256, size: zip.size, handler: 'index.handler', runtime: 'nodejs22.x', architecture: 'x86_64', packager: 'node' });
  return zip;
}

/** A large incompressible artifact (multipart path); not a valid zip, publish does not care. */
export async function packageLargeArtifact(ws: TestWorkspace, resource: string, bytes: number): Promise<{ sha256: string; size: number }> {
  const dir = path.join(ws.root, resourceOutputDir(ws.projectRoot, resource));
  await fs.mkdir(dir, { recursive: true });
  const file = path.join(dir, `${resource}.zip`);
  await fs.writeFile(file, randomBytes(bytes));
  const sha256 = await sha256File(file);
  await writeManifest(dir, { kind: 'zip', resource, artifact: `${resource}.zip`, sha256, size: bytes, handler: 'index.handler', runtime: 'nodejs22.x', architecture: 'x86_64', packager: 'custom-artifact' });
  return { sha256, size: bytes };
}

export const functionStack = (names: string[], extra = '') =>
  `resources:\n${names
    .map((n) => `  ${n}:\n    type: function\n    properties:\n      packaging:\n        type: stacktape-lambda-buildpack\n        properties:\n          entryfilePath: src/${n}.ts\n`)
    .join('')}${extra}`;
