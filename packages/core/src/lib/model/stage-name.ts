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
/** The stage every command targets when none is given: on disk, no AWS. */
export const DEFAULT_STAGE = 'local';

/**
 * The CloudFormation stack name of a project's stage: `<project>-<stage>`. Throws
 * NXS_STACK_NAME_INVALID when CloudFormation would reject it (checked before any AWS call).
 */
export function stackName(project: string, stage: string): string {
  const name = `${project}-${stage}`;
  if (!STACK_NAME_PATTERN.test(name) || name.length > STACK_NAME_MAX_LENGTH) {
    throw new NxstackError('NXS_STACK_NAME_INVALID', `stack name '${name}' (project '${project}', stage '${stage}') is not a valid CloudFormation stack name`, {
      hint: `CloudFormation stack names start with a letter, use only letters, digits and hyphens and are at most ${STACK_NAME_MAX_LENGTH} characters; rename the project or pick a shorter stage.`,
    });
  }
  return name;
}

/**
 * Returns `stage` when it is a valid stage name and, when `project` is given, `<project>-<stage>`
 * is a valid CloudFormation stack name (NXS_STACK_NAME_INVALID); NXS_STAGE_INVALID otherwise.
 */
export function validateStageName(stage: string, project?: string): string {
  if (!STAGE_NAME_PATTERN.test(stage)) {
    throw new NxstackError('NXS_STAGE_INVALID', `invalid stage name '${stage}'`, {
      hint: 'Stage names use lowercase letters, digits and hyphens, start with a letter or digit and are at most 30 characters (e.g. dev, staging, pr-123).',
    });
  }
  if (project !== undefined) stackName(project, stage);
  return stage;
}

/**
 * The stage a command targets: `--stage` (or the plugin option `stage`, which Nx hands over as
 * the same option) > env NXSTACK_STAGE > `local`. Validated, so a bad name fails before any work.
 */
export function resolveStage(explicit?: string, env: Readonly<Record<string, string | undefined>> = process.env): string {
  const stage = nonEmpty(explicit) ?? nonEmpty(env['NXSTACK_STAGE']) ?? DEFAULT_STAGE;
  return validateStageName(stage);
}

/** Whether a stage stays on this machine (`.nxstack/local/`) instead of AWS. */
export const isLocalStage = (stage: string): boolean => stage === DEFAULT_STAGE;

function nonEmpty(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== '' ? value.trim() : undefined;
}
