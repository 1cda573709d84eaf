export interface ServeExecutorOptions {
  region?: string;
  stackFile?: string;
}
