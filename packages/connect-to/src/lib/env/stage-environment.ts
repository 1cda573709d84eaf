import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { awsClientConfig, isLocalStage, loadStack, resolveStackReferences, stackValuesFor } from '@nxstack/core';
import { readImportedOutputs } from './imported-outputs';
import { formatDotenv, formatJson } from './format-environment';
import { resolveWorkloadEnvironment, type ResolvedEnvironment } from './resolve-environment';
import { secretReader } from './secrets';
import { readCloudFormationOutputs, readLocalOutputs } from './stack-outputs';

export interface StageEnvironmentOptions {
  readonly workspaceRoot: string;
  readonly projectName: string;
  /** stack.yml relative to the workspace root. */
  readonly stackFile: string;
  readonly resource: string;
  readonly stage: string;
  readonly region?: string;
  readonly profile?: string;
  readonly format: 'dotenv' | 'json';
  /** File to write (relative to the workspace root); absent = returned for printing. */
  readonly output?: string;
  /** Fetch `$Secret` values (Secrets Manager / SSM); otherwise `<secret:name>` placeholders. */
  readonly revealSecrets: boolean;
  /** The command's options, read by stack.yml's `$CliArgs('name')`. */
  readonly cliArgs?: Readonly<Record<string, unknown>>;
  /** Every workspace project with a stack.yml (core's workspaceStackFiles): `$CfStackOutput` providers. */
  readonly stackFiles?: ReadonlyMap<string, string>;
}

export interface StageEnvironmentResult extends ResolvedEnvironment {
  /** The formatted text (dotenv or JSON). */
  readonly text: string;
  /** Absolute path written, when `output` was given. */
  readonly outputFile?: string;
}

/** Resolves a compute resource's environment on a deployed stage and formats it. */
export async function stageEnvironment(opts: StageEnvironmentOptions): Promise<StageEnvironmentResult> {
  const stackValues = await stackValuesFor({ ...opts.cliArgs, stage: opts.stage, region: opts.region, profile: opts.profile });
  const stack = await loadStack(opts.stackFile, { workspaceRoot: opts.workspaceRoot, checkPaths: false, values: stackValues });
  const local = isLocalStage(opts.stage);
  const config = local && !opts.revealSecrets ? undefined : await awsClientConfig({ region: opts.region, profile: opts.profile });
  const outputs = local
    ? await readLocalOutputs(opts.workspaceRoot, opts.projectName, opts.stage)
    : await readCloudFormationOutputs(config!, opts.projectName, opts.stage);
  // Imported outputs come from the providers' stacks on the same kind of stage.
  const references = await resolveStackReferences({ stack, projectName: opts.projectName, stage: opts.stage, workspaceRoot: opts.workspaceRoot, stackFiles: opts.stackFiles ?? new Map() });
  const values = await readImportedOutputs(references.references, (project, stage) =>
    local ? readLocalOutputs(opts.workspaceRoot, project, stage) : awsClientConfig({ region: opts.region, profile: opts.profile }).then((c) => readCloudFormationOutputs(c, project, stage)),
  );
  const resolved = await resolveWorkloadEnvironment({
    stack,
    resource: opts.resource,
    outputs,
    revealSecret: opts.revealSecrets ? secretReader(config!) : undefined,
    imports: { references, values },
  });
  const text = opts.format === 'json' ? formatJson(resolved.variables) : formatDotenv(resolved.variables);
  if (!opts.output) return { ...resolved, text };
  const outputFile = resolve(opts.workspaceRoot, opts.output);
  // 0600: the file may hold revealed secrets.
  await writeFile(outputFile, text, { mode: 0o600 });
  return { ...resolved, text, outputFile };
}
