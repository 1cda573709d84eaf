export interface LogsExecutorOptions {
  resource: string;
  stage?: string;
  since?: string;
  follow?: boolean;
  region?: string;
  profile?: string;
}
