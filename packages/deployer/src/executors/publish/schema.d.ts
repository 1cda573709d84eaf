export interface PublishExecutorSchema {
  /** Resource name from stack.yml whose package--<resource> output is published. */
  resource: string;
  /** Stage to target; 'local' needs no AWS and writes under .nxstack/local/. */
  stage?: string;
  /** AWS region (defaults to AWS_REGION / AWS config). Ignored for the local stage. */
  region?: string;
  /** AWS shared-config profile to use. */
  profile?: string;
  /** Path of stack.yml relative to the workspace root (default: <projectRoot>/stack.yml). */
  stackFile?: string;
}
