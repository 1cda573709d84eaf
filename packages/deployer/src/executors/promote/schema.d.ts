export interface PromoteExecutorSchema {
  /** Stage whose deployed artifacts are promoted. */
  from: string;
  /** Stage to deploy them to. */
  to: string;
  /** AWS region of the target stage. */
  region?: string;
  /** AWS region of the source stage (default: the target's region). */
  fromRegion?: string;
  profile?: string;
  stackFile?: string;
  /** Break the target stage's lock left by a run that died, then take it. */
  forceUnlock?: boolean;
  /** registry/repository to copy the images into (default: the publish target's repository option, else the stage's ECR repository). */
  repository?: string;
}
