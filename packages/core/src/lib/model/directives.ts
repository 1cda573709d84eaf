import { z } from 'zod';

/**
 * Directives are written as strings in stack.yml (`$ResourceParam('db', 'arn')`) and parsed by the
 * loader into typed objects, so no later stage ever re-parses strings.
 */
export interface ResourceParamDirective {
  readonly $directive: 'ResourceParam';
  readonly resource: string;
  readonly param: string;
}
export interface CfResourceParamDirective {
  readonly $directive: 'CfResourceParam';
  readonly logicalId: string;
  readonly attribute: string;
}
/**
 * `$CfStackOutput('<stackName>', '<outputName>')` (Stacktape's name and arguments): an exported
 * output of another stack, through Fn::ImportValue. The stack name is `<project>-<stage>`; a bare
 * workspace project name means that project on the stage being deployed *(nxstack)*.
 */
export interface CfStackOutputDirective {
  readonly $directive: 'CfStackOutput';
  readonly stackName: string;
  readonly outputName: string;
}
export interface SecretDirective {
  readonly $directive: 'Secret';
  readonly name: string;
}
/** A single directive. */
export type Directive = ResourceParamDirective | CfResourceParamDirective | CfStackOutputDirective | SecretDirective;
/** A string with directives embedded in text: concatenate `parts` after resolving each directive. */
export interface JoinDirective {
  readonly $directive: 'Join';
  readonly parts: ReadonlyArray<string | Directive>;
}
export type DirectiveValue = Directive | JoinDirective;

/** Directive name → argument names, in order. */
export const DIRECTIVE_ARGUMENTS = {
  ResourceParam: ['resource', 'param'],
  CfResourceParam: ['logicalId', 'attribute'],
  CfStackOutput: ['stackName', 'outputName'],
  Secret: ['name'],
} as const;
export type DirectiveName = keyof typeof DIRECTIVE_ARGUMENTS;
export const DIRECTIVE_NAMES = Object.keys(DIRECTIVE_ARGUMENTS) as DirectiveName[];

export function isDirective(value: unknown): value is DirectiveValue {
  if (typeof value !== 'object' || value === null) return false;
  const d = (value as { $directive?: unknown }).$directive;
  return d === 'Join' || (typeof d === 'string' && d in DIRECTIVE_ARGUMENTS);
}

/**
 * Calls `visit` for every single directive (those inside a Join too) anywhere in `value`, with
 * the path of the YAML value that holds it.
 */
export function walkDirectives(value: unknown, visit: (directive: Directive, path: (string | number)[]) => void, path: (string | number)[] = []): void {
  if (isDirective(value)) {
    if (value.$directive === 'Join') {
      for (const p of value.parts) if (typeof p !== 'string') visit(p, path);
    } else visit(value, path);
    return;
  }
  if (Array.isArray(value)) value.forEach((v, i) => walkDirectives(v, visit, [...path, i]));
  else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) walkDirectives(v, visit, [...path, k]);
}

/** `$ResourceParam('a', 'b')` — how a directive is written, for messages. */
export function formatDirective(d: DirectiveValue): string {
  if (d.$directive === 'Join') return d.parts.map((p) => (typeof p === 'string' ? p : formatDirective(p))).join('');
  const args = DIRECTIVE_ARGUMENTS[d.$directive].map((a) => `'${(d as unknown as Record<string, string>)[a]}'`);
  return `$${d.$directive}(${args.join(', ')})`;
}

const directiveObjectSchema = z.union([
  z.strictObject({ $directive: z.literal('ResourceParam'), resource: z.string(), param: z.string() }),
  z.strictObject({ $directive: z.literal('CfResourceParam'), logicalId: z.string(), attribute: z.string() }),
  z.strictObject({ $directive: z.literal('CfStackOutput'), stackName: z.string(), outputName: z.string() }),
  z.strictObject({ $directive: z.literal('Secret'), name: z.string() }),
]);
/**
 * Zod schema of a parsed directive value. In the generated JSON Schema it is shown as a string
 * (what users write); see json-schema.ts.
 */
export const directiveSchema = z.union([
  directiveObjectSchema,
  z.strictObject({ $directive: z.literal('Join'), parts: z.array(z.union([z.string(), directiveObjectSchema])) }),
]);
