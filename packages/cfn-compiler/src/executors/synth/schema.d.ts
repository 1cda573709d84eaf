export interface SynthExecutorOptions {
  /** stack.yml to compile, relative to the workspace root. Default: `<projectRoot>/stack.yml`. */
  stackFile?: string;
  /** Stage to compile for. Default: `local`. */
  stage?: string;
  /** AWS region the stack is meant for. */
  region?: string;
  /** Template file to write, relative to the workspace root. Default: `dist/stack/<projectRoot>/template-<stage>.json`. */
  outputPath?: string;
}
