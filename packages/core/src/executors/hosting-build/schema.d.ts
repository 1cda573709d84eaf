export interface HostingBuildExecutorSchema {
  stackFile: string;
  resource: string;
}
