/**
 * Environment variables that wire extensions and agents into a function must name files the
 * built image has: Lambda would otherwise fail every cold start (a wrapper that is missing or not
 * executable, a `-javaagent:` jar or a `--require` module that is not there). Checked on the built
 * image, before anything is pushed or deployed.
 */
import * as path from 'node:path';
import { NxstackError, type SourceLocation } from '@nxstack/core';
import type { Image } from '../oci/image';
import { imageFilesystem, lookupPath, type ImageFs } from '../oci/image-filesystem';

export const EXTENSION_WIRING_VARIABLES = ['AWS_LAMBDA_EXEC_WRAPPER', 'JAVA_TOOL_OPTIONS', 'NODE_OPTIONS'] as const;

/** One variable as the function gets it, and where it was set. */
export interface WiringVariable {
  readonly name: string;
  readonly value: string;
  readonly location?: SourceLocation;
}

interface PathUse {
  readonly variable: WiringVariable;
  /** As written in the value. */
  readonly written: string;
  readonly executable: boolean;
  /** A bare Node module name (`dd-trace/init`): looked up the way Node's require does. */
  readonly module?: boolean;
}

/** Splits an options string the way a shell would split simple words ("a b" and 'a b' kept whole). */
function words(value: string): string[] {
  return [...value.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]!);
}

function pathUses(v: WiringVariable): PathUse[] {
  if (v.name === 'AWS_LAMBDA_EXEC_WRAPPER') return v.value.trim() ? [{ variable: v, written: v.value.trim(), executable: true }] : [];
  const w = words(v.value);
  if (v.name === 'JAVA_TOOL_OPTIONS') {
    return w.filter((x) => x.startsWith('-javaagent:')).map((x) => ({ variable: v, written: x.slice('-javaagent:'.length).split('=')[0]!, executable: false }));
  }
  const out: PathUse[] = [];
  for (let i = 0; i < w.length; i++) {
    const x = w[i]!;
    const spec = x === '--require' || x === '-r' ? w[++i] : x.startsWith('--require=') ? x.slice('--require='.length) : undefined;
    if (!spec) continue;
    const relative = spec.startsWith('/') || spec.startsWith('./') || spec.startsWith('../');
    out.push({ variable: v, written: spec, executable: false, module: !relative });
  }
  return out;
}

/** Files Node's require would accept for `spec` (absolute), extensions and index files included. */
function requireCandidates(absolute: string): string[] {
  return [absolute, ...['.js', '.cjs', '.mjs', '.json', '/index.js', '/index.cjs', '/package.json'].map((e) => absolute + e)];
}

function found(fs: ImageFs, use: PathUse, workDir: string, nodePath: string[]): { ok: true } | { ok: false; why: string } {
  if (use.module) {
    const roots = [`${workDir}/node_modules`, '/opt/nodejs/node_modules', ...nodePath];
    const hit = roots.flatMap((r) => requireCandidates(path.posix.join(r, use.written))).some((p) => lookupPath(fs, p)?.type === 'file');
    return hit ? { ok: true } : { ok: false, why: `no module ${use.written} under ${roots.join(', ')}` };
  }
  const absolute = path.posix.resolve(workDir, use.written);
  const candidates = use.variable.name === 'NODE_OPTIONS' ? requireCandidates(absolute) : [absolute];
  const entry = candidates.map((p) => lookupPath(fs, p)).find((e) => e?.type === 'file');
  if (!entry || entry.type !== 'file') return { ok: false, why: `${absolute} is not a file in the image` };
  if (use.executable && !(entry.mode & 0o111)) return { ok: false, why: `${absolute} is not executable (mode ${entry.mode.toString(8).padStart(4, '0')})` };
  return { ok: true };
}

/** What the image holds under the folders the value points into (for the hint). */
function nearby(fs: ImageFs, written: string, workDir: string): string {
  const dir = path.posix.dirname(path.posix.resolve(workDir, written)).replace(/^\//, '');
  const files = [...fs.keys()].filter((p) => p.startsWith(`${dir}/`) && !p.slice(dir.length + 1).includes('/')).slice(0, 8);
  return files.length ? ` /${dir} holds: ${files.map((f) => '/' + f).join(', ')}.` : ` /${dir} does not exist in the image.`;
}

/**
 * Throws NXS_EXTENSION_PATH_MISSING for the first wiring variable naming a file the image lacks.
 * `variables`: the function's stack.yml environment (located); the image's own Env is checked too.
 */
export async function checkExtensionWiring(image: Image, variables: readonly WiringVariable[], imageLocation?: SourceLocation): Promise<void> {
  const config = image.config.config ?? {};
  const imageEnv = (config.Env ?? []).map((e) => ({ name: e.slice(0, Math.max(0, e.indexOf('='))), value: e.slice(e.indexOf('=') + 1), location: imageLocation }));
  const byName = new Map<string, WiringVariable>();
  for (const v of [...imageEnv, ...variables]) byName.set(v.name, v); // stack.yml wins, as Lambda's Environment does
  const uses = EXTENSION_WIRING_VARIABLES.flatMap((n) => (byName.has(n) ? pathUses(byName.get(n)!) : []));
  if (!uses.length) return;
  // Paths and modes are all the check needs: no file's bytes are kept.
  const fs = await imageFilesystem(image, { contentOf: () => false });
  const workDir = config.WorkingDir || '/var/task';
  const nodePath = (byName.get('NODE_PATH')?.value ?? '').split(':').filter((p) => p.startsWith('/'));
  for (const use of uses) {
    const r = found(fs, use, workDir, nodePath);
    if (r.ok) continue;
    throw new NxstackError('NXS_EXTENSION_PATH_MISSING', `${use.variable.name} points at ${use.written}, but ${r.why}.`, {
      location: use.variable.location,
      hint: `Lambda would fail every start of this function. Fix the path, or add the file (a layer, a layer image's /opt, or the Dockerfile).${use.module ? '' : nearby(fs, use.written, workDir)}`,
    });
  }
}
