export interface DeployExecutorSchema {
  /** Stage to target; 'local' needs no AWS and writes under .nxstack/local/. */
  stage?: string;
  /** AWS region (defaults to AWS_REGION / AWS config). Ignored for the local stage. */
  region?: string;
  /** AWS shared-config profile to use. */
  profile?: string;
  /** Path of stack.yml relative to the workspace root (default: <projectRoot>/stack.yml). */
  stackFile?: string;
  /** Break the stage lock left by a run that died, then take it. */
  forceUnlock?: boolean;
  /** Code-only changes straight to Lambda / ECS, without CloudFormation. */
  hotswap?: boolean;
  /** Deleting or replacing stateful resources asks first (fails without a terminal unless approve). */
  requireApproval?: boolean;
  approve?: boolean;
}
