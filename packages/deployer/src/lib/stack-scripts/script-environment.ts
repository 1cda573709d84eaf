/**
 * The environment a top-level script runs with: the host's, plus its `environment` list and the
 * STP_* variables of its connectTo, resolved for the stage: local values (the local stage's
 * outputs, `$Secret` from .nxstack/secrets.json, the local AWS server's endpoint) or the AWS
 * stage's stack outputs and secrets. A value that cannot be resolved is an error, never a placeholder.
 */
import { awsClientConfig, isLocalStage, NxstackError, stackName, usesStageValues, type LoadedStack, type ScriptConfig } from '@nxstack/core';
import { readCloudFormationOutputs, readLocalOutputs, resolveEnvironmentOf, secretReader } from '@nxstack/connect-to';
import { ensureLocalDatabases, localAwsEnvironment, localFunctionRegion, localSecretReader, runningLocalAwsServer } from '@nxstack/local-runtime';

export interface ScriptEnvironmentOptions {
  readonly workspaceRoot: string;
  readonly projectName: string;
  readonly stack: LoadedStack;
  readonly name: string;
  readonly script: ScriptConfig;
  readonly stage: string;
  readonly region?: string;
  readonly profile?: string;
  readonly hostEnv: Readonly<Record<string, string | undefined>>;
}

export async function scriptEnvironment(o: ScriptEnvironmentOptions): Promise<Record<string, string>> {
  const local = isLocalStage(o.stage);
  const needsStage = usesStageValues(o.script);
  const config = local || !needsStage ? undefined : await awsClientConfig({ region: o.region, profile: o.profile });
  const outputs = !needsStage ? {} : local ? await readLocalOutputs(o.workspaceRoot, o.projectName, o.stage) : await readCloudFormationOutputs(config!, o.projectName, o.stage);
  const resolved = await resolveEnvironmentOf(
    { name: o.name, type: o.script.type, properties: o.script.properties },
    { stack: o.stack, outputs, revealSecret: local ? localSecretReader(o.workspaceRoot) : config ? secretReader(config) : undefined },
  );
  if (resolved.warnings.length) {
    throw new NxstackError('NXS_LOCAL_ENV_UNRESOLVED', `The environment of script '${o.name}' cannot be resolved on stage ${o.stage}: ${resolved.warnings.join(' ')}`, {
      location: o.stack.locate(['scripts', o.name, 'properties']),
      hint: `Deploy the stage first (nx run ${o.projectName}:deploy --stage ${o.stage}); only stack outputs have values a script can read.`,
    });
  }
  // Its connectTo databases run (started again after a reboot), as before a local function runs.
  if (local && needsStage) await ensureLocalDatabases({ workspaceRoot: o.workspaceRoot, stackName: stackName(o.projectName, o.stage), env: o.hostEnv as NodeJS.ProcessEnv, log: (line) => process.stderr.write(`${line}\n`) });
  const server = local && needsStage ? await runningLocalAwsServer(o.workspaceRoot) : undefined;
  // A local-stage script talks to the local AWS server its connectTo resources live in (as local functions do).
  const endpoint = server ? localAwsEnvironment(server.endpoint, resolved.variables, o.hostEnv as NodeJS.ProcessEnv) : {};
  const sdk = Object.keys(endpoint).length ? { ...endpoint, AWS_REGION: await localFunctionRegion(o.region, o.hostEnv as NodeJS.ProcessEnv) } : {};
  return { ...definedOnly(o.hostEnv), ...sdk, ...resolved.variables };
}

function definedOnly(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}
