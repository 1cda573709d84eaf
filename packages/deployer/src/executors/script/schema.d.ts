export interface ScriptExecutorSchema {
  script: string;
  stage?: string;
  region?: string;
  profile?: string;
  stackFile?: string;
}
