import * as path from 'node:path';
import { toPosix } from '@nxstack/core';
import { findGoModuleRoot } from './find-module-root';

/** An Nx task input: a file set string, or a runtime command / env variable whose value is hashed. */
export type TaskInput = string | { readonly runtime: string } | { readonly env: string };

/**
 * What a Go package task depends on: the module's go.mod/go.sum (go.sum pins every downloaded
 * module), all .go files and embedded assets of the module, a go.work above it, the Go version
 * and the env that changes what `go build` does.
 * `projectRoot` and `entry` as in stack.yml; `workspaceRoot` is where they are resolved from.
 */
export function goTaskInputs(projectRoot: string, entry: string, workspaceRoot = '.'): TaskInput[] {
  const root = path.resolve(workspaceRoot);
  const entryDir = path.dirname(path.resolve(root, projectRoot, entry));
  const moduleRoot = findGoModuleRoot(entryDir);
  const moduleRel = moduleRoot ? toPosix(path.relative(root, moduleRoot)) : toPosix(path.join(projectRoot, path.dirname(entry)));
  const at = (p: string) => (moduleRel && !moduleRel.startsWith('..') ? `{workspaceRoot}/${moduleRel}/${p}` : `{workspaceRoot}/${p}`);
  return [
    at('go.mod'),
    at('go.sum'),
    at('go.work'),
    at('**/*.go'),
    at('**/*.s'),
    { runtime: 'go version' },
    { env: 'GOFLAGS' },
    { env: 'GOPROXY' },
  ];
}
