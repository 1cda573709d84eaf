/** Build args: the user's list plus the ones nxstack defines, which the user cannot override. */
import { NxstackError, type SourceLocation } from '@nxstack/core';

export const RESERVED_BUILD_ARGS = ['AWS_ACCOUNT_ID', 'AWS_REGION', 'NXSTACK_BUILD_ID', 'NXSTACK_ECR_LABEL_NAME', 'NXSTACK_STAGE'] as const;

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
