/**
 * A TypeScript `executeScript` file as Node runs it: bundled by esbuild into one CommonJS file
 * under `.nxstack/scripts/<project>/` (its npm packages stay external and are found through
 * NODE_PATH from the script's own folder upwards, as `node <file>` there would find them).
 */
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { build } from 'esbuild';
import { NxstackError, type SourceLocation } from '@nxstack/core';

export interface ScriptBundleOptions {
  readonly workspaceRoot: string;
  readonly projectName: string;
  readonly scriptName: string;
  readonly file: string;
  readonly location: SourceLocation;
}

export async function bundleTypeScriptScript(o: ScriptBundleOptions): Promise<string> {
  const outDir = path.join(o.workspaceRoot, '.nxstack', 'scripts', o.projectName);
  mkdirSync(outDir, { recursive: true });
  const outfile = path.join(outDir, `${o.scriptName}-${path.basename(o.file).replace(/\.[^.]+$/, '')}.cjs`);
  try {
    await build({ entryPoints: [o.file], outfile, bundle: true, platform: 'node', format: 'cjs', packages: 'external', sourcemap: 'inline', logLevel: 'silent', absWorkingDir: path.dirname(o.file) });
  } catch (e) {
    throw new NxstackError('NXS_SCRIPT_FAILED', `script '${o.scriptName}': ${path.basename(o.file)} does not compile: ${(e as Error).message}`, { location: o.location, hint: 'Fix the TypeScript error above (esbuild bundles the file before node runs it).', cause: e });
  }
  return outfile;
}

/** node_modules folders from the script's folder up to the workspace root, for NODE_PATH. */
export function nodeModulesPath(fromDir: string, workspaceRoot: string): string {
  const dirs: string[] = [];
  for (let d = fromDir; ; d = path.dirname(d)) {
    dirs.push(path.join(d, 'node_modules'));
    if (path.relative(workspaceRoot, d) === '' || path.dirname(d) === d) break;
  }
  return dirs.join(path.delimiter);
}
