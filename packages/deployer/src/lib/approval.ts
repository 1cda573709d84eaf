/**
 * `deploy --require-approval`: a change set that deletes or replaces stateful data — a bucket,
 * table, database or user pool — is executed only when approved: `--approve`, or a yes on the
 * terminal. With no terminal (CI) and no `--approve` it is refused before anything runs.
 */
import type { ChangeSummary } from '@nxstack/core';
import { NxstackError } from '@nxstack/core';

export const STATEFUL_TYPES: ReadonlySet<string> = new Set([
  'AWS::S3::Bucket',
  'AWS::DynamoDB::Table',
  'AWS::DynamoDB::GlobalTable',
  'AWS::RDS::DBInstance',
  'AWS::RDS::DBCluster',
  'AWS::Cognito::UserPool',
]);

/** Changes that delete or (possibly) replace a stateful resource. */
export function destructiveChanges(changes: readonly ChangeSummary[]): ChangeSummary[] {
  return changes.filter((c) => STATEFUL_TYPES.has(c.resourceType) && (c.action === 'Remove' || (c.action === 'Modify' && (c.replacement === 'True' || c.replacement === 'Conditional'))));
}

/**
 * Replacing a user pool loses every user and password in it (Cognito exports neither), and a
 * property change such as its sign-in names replaces it: on an AWS stage that always needs
 * approval, with or without --require-approval.
 */
export function userPoolReplacements(changes: readonly ChangeSummary[]): ChangeSummary[] {
  return changes.filter((c) => c.resourceType === 'AWS::Cognito::UserPool' && c.action === 'Modify' && (c.replacement === 'True' || c.replacement === 'Conditional'));
}

export interface ApprovalOptions {
  readonly stackName: string;
  readonly projectName: string;
  readonly stage: string;
  readonly approve?: boolean;
  /** Asks on the terminal; undefined when there is none (CI, piped output). */
  readonly confirm?: (question: string) => Promise<boolean>;
  readonly log: (line: string) => void;
}

/** Resolves when the change may run; throws NXS_APPROVAL_REQUIRED otherwise. */
export async function requireApproval(changes: readonly ChangeSummary[], opts: ApprovalOptions): Promise<void> {
  const risky = destructiveChanges(changes);
  if (!risky.length) return;
  const what = risky.map((c) => `${c.action === 'Remove' ? 'delete' : `replace${c.replacement === 'Conditional' ? ' (maybe)' : ''}`} ${c.logicalId} (${c.resourceType})`);
  for (const line of what) opts.log(`needs approval: ${line}`);
  if (opts.approve) {
    opts.log('approved by --approve');
    return;
  }
  if (opts.confirm && (await opts.confirm(`Deploying stack ${opts.stackName} will ${what.join(', ')}. Continue? [y/N] `))) return;
  throw new NxstackError('NXS_APPROVAL_REQUIRED', `Deploying stack ${opts.stackName} would ${what.join(', ')}; not approved${opts.confirm ? '' : ' (no terminal to ask on)'}.`, {
    hint: `Check the change above; to go ahead without a terminal: nx run ${opts.projectName}:deploy --stage ${opts.stage} --require-approval --approve`,
  });
}
