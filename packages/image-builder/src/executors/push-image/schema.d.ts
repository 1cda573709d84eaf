export interface PushImageExecutorSchema {
  stackFile?: string;
  resource: string;
  outputPath?: string;
  repository?: string;
  auth?: 'ecr' | 'none';
  insecureRegistries?: string[];
  stage?: string;
  region?: string;
  profile?: string;
}
