/**
 * PEP 508 environment markers evaluated for the Lambda runtime, not the build machine: lock
 * files list every platform's dependencies, and only the target's belong in the zip.
 */
import type { PythonVersion } from './python-config';
import type { Architecture } from '@nxstack/core';

export type MarkerEnvironment = Readonly<Record<string, string>>;

// Recent patch levels of the Lambda runtimes, for python_full_version comparisons.
const FULL_VERSIONS: Record<PythonVersion, string> = { '3.9': '3.9.23', '3.10': '3.10.18', '3.11': '3.11.13', '3.12': '3.12.11', '3.13': '3.13.5' };

export function lambdaMarkerEnvironment(pythonVersion: PythonVersion, architecture: Architecture): MarkerEnvironment {
  const full = FULL_VERSIONS[pythonVersion];
  return {
    python_version: pythonVersion,
    python_full_version: full,
    implementation_version: full,
    implementation_name: 'cpython',
    platform_python_implementation: 'CPython',
    sys_platform: 'linux',
    platform_system: 'Linux',
    os_name: 'posix',
    platform_machine: architecture === 'arm64' ? 'aarch64' : 'x86_64',
    platform_release: '',
    platform_version: '',
    extra: '',
  };
}

type Token = { kind: 'str' | 'var' | 'op' | 'lp' | 'rp' | 'and' | 'or'; value: string };

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  const re = /\s*(?:(\()|(\))|'([^']*)'|"([^"]*)"|(===|==|!=|<=|>=|~=|<|>)|(not\s+in\b)|([A-Za-z_][A-Za-z0-9_.]*))/y;
  let pos = 0;
  while (pos < src.length) {
    if (/^\s*$/.test(src.slice(pos))) break;
    re.lastIndex = pos;
    const m = re.exec(src);
    if (!m) throw new Error(`cannot parse marker "${src}" at ${pos}`);
    pos = re.lastIndex;
    if (m[1]) tokens.push({ kind: 'lp', value: '(' });
    else if (m[2]) tokens.push({ kind: 'rp', value: ')' });
    else if (m[3] !== undefined || m[4] !== undefined) tokens.push({ kind: 'str', value: m[3] ?? m[4] });
    else if (m[5]) tokens.push({ kind: 'op', value: m[5] });
    else if (m[6]) tokens.push({ kind: 'op', value: 'not in' });
    else if (m[7] === 'and' || m[7] === 'or') tokens.push({ kind: m[7], value: m[7] });
    else if (m[7] === 'in') tokens.push({ kind: 'op', value: 'in' });
    else tokens.push({ kind: 'var', value: m[7].replace(/\./g, '_') }); // legacy os.name → os_name
  }
  return tokens;
}

function parseRelease(v: string): number[] | undefined {
  const m = /^\s*v?(\d+(?:\.\d+)*)/.exec(v);
  return m ? m[1].split('.').map(Number) : undefined;
}

function compareRelease(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d) return d < 0 ? -1 : 1;
  }
  return 0;
}

function compare(left: string, op: string, right: string, versionish: boolean): boolean {
  if (op === 'in') return right.includes(left);
  if (op === 'not in') return !right.includes(left);
  if (op === '===') return left === right;
  const l = parseRelease(left);
  const r = parseRelease(right.replace(/\.\*$/, ''));
  if (!versionish || !l || !r) return op === '==' ? left === right : op === '!=' ? left !== right : false;
  if (right.endsWith('.*') && (op === '==' || op === '!=')) {
    const prefixMatch = r.every((n, i) => l[i] === n);
    return op === '==' ? prefixMatch : !prefixMatch;
  }
  const c = compareRelease(l, r);
  switch (op) {
    case '==': return c === 0;
    case '!=': return c !== 0;
    case '<': return c < 0;
    case '<=': return c <= 0;
    case '>': return c > 0;
    case '>=': return c >= 0;
    case '~=': return c >= 0 && compareRelease(l.slice(0, r.length - 1), r.slice(0, -1)) === 0;
    default: return false;
  }
}

const VERSION_VARS = new Set(['python_version', 'python_full_version', 'implementation_version']);

/** True when `marker` holds in `env`; an empty marker always holds. Throws on syntax errors. */
export function evaluateMarker(marker: string | undefined, env: MarkerEnvironment): boolean {
  if (!marker || !marker.trim()) return true;
  const tokens = tokenize(marker);
  let i = 0;
  const peek = () => tokens[i];
  const value = (): { text: string; isVar: string | undefined } => {
    const t = tokens[i++];
    if (t?.kind === 'str') return { text: t.value, isVar: undefined };
    if (t?.kind === 'var') return { text: env[t.value] ?? '', isVar: t.value };
    throw new Error(`unexpected token in marker "${marker}"`);
  };
  const atom = (): boolean => {
    if (peek()?.kind === 'lp') {
      i++;
      const v = orExpr();
      if (tokens[i++]?.kind !== 'rp') throw new Error(`unbalanced parentheses in marker "${marker}"`);
      return v;
    }
    const l = value();
    const op = tokens[i++];
    if (op?.kind !== 'op') throw new Error(`expected an operator in marker "${marker}"`);
    const r = value();
    const versionish = VERSION_VARS.has(l.isVar ?? '') || VERSION_VARS.has(r.isVar ?? '');
    if (l.isVar === 'extra' || r.isVar === 'extra') return compare(l.text.toLowerCase(), op.value, r.text.toLowerCase(), false);
    return compare(l.text, op.value, r.text, versionish);
  };
  const andExpr = (): boolean => {
    let v = atom();
    while (peek()?.kind === 'and') {
      i++;
      v = atom() && v;
    }
    return v;
  };
  const orExpr = (): boolean => {
    let v = andExpr();
    while (peek()?.kind === 'or') {
      i++;
      v = andExpr() || v;
    }
    return v;
  };
  const result = orExpr();
  if (i !== tokens.length) throw new Error(`trailing text in marker "${marker}"`);
  return result;
}
