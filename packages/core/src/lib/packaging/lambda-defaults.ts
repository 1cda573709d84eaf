/** Stacktape's defaults for a Lambda (`function`, `deployment-script`): 1024 MB, 10 s. */
export const LAMBDA_DEFAULTS = { memory: 1024, timeout: 10 } as const;
