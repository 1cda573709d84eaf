/**
 * Stacktape's local directives: resolved when stack.yml is loaded (never reach the typed model),
 * so one file serves every stage. `$Stage()`, `$Region()`, `$CliArgs('name'[, default])`,
 * `$File('path')`, `$Format('{}-{}', a, b)`, `$Var('name')` / `$Var().name`; a call may be
 * followed by a property path (`$File('config.json').memory`) and take other local calls as
 * arguments (`$Format('{}-x', $Stage())`).
 */
export const LOCAL_DIRECTIVE_ARITY = {
  Stage: { min: 0, max: 0, usage: '$Stage()' },
  Region: { min: 0, max: 0, usage: '$Region()' },
  CliArgs: { min: 1, max: 2, usage: "$CliArgs('<name>'[, <default>])" },
  File: { min: 1, max: 1, usage: "$File('<path>')" },
  Format: { min: 1, max: Infinity, usage: "$Format('<text with {}>', <value>, ...)" },
  Var: { min: 0, max: 1, usage: "$Var('<name>') or $Var().<name>" },
} as const;
export type LocalDirectiveName = keyof typeof LOCAL_DIRECTIVE_ARITY;
export const LOCAL_DIRECTIVE_NAMES = Object.keys(LOCAL_DIRECTIVE_ARITY) as LocalDirectiveName[];

/** An argument as written: a literal or another local call. */
export type LocalArgument = string | number | boolean | LocalCall;

export interface LocalCall {
  readonly name: LocalDirectiveName;
  readonly args: readonly LocalArgument[];
  /** Property path after the call: `$File('a.json').db.port` → ['db', 'port']. */
  readonly path: readonly string[];
  /** Offset of the `$` in the YAML string (for file:line:col). */
  readonly offset: number;
  /** The call as written, for messages. */
  readonly text: string;
}

/** A YAML value (or a part of a text) that is a local call; replaced by its value at load time. */
export interface LocalDirectiveNode {
  readonly $directive: 'Local';
  readonly call: LocalCall;
}

export function isLocalDirectiveNode(value: unknown): value is LocalDirectiveNode {
  return typeof value === 'object' && value !== null && (value as { $directive?: unknown }).$directive === 'Local';
}

export function isLocalDirectiveName(name: string): name is LocalDirectiveName {
  return Object.prototype.hasOwnProperty.call(LOCAL_DIRECTIVE_ARITY, name);
}

export interface LocalCallProblem {
  readonly message: string;
  readonly hint: string;
  readonly offset: number;
  readonly code: 'NXS_DIRECTIVE_SYNTAX' | 'NXS_UNKNOWN_DIRECTIVE';
}

