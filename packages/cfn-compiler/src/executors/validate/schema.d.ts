export interface ValidateExecutorOptions {
  /** stack.yml to check, relative to the workspace root. Default: `<projectRoot>/stack.yml`. */
  stackFile?: string;
  /** Stage to check for. Default: `local`. */
  stage?: string;
  /** AWS region the stack is meant for. */
  region?: string;
  /** Forwarded from deploy; not read (validation makes no AWS call). */
  profile?: string;
  /** Take --stage/--region/--profile of the command line from the environment the plugin's preTasksExecution sets (the plugin sets this). */
  stageFromCommandLine?: boolean;
  /** Options forwarded from publish/deploy/diff (e.g. push-image's repository); not read. */
  [forwarded: string]: unknown;
}
