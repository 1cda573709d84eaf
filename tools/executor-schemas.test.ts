/**
 * stack.yml is the one source of a resource's settings. Nx merges every executor schema.json
 * `default` into the options, and explicit options win over stack.yml, so a schema default for a
 * name stack.yml can set (architecture, runtime, handlerFunction, javaVersion…) silently beats
 * stack.yml. A `stage` default would beat the plugin option's NXSTACK_STAGE fallback. configHash is
 * a task input of the plugin, not an option.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildStackJsonSchema } from '@nxstack/core';

const root = path.resolve(import.meta.dirname, '..');

type JsonNode = Record<string, unknown>;

/** Every key of every `properties` object anywhere in a JSON Schema. */
function propertyNames(node: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(node)) for (const n of node) propertyNames(n, into);
  else if (node && typeof node === 'object') {
    const props = (node as JsonNode).properties;
    if (props && typeof props === 'object' && !Array.isArray(props)) for (const k of Object.keys(props)) into.add(k);
    for (const v of Object.values(node)) propertyNames(v, into);
  }
  return into;
}

/** `path.to.prop` → its schema, for every property of an executor schema (nested ones too). */
function executorProperties(node: JsonNode, prefix = ''): Array<[string, string, JsonNode]> {
  const props = (node.properties ?? {}) as Record<string, JsonNode>;
  return Object.entries(props).flatMap(([name, schema]) => [[name, `${prefix}${name}`, schema] as [string, string, JsonNode], ...executorProperties(schema, `${prefix}${name}.`)]);
}

function executorSchemaFiles(): string[] {
  const packages = path.join(root, 'packages');
  return readdirSync(packages).flatMap((pkg) => {
    const executors = path.join(packages, pkg, 'src', 'executors');
    if (!existsSync(executors)) return [];
    return readdirSync(executors)
      .map((e) => path.join(executors, e, 'schema.json'))
      .filter((f) => existsSync(f));
  });
}

describe('executor schema.json files', () => {
  const stackNames = propertyNames(buildStackJsonSchema());
  const files = executorSchemaFiles();

  it('are found (every package with executors)', () => {
    expect(stackNames).toContain('architecture');
    expect(stackNames).toContain('javaVersion');
    expect(files.length).toBeGreaterThanOrEqual(12);
  });

  it('have no default for a name stack.yml can set, no stage default and no configHash', () => {
    const offences: string[] = [];
    for (const file of files) {
      const rel = path.relative(root, file);
      for (const [name, where, schema] of executorProperties(JSON.parse(readFileSync(file, 'utf8')) as JsonNode)) {
        if (name === 'configHash') offences.push(`${rel}: ${where} (configHash is a task input, not an option)`);
        if (!('default' in schema)) continue;
        if (name === 'stage') offences.push(`${rel}: ${where} has a default (stage is resolved by core's resolveStage)`);
        else if (stackNames.has(name)) offences.push(`${rel}: ${where} has default ${JSON.stringify(schema.default)} but stack.yml can set '${name}'`);
      }
    }
    expect(offences).toEqual([]);
  });
});
