import { NxstackError } from '../errors';
import { parseDirectiveString } from './directive-parser';
import type { ConfigPath, YamlSource } from './yaml-source';

// Version keys read as written: YAML would turn `pythonVersion: 3.10` into the number 3.1.
const VERSION_KEYS = new Set(['pythonVersion', 'javaVersion']);

/**
 * Copy of the plain YAML value with every directive string replaced by its parsed object.
 * Malformed directives are pushed to `problems` and left as strings.
 */
export function transformDirectives(value: unknown, source: YamlSource, problems: NxstackError[], path: ConfigPath = []): unknown {
  if (typeof value === 'string') {
    const parsed = parseDirectiveString(value);
    if (parsed.problem) {
      problems.push(new NxstackError(parsed.problem.code, parsed.problem.message, { location: source.locateInString(path, parsed.problem.offset), hint: parsed.problem.hint }));
      return value;
    }
    return parsed.value;
  }
  if (typeof value === 'number' && VERSION_KEYS.has(String(path[path.length - 1]))) return source.scalarText(path) ?? String(value);
  if (Array.isArray(value)) return value.map((v, i) => transformDirectives(v, source, problems, [...path, i]));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = transformDirectives(v, source, problems, [...path, k]);
    return out;
  }
  return value;
}
