export interface HostingDevExecutorSchema {
  resource: string;
  stage?: string;
  region?: string;
  profile?: string;
  stackFile?: string;
}
