/**
 * Value checks that live in the schema, so zod reports them in the same pass as every schema
 * error (one round of fixes, not two). A check reports an NXS code and hint with its issue;
 * zod-issues.ts turns it into that NxstackError. It runs even when its object has other
 * problems, so it must look at the value defensively.
 */
import { z } from 'zod';
import type { NxstackErrorCode } from '../errors';

export interface ValueProblem {
  readonly code: NxstackErrorCode;
  readonly message: string;
  readonly hint: string;
  /** Relative to the checked value. */
  readonly path?: readonly (string | number)[];
}

export function valueCheck<T>(find: (value: T) => ValueProblem[]) {
  return z.superRefine<T>(
    (value, ctx) => {
      for (const p of find(value)) ctx.addIssue({ code: 'custom', message: p.message, path: [...(p.path ?? [])], params: { nxsCode: p.code, hint: p.hint } });
    },
    { when: () => true },
  );
}

/** The NXS code and hint a valueCheck put on its zod issue. */
export function valueProblemOf(issue: z.core.$ZodIssue): { code: NxstackErrorCode; hint: string } | undefined {
  const params = (issue as { params?: { nxsCode?: NxstackErrorCode; hint?: string } }).params;
  return issue.code === 'custom' && params?.nxsCode ? { code: params.nxsCode, hint: params.hint ?? '' } : undefined;
}