const NAME_AT = /\$([A-Z][A-Za-z]*)(\s*\()?/y;
const PATH_SEGMENT = /\.([A-Za-z0-9_]+)/y;
const NUMBER = /-?\d+(\.\d+)?(?![A-Za-z0-9_])/y;

/**
 * Parses the local call whose `$` is at `start` (arguments, nested calls, property path).
 * `isRuntime(name)` tells runtime directives apart: they cannot feed a local one.
 */
export function parseLocalCall(text: string, start: number, isRuntime: (name: string) => boolean): { call: LocalCall; end: number } | { problem: LocalCallProblem } {
  NAME_AT.lastIndex = start;
  const m = NAME_AT.exec(text);
  if (!m) return { problem: syntaxAt(start, `expected a directive at '${text.slice(start, start + 12)}'`, 'Write a directive as $Name(...).') };
  const name = m[1];
  if (!isLocalDirectiveName(name)) {
    if (isRuntime(name)) {
      return {
        problem: syntaxAt(start, `$${name} is resolved by CloudFormation at deploy time and cannot be an argument of a directive resolved when stack.yml is loaded`, `Put it in the text instead, e.g. 'prefix-$${name}(...)', or pass it through a variable.`),
      };
    }
    return { problem: { code: 'NXS_UNKNOWN_DIRECTIVE', message: `unknown directive '$${name}'`, hint: `Local directives: ${LOCAL_DIRECTIVE_NAMES.map((n) => LOCAL_DIRECTIVE_ARITY[n].usage).join(', ')}.`, offset: start } };
  }
  const arity = LOCAL_DIRECTIVE_ARITY[name];
  const bad = (what: string) => ({ problem: syntaxAt(start, `$${name} ${what}`, `Write it as ${arity.usage}; text arguments are quoted ('…' or "…").`) });
  if (!m[2]) return bad('is missing its argument list');
  const args: LocalArgument[] = [];
  let i = skipSpace(text, start + m[0].length);
  if (text[i] === ')') i++;
  else {
    for (;;) {
      const arg = readArgument(text, i, isRuntime);
      if ('problem' in arg) return arg;
      if ('error' in arg) return bad(arg.error);
      args.push(arg.value);
      i = skipSpace(text, arg.end);
      if (text[i] === ')') {
        i++;
        break;
      }
      if (text[i] !== ',') return bad(i >= text.length ? 'is not closed with )' : `expects ',' or ')' at '${text.slice(i, i + 12)}'`);
      i = skipSpace(text, i + 1);
    }
  }
  const path: string[] = [];
  for (PATH_SEGMENT.lastIndex = i; ; ) {
    const seg = PATH_SEGMENT.exec(text);
    if (!seg) break;
    path.push(seg[1]);
    i = PATH_SEGMENT.lastIndex;
  }
  if (args.length < arity.min || args.length > arity.max) {
    const takes = arity.min === arity.max ? `${arity.min}` : arity.max === Infinity ? `at least ${arity.min}` : `${arity.min} or ${arity.max}`;
    return bad(`takes ${takes} argument(s), got ${args.length}`);
  }
  const literalFirst = name === 'File' || name === 'CliArgs' || (name === 'Var' && args.length === 1);
  if (literalFirst && typeof args[0] !== 'string') return bad(`takes a quoted ${name === 'File' ? 'path' : 'name'} as its first argument`);
  if (name === 'File' && (args[0] as string).trim() === '') return bad('has an empty path');
  if (name === 'Format' && typeof args[0] === 'string') {
    const placeholders = args[0].split('{}').length - 1;
    if (placeholders !== args.length - 1) return bad(`has ${placeholders} '{}' placeholder(s) but ${args.length - 1} value(s)`);
  }
  return { call: { name, args, path, offset: start, text: text.slice(start, i) }, end: i };
}

function readArgument(
  text: string,
  i: number,
  isRuntime: (name: string) => boolean,
): { value: LocalArgument; end: number } | { error: string } | { problem: LocalCallProblem } {
  const c = text[i];
  if (c === "'" || c === '"') {
    let value = '';
    let j = i + 1;
    while (j < text.length && text[j] !== c) {
      if (text[j] === '\\' && j + 1 < text.length) j++;
      value += text[j++];
    }
    if (j >= text.length) return { error: 'has an unterminated quoted argument' };
    return { value, end: j + 1 };
  }
  if (c === '$') {
    const nested = parseLocalCall(text, i, isRuntime);
    if ('problem' in nested) return nested;
    return { value: nested.call, end: nested.end };
  }
  for (const [word, value] of [['true', true], ['false', false]] as const) {
    if (text.startsWith(word, i) && !/[A-Za-z0-9_]/.test(text[i + word.length] ?? '')) return { value, end: i + word.length };
  }
  NUMBER.lastIndex = i;
  const n = NUMBER.exec(text);
  if (n) return { value: Number(n[0]), end: NUMBER.lastIndex };
  return { error: i >= text.length ? 'is not closed with )' : `has an unquoted argument at '${text.slice(i, i + 12)}'` };
}

function syntaxAt(offset: number, what: string, hint: string): LocalCallProblem {
  return { code: 'NXS_DIRECTIVE_SYNTAX', message: `malformed directive: ${what}`, hint, offset };
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && /\s/.test(text[i])) i++;
  return i;
}
