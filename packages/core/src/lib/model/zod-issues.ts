import type { z } from 'zod';
import { NxstackError } from '../errors';
import { didYouMeanText } from './did-you-mean';
import { formatDirective, isDirective } from './directives';
import { notSupportedYetPropertyError, notSupportedYetTypeError } from './not-supported-yet';
import { valueProblemOf } from './value-check';
import type { ConfigPath, YamlSource } from './yaml-source';

/** Turns zod issues into NxstackErrors that point at the offending YAML node. */
export function issuesToErrors(issues: readonly z.core.$ZodIssue[], schema: z.ZodType, raw: unknown, source: YamlSource): NxstackError[] {
  const out: NxstackError[] = [];
  for (const issue of issues) {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    out.push(...issueToErrors(issue, path, schema, raw, source));
  }
  return out;
}

function issueToErrors(issue: z.core.$ZodIssue, path: ConfigPath, schema: z.ZodType, raw: unknown, source: YamlSource): NxstackError[] {
  const value = getIn(raw, path);
  const where = pathText(path);
  const parentPath = path.slice(0, -1);
  const last = String(path[path.length - 1] ?? '');
  if (value === undefined && path.length > 0 && !hasKey(getIn(raw, parentPath), last)) {
    return [
      new NxstackError('NXS_MISSING_PROPERTY', `missing required property '${last}' in ${pathText(parentPath) || 'the stack'}`, {
        location: source.locate(parentPath),
        hint: `Add '${last}' under ${pathText(parentPath) || 'the top level'}.`,
      }),
    ];
  }
  const notYet = notSupportedYetPropertyError(issue, path, source);
  if (notYet) return [notYet];
  const problem = valueProblemOf(issue);
  if (problem) return [new NxstackError(problem.code, issue.message, { location: source.locate(path), hint: problem.hint })];
  switch (issue.code) {
    case 'unrecognized_keys': {
      const allowed = allowedKeys(schema, path, raw);
      return issue.keys.map(
        (key) =>
          new NxstackError('NXS_UNKNOWN_PROPERTY', `unknown property '${key}' in ${where || 'the stack'}`, {
            location: source.locateKey([...path, key]),
            hint: `${didYouMeanText(key, allowed)}Allowed properties: ${allowed.join(', ') || '(none)'}.`,
          }),
      );
    }
    case 'invalid_union': {
      if ('discriminator' in issue && issue.discriminator) {
        const options = ((issue as unknown as { options?: unknown[] }).options ?? []).map(String);
        const got = typeof value === 'string' ? value : describe(value);
        const notYetType = notSupportedYetTypeError(value, path, source);
        if (notYetType) return [notYetType];
        const hint = `${typeof value === 'string' ? didYouMeanText(value, options) : ''}Known types: ${options.join(', ')}.`;
        if (path.length === 3 && path[0] === 'resources') {
          return [new NxstackError('NXS_UNKNOWN_RESOURCE_TYPE', `unknown resource type '${got}' for resource '${path[1]}'`, { location: source.locate(path), hint })];
        }
        if (path.includes('packaging')) {
          return [new NxstackError('NXS_UNKNOWN_PACKAGING_TYPE', `unknown packaging type '${got}' at ${where}`, { location: source.locate(path), hint })];
        }
        return [new NxstackError('NXS_INVALID_VALUE', `invalid type '${got}' at ${where}`, { location: source.locate(path), hint })];
      }
      // A value the union takes as one of some words or as a mapping (mfaConfiguration: OFF | { status }): a wrong word is a wrong value, not a wrong type.
      const wordChoice = typeof value === 'string' ? issue.errors.flat().find((i) => i.code === 'invalid_value' && i.path.length === 0) : undefined;
      if (wordChoice) return issueToErrors(wordChoice, path, schema, raw, source);
      return [
        new NxstackError('NXS_INVALID_TYPE', `wrong value type at ${where}: got ${describe(value)}`, {
          location: source.locate(path),
          hint: `Expected ${expectedOfUnion(issue)}.`,
        }),
      ];
    }
    case 'invalid_type':
      return [
        new NxstackError('NXS_INVALID_TYPE', `wrong value type at ${where}: expected ${expectedName(issue.expected)}, got ${describe(value)}`, {
          location: source.locate(path),
          hint: isDirective(value)
            ? `Directives are not allowed in ${where}; write ${expectedName(issue.expected)} here.`
            : `Write ${expectedName(issue.expected)} here.`,
        }),
      ];
    case 'invalid_value': {
      const values = issue.values.map(String);
      return [
        new NxstackError('NXS_INVALID_VALUE', `invalid value ${JSON.stringify(value)} at ${where}`, {
          location: source.locate(path),
          hint: `${typeof value === 'string' ? didYouMeanText(value, values) : ''}Allowed values: ${values.join(', ')}.`,
        }),
      ];
    }
    case 'too_small':
    case 'too_big': {
      const bound = issue.code === 'too_small' ? `at least ${issue.minimum}` : `at most ${issue.maximum}`;
      const what = issue.origin === 'string' ? `${bound} characters long` : issue.origin === 'array' ? `a list of ${bound} items` : bound;
      return [
        new NxstackError('NXS_INVALID_VALUE', `invalid value ${JSON.stringify(value)} at ${where}: must be ${what}`, {
          location: source.locate(path),
          hint: `Use a value that is ${what}.`,
        }),
      ];
    }
    default:
      return [
        new NxstackError('NXS_INVALID_VALUE', `invalid value ${JSON.stringify(value)} at ${where}: ${issue.message}`, {
          location: source.locate(path),
          hint: 'Fix the value as the message says (see STACK-REFERENCE.md for allowed values).',
        }),
      ];
  }
}

