/**
 * Values of the outputs a stack imports (`$CfStackOutput`), read from the providers' deployed
 * stacks: the local stage's state files or CloudFormation. Used where no CloudFormation resolves
 * Fn::ImportValue: the local stage's deploy, local invoke and the env--<resource> targets.
 */
import { NxstackError, type ResolvedStackReference } from '@nxstack/core';

/** The deployed outputs of a project's stack on a stage (readLocalOutputs / readCloudFormationOutputs). */
export type StackOutputsReader = (project: string, stage: string) => Promise<Record<string, string>>;

/** Export name → value for each reference; a provider not deployed (or without the output) fails at the directive. */
export async function readImportedOutputs(references: readonly ResolvedStackReference[], read: StackOutputsReader): Promise<Map<string, string>> {
  const values = new Map<string, string>();
  for (const ref of references) {
    if (values.has(ref.exportName)) continue;
    const outputs = await read(ref.project, ref.stage).catch((e: unknown) => {
      if ((e as { code?: string }).code !== 'NXS_STAGE_NOT_DEPLOYED') throw e;
      throw new NxstackError('NXS_CF_STACK_OUTPUT_NOT_DEPLOYED', `${ref.text}: stack ${ref.stackName} is not deployed to stage '${ref.stage}'`, {
        location: ref.location,
        hint: `Deploy the provider first: nx run ${ref.project}:deploy --stage ${ref.stage} (nx run-many -t deploy orders it before this project).`,
        cause: e,
      });
    });
    const value = outputs[ref.outputName];
    if (value === undefined) {
      throw new NxstackError('NXS_CF_STACK_OUTPUT_NOT_DEPLOYED', `${ref.text}: the deployed stack ${ref.stackName} has no output '${ref.outputName}'`, {
        location: ref.location,
        hint: `Deploy ${ref.project} again (nx run ${ref.project}:deploy --stage ${ref.stage}) so its stack holds the output its stack.yml declares.`,
      });
    }
    values.set(ref.exportName, value);
  }
  return values;
}
