/**
 * The local stage has no CloudFormation exports: each `Fn::ImportValue` the compiler emitted for
 * a `$CfStackOutput` is replaced by the provider's output as its local deploy recorded it
 * (`.nxstack/<stage>/<project>/state.json`), before the template is hashed, so the consumer is
 * deployed again when the provider's value changes.
 */
import { readLocalOutputs } from '@nxstack/connect-to';
import { NxstackError, type ResolvedStackReference } from '@nxstack/core';

export async function resolveLocalImports<T>(template: T, references: readonly ResolvedStackReference[], workspaceRoot: string): Promise<T> {
  if (references.length === 0) return template;
  const values = new Map<string, string>();
  for (const ref of references) {
    if (values.has(ref.exportName)) continue;
    const outputs = await readLocalOutputs(workspaceRoot, ref.project, ref.stage).catch((e: unknown) => {
      if ((e as { code?: string }).code !== 'NXS_STAGE_NOT_DEPLOYED') throw e;
      throw new NxstackError('NXS_CF_STACK_OUTPUT_NOT_DEPLOYED', `${ref.text}: stack ${ref.stackName} is not deployed to stage '${ref.stage}'`, {
        location: ref.location,
        hint: `Deploy the provider first: nx run ${ref.project}:deploy --stage ${ref.stage} (nx run-many -t deploy orders it before this project).`,
      });
    });
    const value = outputs[ref.outputName];
    if (value === undefined) {
      throw new NxstackError('NXS_CF_STACK_OUTPUT_NOT_DEPLOYED', `${ref.text}: the deployed stack ${ref.stackName} has no output '${ref.outputName}'`, {
        location: ref.location,
        hint: `Deploy ${ref.project} again (nx run ${ref.project}:deploy --stage ${ref.stage}) so its state holds the output its stack.yml declares.`,
      });
    }
    values.set(ref.exportName, value);
  }
  const replace = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(replace);
    if (!v || typeof v !== 'object') return v;
    const entries = Object.entries(v);
    if (entries.length === 1 && entries[0][0] === 'Fn::ImportValue' && typeof entries[0][1] === 'string' && values.has(entries[0][1])) return values.get(entries[0][1]);
    return Object.fromEntries(entries.map(([k, x]) => [k, replace(x)]));
  };
  return replace(template) as T;
}
