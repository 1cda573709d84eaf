export interface RunScriptExecutorSchema {
  script: string;
  stage?: string;
  region?: string;
  profile?: string;
  stackFile?: string;
}
