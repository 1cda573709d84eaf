/** Options of @nxstack/packager-go:package (schema.json). Explicit options win over stackFile. */
export interface GoPackageExecutorSchema {
  resourceName?: string;
  entryfilePath?: string;
  handlerFunction?: string;
  runtime?: string;
  architecture?: 'x86_64' | 'arm64';
  includeFiles?: string[];
  excludeFiles?: string[];
  languageSpecificConfig?: Record<string, unknown>;
  outputPath?: string;
  /** stack.yml, relative to the workspace root. */
  stackFile?: string;
  /** Resource name in stackFile. */
  resource?: string;
  /** Hash of the resource's stack.yml slice: only part of the task hash, ignored here. */
  configHash?: string;
}
