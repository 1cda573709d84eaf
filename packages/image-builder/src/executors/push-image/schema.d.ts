export interface PushImageExecutorSchema {
  stackFile?: string;
  resource: string;
  outputPath?: string;
  repository?: string;
  auth?: 'ecr' | 'none';
  insecureRegistries?: string[];
  configHash?: string;
  stage?: string;
  region?: string;
  profile?: string;
}
