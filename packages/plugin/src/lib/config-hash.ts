import { sha256Hex } from '@nxstack/core';

/**
 * A short, stable digest of a resource's own stack.yml section, so that editing one resource's
 * section re-runs only that resource's package task (stack.yml as a file is not an input).
 *
 * It travels as an input, `{ runtime: 'echo nxstack-config <resource> <hash>' }`, NOT as a target
 * option: Nx 24 hashes the options of *every* target of a project into each task's hash (the
 * ProjectConfiguration hash: name, executor, outputs, options, configurations of all targets;
 * inputs and dependsOn are not part of it), so a hash in the options would invalidate every
 * package task of the project. Verified with nx 24.0.6: changing target b's options misses the
 * cache of target a; changing b's runtime input does not.
 */
export function configHash(value: unknown): string {
  return sha256Hex(stableJson(value)).slice(0, 16);
}

/** JSON with object keys sorted at every level, so key order in YAML does not matter. */
export function stableJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}

/** The Nx input that carries a config hash (echo prints it, Nx hashes the output). */
export function configHashInput(resource: string, hash: string): { runtime: string } {
  // Resource names are validated by the stack model; keep only safe characters anyway.
  return { runtime: `echo nxstack-config ${resource.replace(/[^A-Za-z0-9_-]/g, '_')} ${hash.replace(/[^0-9a-f]/g, '')}` };
}
