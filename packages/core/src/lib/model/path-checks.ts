/** The loader's checks of a stack.yml path: inside the workspace (symlinks too), then existing. */
import { existsSync } from 'node:fs';
import { NxstackError, isNxstackError } from '../errors';
import { resolveInsideWorkspace } from '../workspace-path';
import type { ConfigPath, YamlSource } from './yaml-source';

export interface PathCheckOptions {
  /** Folder the path is relative to (the folder of stack.yml, or a build context). */
  readonly base: string;
  readonly workspaceRoot: string;
  /** False for paths that may be produced later (optional files such as tsConfigPath are only checked for escapes). */
  readonly mustExist: boolean;
}

/** One problem or none for the path value at `at` (whose last element names the key). */
export function checkStackPath(rel: string, at: ConfigPath, source: YamlSource, opts: PathCheckOptions): NxstackError[] {
  const key = String(at[at.length - 1]);
  const location = source.locate(at);
  let absolute: string;
  try {
    absolute = resolveInsideWorkspace(opts.base, rel, { workspaceRoot: opts.workspaceRoot, what: key, location });
  } catch (e) {
    if (isNxstackError(e)) return [e];
    throw e;
  }
  if (!opts.mustExist || existsSync(absolute)) return [];
  return [
    new NxstackError('NXS_PATH_NOT_FOUND', `${key} '${rel}' does not exist`, {
      location,
      hint: `Paths are resolved relative to the folder holding stack.yml (${opts.base}).`,
    }),
  ];
}
