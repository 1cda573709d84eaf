import type { ImagePackaging } from '../../lib/image-build-types';

export interface BuildImageExecutorSchema {
  stackFile?: string;
  resource: string;
  packaging?: ImagePackaging;
  function?: boolean;
  runtime?: string;
  handler?: string;
  architecture?: 'x86_64' | 'arm64';
  environment?: Record<string, string>;
  layers?: string[];
  artifactPath?: string;
  baseImage?: string;
  outputPath?: string;
  dockerHost?: string;
  dockerfilePath?: string;
  insecureRegistries?: string[];
  accountId?: string;
  stage?: string;
  region?: string;
  profile?: string;
  /** Take --stage/--region/--profile of the command line from the environment the plugin's preTasksExecution sets (the plugin sets this on Dockerfile builds). */
  stageFromCommandLine?: boolean;
  /** Forwarded from publish--<resource> (params: forward); ignored here. */
  repository?: string;
  auth?: 'ecr' | 'none';
}
