import * as path from 'node:path';
import type { FingerprintBuilder } from './fingerprint';

/** An import esbuild resolved to a file: `original` is the specifier as written. */
export interface ResolvedImport {
  readonly original: string;
  readonly resolved: string;
}

const CONFIG_NAMES = ['package.json', 'tsconfig.json', 'jsconfig.json'];

/**
 * Records what decides an esbuild scan's file set besides the files it read: the folders holding
 * them (a new file there may be resolved first), the package.json / tsconfig.json / jsconfig.json
 * of every folder from each file up to the workspace root (`imports`, `paths`, `baseUrl`), the
 * tsconfig files they extend, and the folders a `paths`/`baseUrl` alias could lead to.
 */
export function recordScanReads(fp: FingerprintBuilder, inputs: readonly string[], tsconfig: string | undefined, aliased: readonly ResolvedImport[]): void {
  const configs: TsconfigInfo[] = [];
  const seenConfig = new Set<string>();
  const readConfig = (rel: string, depth = 0) => {
    if (seenConfig.has(rel) || depth > 10) return;
    seenConfig.add(rel);
    const text = fp.text(rel);
    if (text === null || path.posix.basename(rel) === 'package.json') return;
    const info = parseTsconfig(rel, text);
    if (!info) return;
    configs.push(info);
    for (const ext of info.extends) {
      // Every candidate up to the one found is recorded: one created earlier in the order wins next time.
      const found = extendsCandidates(path.posix.dirname(rel), ext).find((candidate) => fp.text(candidate) !== null);
      if (found) readConfig(found, depth + 1);
    }
  };
  if (tsconfig) readConfig(normalize(tsconfig));
  const dirs = new Set<string>();
  for (const f of inputs) {
    fp.file(f);
    const dir = path.posix.dirname(f);
    fp.dir(dir);
    if (f.startsWith('../')) continue;
    for (let d = dir; ; d = path.posix.dirname(d)) {
      if (dirs.has(d)) break;
      dirs.add(d);
      for (const name of CONFIG_NAMES) readConfig(d === '.' ? name : `${d}/${name}`);
      if (d === '.') break;
    }
  }
  for (const c of configs) {
    for (const targets of Object.values(c.paths)) for (const t of targets) fp.dir(path.posix.dirname(normalize(path.posix.join(c.baseDir, t.split('*')[0] + '_'))));
    for (const imp of aliased) {
      for (const [pattern, targets] of Object.entries(c.paths)) {
        const rest = matchPattern(pattern, imp.original);
        if (rest === undefined) continue;
        for (const t of targets) fp.dir(path.posix.dirname(normalize(path.posix.join(c.baseDir, t.replace('*', rest)))));
      }
      if (c.hasBaseUrl) fp.dir(path.posix.dirname(normalize(path.posix.join(c.baseDir, imp.original))));
    }
  }
}

interface TsconfigInfo {
  readonly extends: string[];
  readonly baseDir: string;
  readonly hasBaseUrl: boolean;
  readonly paths: Record<string, string[]>;
}

function parseTsconfig(rel: string, text: string): TsconfigInfo | undefined {
  let json: { extends?: unknown; compilerOptions?: { baseUrl?: unknown; paths?: unknown } };
  try {
    json = JSON.parse(stripJsonc(text)) as typeof json;
  } catch {
    return undefined;
  }
  const dir = path.posix.dirname(rel);
  const ext = typeof json.extends === 'string' ? [json.extends] : Array.isArray(json.extends) ? json.extends.filter((e): e is string => typeof e === 'string') : [];
  const baseUrl = typeof json.compilerOptions?.baseUrl === 'string' ? json.compilerOptions.baseUrl : undefined;
  const rawPaths = json.compilerOptions?.paths;
  const paths: Record<string, string[]> = {};
  if (rawPaths && typeof rawPaths === 'object') {
    for (const [k, v] of Object.entries(rawPaths)) if (Array.isArray(v)) paths[k] = v.filter((x): x is string => typeof x === 'string');
  }
  return { extends: ext, baseDir: normalize(path.posix.join(dir, baseUrl ?? '.')), hasBaseUrl: baseUrl !== undefined, paths };
}

/** Where `extends: spec` may point, in lookup order (relative paths, then node_modules up to the root). */
function extendsCandidates(dir: string, spec: string): string[] {
  const variants = (p: string) => (p.endsWith('.json') ? [p] : [p, `${p}.json`, `${p}/tsconfig.json`]);
  if (spec.startsWith('.') || spec.startsWith('/')) return variants(normalize(path.posix.join(dir, spec)));
  const out: string[] = [];
  for (let d = dir; ; d = path.posix.dirname(d)) {
    out.push(...variants(normalize(path.posix.join(d, 'node_modules', spec))));
    if (d === '.' || d.startsWith('..')) break;
  }
  return out;
}

function matchPattern(pattern: string, spec: string): string | undefined {
  const star = pattern.indexOf('*');
  if (star < 0) return pattern === spec ? '' : undefined;
  const [pre, post] = [pattern.slice(0, star), pattern.slice(star + 1)];
  return spec.startsWith(pre) && spec.endsWith(post) && spec.length >= pre.length + post.length ? spec.slice(pre.length, spec.length - post.length) : undefined;
}

const normalize = (p: string) => {
  const n = path.posix.normalize(p.replace(/\\/g, '/'));
  return n === '' ? '.' : n.replace(/\/+$/, '') || '.';
};

/** JSON with comments and trailing commas (tsconfig's dialect) → JSON. */
export function stripJsonc(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      const start = i;
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      out += text.slice(start, i + 1);
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && text[i + 1] === '*') {
      i = text.indexOf('*/', i + 2);
      if (i < 0) break;
      i++;
    } else out += c;
  }
  return out.replace(/,(\s*[}\]])/g, '$1');
}