export function pathText(path: ConfigPath): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

export function getIn(value: unknown, path: ConfigPath): unknown {
  let v = value;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[p];
  }
  return v;
}

function hasKey(obj: unknown, key: string): boolean {
  return obj !== null && typeof obj === 'object' && !Array.isArray(obj) && Object.prototype.hasOwnProperty.call(obj, key);
}

/** How a YAML value is described in "got …". */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value (null)';
  if (isDirective(value)) return `the directive ${formatDirective(value)}`;
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `a string (${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)})`;
  return `a ${typeof value} (${String(value)})`;
}

function expectedName(expected: string): string {
  const names: Record<string, string> = { object: 'a mapping', array: 'a list', string: 'a string', number: 'a number', boolean: 'a boolean (true/false)', int: 'an integer' };
  return names[expected] ?? expected;
}

function expectedOfUnion(issue: z.core.$ZodIssue): string {
  const names = new Set<string>();
  collectExpected(issue, 0, names);
  return names.size ? [...names].join(' or ') : 'one of the accepted forms';
}

// Nested unions are `string | directive`: directives are strings in YAML, so their "mapping"
// branch is not something to suggest.
function collectExpected(issue: z.core.$ZodIssue, depth: number, names: Set<string>): void {
  const branches = (issue as unknown as { errors?: z.core.$ZodIssue[][] }).errors ?? [];
  for (const branch of branches) {
    for (const i of branch.filter((b) => b.path.length === 0)) {
      if (i.code === 'invalid_type' && !(depth > 0 && i.expected === 'object')) names.add(expectedName(i.expected));
      else if (i.code === 'invalid_union') collectExpected(i, depth + 1, names);
    }
  }
}

type Def = { type: string; shape?: Record<string, z.ZodType>; innerType?: z.ZodType; in?: z.ZodType; element?: z.ZodType; valueType?: z.ZodType; options?: z.ZodType[]; discriminator?: string; values?: unknown[]; getter?: () => z.ZodType };
const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/** Keys of the object schema that validates the value at `path` (follows the value through unions). */
export function allowedKeys(schema: z.ZodType, path: ConfigPath, raw: unknown): string[] {
  let s: z.ZodType | undefined = schema;
  for (let i = 0; i <= path.length && s; i++) {
    s = unwrap(s, getIn(raw, path.slice(0, i)));
    if (i === path.length) break;
    const d = defOf(s);
    if (d.type === 'object') s = d.shape?.[String(path[i])];
    else if (d.type === 'array') s = d.element;
    else if (d.type === 'record') s = d.valueType;
    else s = undefined;
  }
  return s && defOf(s).type === 'object' ? Object.keys(defOf(s).shape ?? {}) : [];
}

function unwrap(schema: z.ZodType, value: unknown): z.ZodType {
  let s = schema;
  for (;;) {
    const d = defOf(s);
    if (d.innerType) s = d.innerType;
    else if (d.type === 'pipe' && d.in) s = d.in;
    else if (d.type === 'lazy' && d.getter) s = d.getter();
    else if (d.type === 'union' && d.options) {
      const tag = d.discriminator ? getIn(value, [d.discriminator]) : undefined;
      const pick = d.options.find((o) => {
        const od = defOf(unwrap(o, value));
        if (od.type !== 'object') return false;
        if (!d.discriminator) return true;
        return defOf(od.shape![d.discriminator]).values?.includes(tag) ?? false;
      });
      if (!pick) return s;
      s = pick;
    } else return s;
  }
}
