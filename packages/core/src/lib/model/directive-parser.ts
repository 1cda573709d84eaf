import { DIRECTIVE_ARGUMENTS, DIRECTIVE_NAMES, type Directive, type DirectiveName, type DirectiveValue } from './directives';
import { didYouMeanText } from './did-you-mean';
import { isLocalDirectiveName, LOCAL_DIRECTIVE_ARITY, LOCAL_DIRECTIVE_NAMES, parseLocalCall, type LocalDirectiveNode } from './local-directives';

export interface DirectiveSyntaxProblem {
  readonly code: 'NXS_DIRECTIVE_SYNTAX' | 'NXS_UNKNOWN_DIRECTIVE';
  readonly message: string;
  readonly hint: string;
  /** Offset of the `$` inside the string. */
  readonly offset: number;
}

/** A text mixing runtime and local directives; local parts are replaced when stack.yml is loaded. */
export interface JoinWithLocal {
  readonly $directive: 'Join';
  readonly parts: ReadonlyArray<string | Directive | LocalDirectiveNode>;
}
export type ParsedValue = string | DirectiveValue | LocalDirectiveNode | JoinWithLocal;
export type ParsedString = { value: ParsedValue; problem?: undefined } | { value?: undefined; problem: DirectiveSyntaxProblem };

const isRuntimeName = (name: string): boolean => (DIRECTIVE_NAMES as string[]).includes(name);
const ALL_USAGES = (): string => [...DIRECTIVE_NAMES.map(usage), ...LOCAL_DIRECTIVE_NAMES.map((n) => LOCAL_DIRECTIVE_ARITY[n].usage)].join(', ');

// `$Name(` starts a directive call; a known name without `(` is also treated as an attempt.
const HEAD = /\$([A-Z][A-Za-z]*)(\s*\()?/g;

/**
 * Parses directives in one YAML string value: the whole string → a directive, text around
 * directives → a Join, no directive → the string unchanged.
 */
export function parseDirectiveString(text: string): ParsedString {
  if (!text.includes('$')) return { value: text };
  const parts: Array<string | Directive | LocalDirectiveNode> = [];
  let last = 0;
  HEAD.lastIndex = 0;
  for (let m = HEAD.exec(text); m; m = HEAD.exec(text)) {
    const name = m[1];
    const local = isLocalDirectiveName(name);
    const known = isRuntimeName(name) || local;
    if (!m[2] && !known) continue; // `$Foo` without parentheses is just text
    if (!known) {
      return {
        problem: {
          code: 'NXS_UNKNOWN_DIRECTIVE',
          message: `unknown directive '$${name}'`,
          hint: `${didYouMeanText(name, [...DIRECTIVE_NAMES, ...LOCAL_DIRECTIVE_NAMES])}Supported directives: ${ALL_USAGES()}.`,
          offset: m.index,
        },
      };
    }
    if (local) {
      const parsed = parseLocalCall(text, m.index, isRuntimeName);
      if ('problem' in parsed) return { problem: parsed.problem };
      if (m.index > last) parts.push(text.slice(last, m.index));
      parts.push({ $directive: 'Local', call: parsed.call });
      last = parsed.end;
      HEAD.lastIndex = parsed.end;
      continue;
    }
    if (!m[2]) return { problem: syntax(name as DirectiveName, m.index, 'is missing its argument list') };
    const args = readArguments(text, m.index + m[0].length);
    if ('error' in args) return { problem: syntax(name as DirectiveName, m.index, args.error) };
    const expected = DIRECTIVE_ARGUMENTS[name as DirectiveName];
    if (args.values.length !== expected.length) {
      return { problem: syntax(name as DirectiveName, m.index, `takes ${expected.length} argument(s), got ${args.values.length}`) };
    }
    const empty = args.values.findIndex((v) => v.trim() === '');
    if (empty >= 0) return { problem: syntax(name as DirectiveName, m.index, `has an empty ${expected[empty]}`) };
    if (m.index > last) parts.push(text.slice(last, m.index));
    parts.push(build(name as DirectiveName, args.values));
    last = args.end;
    HEAD.lastIndex = args.end;
  }
  if (parts.length === 0) return { value: text };
  if (last < text.length) parts.push(text.slice(last));
  if (parts.length === 1 && typeof parts[0] !== 'string') return { value: parts[0] };
  return { value: { $directive: 'Join', parts } as JoinWithLocal };
}

function build(name: DirectiveName, v: string[]): Directive {
  switch (name) {
    case 'ResourceParam':
      return { $directive: 'ResourceParam', resource: v[0], param: v[1] };
    case 'CfResourceParam':
      return { $directive: 'CfResourceParam', logicalId: v[0], attribute: v[1] };
    case 'CfStackOutput':
      return { $directive: 'CfStackOutput', stackName: v[0], outputName: v[1] };
    case 'Secret':
      return { $directive: 'Secret', name: v[0] };
  }
}

function usage(name: DirectiveName): string {
  return `$${name}(${DIRECTIVE_ARGUMENTS[name].map((a) => `'<${a}>'`).join(', ')})`;
}

function syntax(name: DirectiveName, offset: number, what: string): DirectiveSyntaxProblem {
  return {
    code: 'NXS_DIRECTIVE_SYNTAX',
    message: `malformed directive: $${name} ${what}`,
    hint: `Write it as ${usage(name)} with each argument quoted ('…' or "…").`,
    offset,
  };
}

/** Reads `'a', "b")` starting just after the opening parenthesis. */
function readArguments(text: string, start: number): { values: string[]; end: number } | { error: string } {
  const values: string[] = [];
  let i = skipSpace(text, start);
  if (text[i] === ')') return { values, end: i + 1 };
  for (;;) {
    const quote = text[i];
    if (quote !== "'" && quote !== '"') {
      return { error: i >= text.length ? 'is not closed with )' : `has an unquoted argument at '${text.slice(i, i + 12)}'` };
    }
    let value = '';
    i++;
    while (i < text.length && text[i] !== quote) {
      if (text[i] === '\\' && i + 1 < text.length) i++;
      value += text[i++];
    }
    if (i >= text.length) return { error: 'has an unterminated quoted argument' };
    values.push(value);
    i = skipSpace(text, i + 1);
    if (text[i] === ')') return { values, end: i + 1 };
    if (text[i] !== ',') return { error: i >= text.length ? 'is not closed with )' : `expects ',' or ')' at '${text.slice(i, i + 12)}'` };
    i = skipSpace(text, i + 1);
  }
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && /\s/.test(text[i])) i++;
  return i;
}
