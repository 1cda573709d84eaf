/** Build args: the user's list plus the ones nxstack defines, which the user cannot override. */
import { NxstackError, type SourceLocation } from '@nxstack/core';

/**
 * Sparta's names for the same values, passed too so a Sparta Dockerfile builds unchanged
 * (SPARTA_DOCKER_BINARY is Sparta's older name of the binary argument).
 */
export const SPARTA_ALIASES = {
  SPARTA_BUILD_ID: 'NXSTACK_BUILD_ID',
  SPARTA_ECR_LABEL_NAME: 'NXSTACK_ECR_LABEL_NAME',
  SPARTA_BINARY: 'NXSTACK_ARTIFACT',
  SPARTA_DOCKER_BINARY: 'NXSTACK_ARTIFACT',
} as const;

export const RESERVED_BUILD_ARGS = ['AWS_ACCOUNT_ID', 'AWS_REGION', 'NXSTACK_BUILD_ID', 'NXSTACK_ECR_LABEL_NAME', 'NXSTACK_STAGE', 'NXSTACK_ARTIFACT', ...Object.keys(SPARTA_ALIASES)] as const;

/** Our build args plus their Sparta aliases (an alias is set only when its original is). */
export function withSpartaAliases(args: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = { ...args };
  for (const [alias, name] of Object.entries(SPARTA_ALIASES)) if (args[name] !== undefined) out[alias] = args[name]!;
  return out;
}

/** Label a Dockerfile may set (name passed in NXSTACK_ECR_LABEL_NAME) to choose repository:tag to push to. */
export const ECR_LABEL_NAME = 'nxstack.push-to';

export interface BuildArg {
  readonly argName: string;
  readonly value: string;
}

export function validateBuildArgs(args: readonly BuildArg[] | undefined, locate: (i: number) => SourceLocation | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  (args ?? []).forEach((a, i) => {
    const name = a?.argName;
    if (typeof name !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      throw new NxstackError('NXS_BUILD_ARG_INVALID', `Build arg ${JSON.stringify(name)} is not a valid name.`, {
        location: locate(i),
        hint: 'argName must be letters, digits and underscores, not starting with a digit; value must be a string.',
      });
    }
    if (typeof a.value !== 'string' && typeof a.value !== 'number' && typeof a.value !== 'boolean') {
      throw new NxstackError('NXS_BUILD_ARG_INVALID', `Build arg ${name} has no string value.`, { location: locate(i), hint: 'Give every build arg a value: { argName, value }.' });
    }
    if ((RESERVED_BUILD_ARGS as readonly string[]).includes(name)) {
      throw new NxstackError('NXS_BUILD_ARG_RESERVED', `Build arg ${name} is defined by nxstack and cannot be set.`, {
        location: locate(i),
        hint: `Remove it from buildArgs; ${RESERVED_BUILD_ARGS.join(', ')} are always passed to the build.`,
      });
    }
    if (name in out) throw new NxstackError('NXS_BUILD_ARG_DUPLICATE', `Build arg ${name} is set twice.`, { location: locate(i), hint: 'Keep one entry per argName.' });
    out[name] = String(a.value);
  });
  return out;
}
