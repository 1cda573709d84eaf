import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { CreateNodesContext, CreateNodesResult } from '@nx/devkit';
import { FingerprintBuilder } from './graph-cache/fingerprint';
import { inGraphScope, type GraphSession, type RecordedCall, type RecordedKind } from './graph-cache/session';
import { buildpackSourceInputs } from './language-source-inputs';
import { nodeSourceInputs } from './node-source-inputs';
import { presentLockfiles } from './package-inputs';
import type { NxstackPluginOptions } from './plugin-options';
import { projectName } from './project-name';

/**
 * The calls a stack's targets depend on besides stack.yml and its $File files, re-run to check a
 * cached result: each is cheap (a few stats, or a cached scan checked against its fingerprint).
 */
const RECORDED_CALLS: Record<RecordedKind, (...args: never[]) => unknown> = {
  lockfiles: presentLockfiles,
  projectName,
  buildpackInputs: buildpackSourceInputs,
  nodeInputs: nodeSourceInputs,
};

type Compute = (
  stackFile: string,
  options: NxstackPluginOptions | undefined,
  context: CreateNodesContext,
  env: Readonly<Record<string, string | undefined>>,
) => Promise<{ result: CreateNodesResult; directiveFiles: readonly string[]; deferred: boolean }>;

/**
 * One stack.yml's createNodes result, reused while stack.yml, the plugin options, the environment
 * the targets read (NXSTACK_STAGE), the plugin's code, the $File files and every recorded call's
 * answer are unchanged. A stack with problems deferred to its validate target is never cached.
 */
export async function cachedStackNodes(
  session: GraphSession,
  stackFile: string,
  options: NxstackPluginOptions | undefined,
  context: CreateNodesContext,
  env: Readonly<Record<string, string | undefined>>,
  compute: Compute,
): Promise<CreateNodesResult> {
  let text: Buffer;
  try {
    text = readFileSync(path.join(context.workspaceRoot, stackFile));
  } catch {
    return (await compute(stackFile, options, context, env)).result;
  }
  const key = createHash('sha256')
    .update(JSON.stringify([context.workspaceRoot, options ?? null, env['NXSTACK_STAGE'] ?? null]))
    .update('\0')
    .update(text)
    .digest('hex');
  const previous = session.stackEntry(stackFile);
  if (previous && previous.key === key && session.hashes.matches(previous.fingerprint) && inGraphScope(session, undefined, () => callsStillAnswer(previous.calls))) {
    session.keepStack(stackFile, previous, true);
    return previous.result as CreateNodesResult;
  }
  const calls: RecordedCall[] = [];
  const computed = await inGraphScope(session, calls, () => compute(stackFile, options, context, env));
  if (!computed.deferred) {
    const fp = new FingerprintBuilder(session.hashes);
    for (const f of computed.directiveFiles) fp.file(f);
    // Through JSON now, so a reused result is the same plain data as the first one.
    session.keepStack(stackFile, { key, result: JSON.parse(JSON.stringify(computed.result)), fingerprint: fp.build(), calls }, false);
  }
  return computed.result;
}

function callsStillAnswer(calls: readonly RecordedCall[]): boolean {
  return calls.every((c) => {
    const fn = RECORDED_CALLS[c.kind as RecordedKind];
    return fn !== undefined && JSON.stringify((fn as (...a: unknown[]) => unknown)(...c.args) ?? null) === JSON.stringify(c.result);
  });
}
