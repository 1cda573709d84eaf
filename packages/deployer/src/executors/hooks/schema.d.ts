export interface HooksExecutorSchema {
  hook: 'beforeDeploy';
  stage?: string;
  region?: string;
  profile?: string;
  stackFile?: string;
}
