/**
 * Options of `@nxstack/plugin` as written in nx.json:
 * `plugins: ['@nxstack/plugin']` or `plugins: [{ plugin: '@nxstack/plugin', options: { ... } }]`.
 */
export interface NxstackPluginOptions {
  /** Prefix for every inferred target name (`'stack:'` gives `stack:deploy`, `stack:package--fn`). Default ''. */
  readonly targetPrefix?: string;
  /** Stage the publish/deploy/diff/destroy targets use when `--stage` is not passed. */
  readonly stage?: string;
  /** Region the AWS-facing targets use when `--region` is not passed. */
  readonly defaultRegion?: string;
}

export interface NormalizedPluginOptions {
  readonly targetPrefix: string;
  /** undefined: the executors' own default (`local`) applies. */
  readonly stage?: string;
  readonly region?: string;
}

/**
 * Stage precedence: `--stage` on the command line (Nx overrides, forwarded to publish tasks) >
 * plugin option `stage` > env `NXSTACK_STAGE` > the executors' default `local`.
 * NXSTACK_STAGE is read when Nx computes the project graph (every run without the daemon;
 * with the daemon, when the daemon computes it), so it is meant for CI jobs that set it once.
 */
export function normalizePluginOptions(
  options: NxstackPluginOptions | undefined,
  env: Readonly<Record<string, string | undefined>>,
): NormalizedPluginOptions {
  const stage = nonEmpty(options?.stage) ?? nonEmpty(env['NXSTACK_STAGE']);
  return {
    targetPrefix: options?.targetPrefix ?? '',
    ...(stage ? { stage } : {}),
    ...(nonEmpty(options?.defaultRegion) ? { region: options?.defaultRegion } : {}),
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== '' ? value.trim() : undefined;
}
