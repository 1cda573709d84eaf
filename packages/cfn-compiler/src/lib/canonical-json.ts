import { createHash } from 'node:crypto';

/** Recursively sorts object keys; arrays keep their order (it is meaningful in CloudFormation). */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]));
  }
  return value;
}

/** JSON with sorted keys: equal content always gives equal text. */
export function canonicalJson(value: unknown, indent?: number): string {
  return JSON.stringify(sortKeys(value), null, indent);
}

/** The text `synth` writes: sorted keys, 2-space indent, trailing newline. */
export function formatTemplate(template: unknown): string {
  return canonicalJson(template, 2) + '\n';
}

/**
 * sha256 (hex) of the template and its parameter values in canonical form; the deployer compares
 * it with the hash recorded for the stage and skips CloudFormation when they are equal.
 */
export function templateHash(template: unknown, parameters: Readonly<Record<string, string>> = {}): string {
  return createHash('sha256').update(canonicalJson({ parameters, template })).digest('hex');
}
