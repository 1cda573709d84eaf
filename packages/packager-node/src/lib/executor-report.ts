import * as path from 'node:path';
import { isNxstackError, toPosix } from '@nxstack/core';
import type { PackageNodeFunctionResult } from './options';

/** One line per packaged function (plus its warnings) for the task's terminal output. */
export function reportResult(workspaceRoot: string, r: PackageNodeFunctionResult): string {
  const deps = Object.keys(r.installedPackages);
  const lines = [
    `${r.resourceName}: ${toPosix(path.relative(workspaceRoot, r.artifactPath))} ${r.size} B sha256 ${r.sha256.slice(0, 12)} handler ${r.handler}` +
      (deps.length ? ` node_modules: ${deps.join(', ')}` : ''),
    ...r.warnings.map((w) => `  warning: ${w}`),
  ];
  return lines.join('\n');
}

/** NxstackErrors in their user form (code, location, hint); anything else with its stack. */
export function reportFailure(err: unknown): string {
  if (isNxstackError(err)) return err.format();
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}
