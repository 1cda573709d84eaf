export interface CiGeneratorSchema {
  provider: 'github';
  /** Stage the workflow deploys to (default prod). */
  stage?: string;
  /** Branch whose pushes deploy (default main). */
  branch?: string;
  /** AWS region; default: the repository variable AWS_REGION. */
  region?: string;
  /** Node.js version (default 20). */
  nodeVersion?: string;
}
