/**
 * The one seam between the deployer and the stack model/compiler. The compiler is
 * @nxstack/cfn-compiler; stack.yml loading goes through @nxstack/core's `loadStack`, looked up
 * at run time while core does not export it yet (a plain YAML read stands in until then;
 * delete `fallbackLoad` once it lands).
 */
import { promises as fs } from 'node:fs';
import * as core from '@nxstack/core';
import type { LoadedStackLike } from '@nxstack/cfn-compiler';
import { parse as parseYaml } from 'yaml';

export { collectArtifacts, compileStack, contentAddressedKey, templateHash, canonicalJson } from '@nxstack/cfn-compiler';
export type { CompiledArtifact, CompileStackOutput, LoadedStackLike, StackConfigLike } from '@nxstack/cfn-compiler';

type LoadStack = (file: string, opts?: { workspaceRoot?: string }) => Promise<LoadedStackLike>;

export async function loadStackConfig(file: string, workspaceRoot?: string): Promise<LoadedStackLike> {
  const loadStack = (core as unknown as { loadStack?: LoadStack }).loadStack;
  if (typeof loadStack === 'function') return loadStack(file, { workspaceRoot });
  return fallbackLoad(file);
}

async function fallbackLoad(file: string): Promise<LoadedStackLike> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (cause) {
    throw new core.NxstackError('NXS_STACK_FILE_MISSING', `No stack file at ${file}.`, { location: { file }, hint: 'Pass --stackFile or create stack.yml in the project root.', cause });
  }
  const parsed = (parseYaml(text) ?? {}) as Partial<LoadedStackLike['config']>;
  return { file, config: { ...parsed, resources: parsed.resources ?? {} }, locate: () => ({ file }) };
}
