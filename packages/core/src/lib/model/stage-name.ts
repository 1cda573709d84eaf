import { NxstackError } from '../errors';

/**
 * Stage names: lowercase letters, digits and hyphens, starting with a letter or digit, at most
 * 30 characters. Lowercase because the stage ends up in S3 bucket names and other
 * lowercase-only AWS names; 30 leaves room for the project name inside CloudFormation's
 * 128-character stack name.
 */
export const STAGE_NAME_PATTERN = /^[a-z0-9][a-z0-9-]{0,29}$/;
/** CloudFormation stack names. */
export const STACK_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9-]*$/;
export const STACK_NAME_MAX_LENGTH = 128;

/** The CloudFormation stack name of a project's stage: `<project>-<stage>`. */
export function stackName(project: string, stage: string): string {
  return `${project}-${stage}`;
}

/**
 * Throws NXS_INVALID_STAGE unless `stage` is a valid stage name and, when `project` is given,
 * `<project>-<stage>` is a valid CloudFormation stack name.
 */
export function validateStageName(stage: string, project?: string): void {
  if (!STAGE_NAME_PATTERN.test(stage)) {
    throw new NxstackError('NXS_INVALID_STAGE', `invalid stage name '${stage}'`, {
      hint: 'Stage names use lowercase letters, digits and hyphens, start with a letter or digit and are at most 30 characters (e.g. dev, staging, pr-123).',
    });
  }
  if (project === undefined) return;
  const name = stackName(project, stage);
  if (!STACK_NAME_PATTERN.test(name) || name.length > STACK_NAME_MAX_LENGTH) {
    throw new NxstackError('NXS_INVALID_STAGE', `stack name '${name}' (project '${project}', stage '${stage}') is not a valid CloudFormation stack name`, {
      hint: `CloudFormation stack names start with a letter, use only letters, digits and hyphens and are at most ${STACK_NAME_MAX_LENGTH} characters; rename the project or pick a shorter stage.`,
    });
  }
}
