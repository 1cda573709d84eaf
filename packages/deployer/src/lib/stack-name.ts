import { NxstackError } from '@nxstack/core';

/** CloudFormation stack names: a letter first, then letters, digits, hyphens; at most 128. */
const STACK_NAME = /^[A-Za-z][A-Za-z0-9-]{0,127}$/;

/** `<projectName>-<stage>`, validated before anything reaches AWS. */
export function stackNameFor(projectName: string, stage: string): string {
  const name = `${projectName}-${stage}`;
  if (!STACK_NAME.test(name)) {
    throw new NxstackError('NXS_STACK_NAME_INVALID', `Stack name "${name}" (project "${projectName}", stage "${stage}") is not a valid CloudFormation stack name.`, {
      hint: 'Project and stage names may use letters, digits and hyphens, must start with a letter, and together stay within 128 characters.',
    });
  }
  return name;
}

/** Stage names end up in bucket and stack names: keep them to lowercase letters, digits, hyphens. */
export function validateStage(stage: string): string {
  if (!/^[a-z][a-z0-9-]{0,39}$/.test(stage)) {
    throw new NxstackError('NXS_STAGE_INVALID', `Stage "${stage}" is not a valid stage name.`, {
      hint: 'Use lowercase letters, digits and hyphens, starting with a letter (at most 40 characters), e.g. dev, prod, pr-42.',
    });
  }
  return stage;
}
