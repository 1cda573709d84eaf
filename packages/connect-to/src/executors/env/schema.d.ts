export interface EnvExecutorOptions {
  resource: string;
  stage?: string;
  region?: string;
  profile?: string;
  stackFile?: string;
  format?: 'dotenv' | 'json';
  output?: string;
  revealSecrets?: boolean;
}
