export interface InvokeExecutorOptions {
  resource: string;
  event?: string;
  stage?: string;
  region?: string;
  profile?: string;
  stackFile?: string;
}
