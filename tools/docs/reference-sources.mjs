// Reads what the generated docs are made of and renders them: path (relative to the repo) → text.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { INFERRED_TARGETS, renderStackReference, renderTargetIndex, renderTargetPage } from './render-reference.mjs';

export function executorInfo(root, executor) {
  const [pkg, name] = executor.split(':');
  const dir = join(root, 'packages', pkg.replace('@nxstack/', ''));
  const entry = JSON.parse(readFileSync(join(dir, 'executors.json'), 'utf8')).executors[name];
  if (!entry) throw new Error(`${executor} is not in ${dir}/executors.json`);
  const schemaFile = join(dir, entry.schema.replace(/^\.\/dist\//, 'src/'));
  return { description: entry.description, schema: JSON.parse(readFileSync(schemaFile, 'utf8')) };
}

/**
 * @param {string} root  the repository
 * @param {{ RESOURCE_TYPE_DEFINITIONS: readonly { type: string, params: readonly string[] }[], DIRECTIVE_ARGUMENTS: Record<string, readonly string[]> }} [core]
 *   @nxstack/core's exports (default: the built packages/core/dist)
 */
export function referenceDocs(root, core = createRequire(import.meta.url)(join(root, 'packages', 'core', 'dist', 'index.js'))) {
  const schema = JSON.parse(readFileSync(join(root, 'packages', 'core', 'schema', 'stack.schema.json'), 'utf8'));
  const docs = { 'docs/stack-reference.md': renderStackReference(schema, core.RESOURCE_TYPE_DEFINITIONS, core.DIRECTIVE_ARGUMENTS), 'docs/targets/README.md': renderTargetIndex() };
  for (const t of INFERRED_TARGETS) docs[`docs/targets/${t.page}.md`] = renderTargetPage(t, (e) => executorInfo(root, e));
  return docs;
}
