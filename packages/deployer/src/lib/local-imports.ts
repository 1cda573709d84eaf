/**
 * The local stage has no CloudFormation exports: each `Fn::ImportValue` the compiler emitted for
 * a `$CfStackOutput` is replaced by the provider's output as its local deploy recorded it
 * (`.nxstack/<stage>/<project>/state.json`), before the template is hashed, so the consumer is
 * deployed again when the provider's value changes.
 */
import { readImportedOutputs, readLocalOutputs } from '@nxstack/connect-to';
import type { ResolvedStackReference } from '@nxstack/core';

export async function resolveLocalImports<T>(template: T, references: readonly ResolvedStackReference[], workspaceRoot: string): Promise<T> {
  if (references.length === 0) return template;
  const values = await readImportedOutputs(references, (project, stage) => readLocalOutputs(workspaceRoot, project, stage));
  const replace = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(replace);
    if (!v || typeof v !== 'object') return v;
    const entries = Object.entries(v);
    if (entries.length === 1 && entries[0][0] === 'Fn::ImportValue' && typeof entries[0][1] === 'string' && values.has(entries[0][1])) return values.get(entries[0][1]);
    return Object.fromEntries(entries.map(([k, x]) => [k, replace(x)]));
  };
  return replace(template) as T;
}
