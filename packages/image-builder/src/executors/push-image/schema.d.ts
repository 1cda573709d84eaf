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
  /** deploy's flags, forwarded by Nx (`params: 'forward'`); not used by this executor. */
  forceUnlock?: boolean;
  hotswap?: boolean;
  requireApproval?: boolean;
  approve?: boolean;
}
