export interface StackGeneratorSchema {
  /** Existing Nx project that gets the stack.yml. */
  project: string;
  /** Language of the generated handler (default ts). */
  language?: 'ts' | 'python' | 'go' | 'java';
  /** Name of the function resource (default hello). */
  resource?: string;
}
