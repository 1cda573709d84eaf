/**
 * Deployment scripts on the local stage. A deploy records every script of the new stack in
 * state.json (its Lambda's logical id, its trigger and its parameters resolved to local values)
 * and runs the `after:deploy` ones; a destroy runs the `before:delete` ones of that record, so
 * what runs is what was deployed, whatever stack.yml says now. A script runs from the deployed
 * template's Lambda: the published zip in the local artifact store, its handler, runtime,
 * timeout, memory and environment (intrinsics resolved locally, `$Secret` from the local
 * secrets file), through the local Lambda Runtime API emulation.
 */
import * as path from 'node:path';
import { LAMBDA_DEFAULTS, LOCAL_REGION, LOCAL_RUNTIME_CACHE_DIR, localArtifactsDir, logicalId, NxstackError, type Architecture, type LoadedStack } from '@nxstack/core';
import { outputKeyFor } from '@nxstack/connect-to';
import { appendInvocationLog, ensureLocalDataResources, formatReport, invokeLocal, localAwsEnvironment, localFunctionRegion, localSdkEnvironment, localSecretReader, type InvokeResult } from '@nxstack/local-runtime';
import { LocalArtifactStore } from './local-artifact-store';
import { localIntrinsics } from './local-outputs';
import type { LocalStackState } from './local-stack-deployer';
import { resolveScriptParameters, type ParameterLookup } from './script-parameters';

export type ScriptTrigger = 'after:deploy' | 'before:delete';

export interface LocalScriptRecord {
  readonly name: string;
  readonly trigger: ScriptTrigger;
  /** The script's AWS::Lambda::Function in the deployed template. */
  readonly functionLogicalId: string;
  /** `parameters` with local values: the invocation event. */
  readonly event: unknown;
}

export interface LocalScriptContext {
  readonly workspaceRoot: string;
  readonly projectName: string;
  readonly stage: string;
  readonly log: (line: string) => void;
}

/** `$ResourceParam` from the local outputs, `$CfResourceParam` from the local template: the values the local state holds. */
export function localParameterLookup(state: LocalStackState | undefined, projectName: string): ParameterLookup {
  const resolve = state ? localIntrinsics(state.template, state.resources, state.stackName) : undefined;
  return {
    resourceParam: (resource, param) => state?.outputs[outputKeyFor(resource, param)],
    cfResourceParam: (id, attribute) => (state?.template.Resources?.[id] && resolve ? String(resolve({ 'Fn::GetAtt': [id, attribute] })) : undefined),
    missingHint: state
      ? 'Only params that are stack outputs (and attributes of template resources) have local values; deploy the local stage with this stack.yml first.'
      : `The local stage is not deployed: run nx run ${projectName}:deploy first.`,
  };
}

/** Every deployment script of the stack as the state records it. */
export function localScriptRecords(stack: LoadedStack, state: LocalStackState, projectName: string): LocalScriptRecord[] {
  const lookup = localParameterLookup(state, projectName);
  return Object.entries(stack.config.resources)
    .filter(([, r]) => r.type === 'deployment-script')
    .map(([name, r]) => ({
      name,
      trigger: (r.properties as { trigger: ScriptTrigger }).trigger,
      functionLogicalId: logicalId(name, 'Function'),
      event: resolveScriptParameters(stack, name, lookup),
    }));
}

/**
 * Runs the recorded scripts of one trigger in stack.yml order and prints their logs and results.
 * Returns the failures (a thrown error, timeout or crash) as NxstackErrors; the caller decides
 * whether one fails the command (deploy) or is only reported (destroy).
 */
export async function runLocalScripts(ctx: LocalScriptContext, state: LocalStackState, trigger: ScriptTrigger, stopOnFailure: boolean): Promise<NxstackError[]> {
  const failures: NxstackError[] = [];
  for (const record of state.deploymentScripts ?? []) {
    if (record.trigger !== trigger) continue;
    ctx.log(`${trigger} script ${record.name}: running`);
    const result = await runRecordedScript(ctx, state, record);
    const report = formatReport(result);
    for (const part of [report.logs, report.result, report.summary]) for (const line of part.replace(/\n$/, '').split('\n')) ctx.log(`  ${line}`);
    if (result.outcome === 'success') {
      ctx.log(`${trigger} script ${record.name}: done`);
      continue;
    }
    failures.push(scriptFailure(record, result, ctx.projectName));
    if (stopOnFailure) break;
  }
  return failures;
}

async function runRecordedScript(ctx: LocalScriptContext, state: LocalStackState, record: LocalScriptRecord): Promise<InvokeResult> {
  const fn = state.template.Resources?.[record.functionLogicalId] as { Type?: string; Properties?: Record<string, any> } | undefined;
  if (fn?.Type !== 'AWS::Lambda::Function' || !fn.Properties?.Code?.S3Key) {
    throw new NxstackError('NXS_LOCAL_STATE_INVALID', `The local state records script '${record.name}' but its template has no Lambda ${record.functionLogicalId} with a zip.`, {
      hint: 'The state was written by another version of nxstack or edited by hand; deploy again.',
    });
  }
  const p = fn.Properties;
  const store = new LocalArtifactStore(path.join(ctx.workspaceRoot, localArtifactsDir(ctx.stage)));
  const environment = await localFunctionEnvironment(ctx.workspaceRoot, state, p.Environment?.Variables ?? {});
  // As for invoke: the stack's data resources in the local AWS server, the SDK of Lambda's Node runtimes.
  const endpoint = await ensureLocalDataResources({ workspaceRoot: ctx.workspaceRoot, stackName: state.stackName, log: ctx.log });
  const awsEnv = endpoint ? localAwsEnvironment(endpoint, environment, process.env) : {};
  const startedAt = Date.now();
  const result = await invokeLocal({
    zip: store.pathOf(String(p.Code.S3Key)),
    runtime: String(p.Runtime),
    handler: String(p.Handler),
    architecture: (p.Architectures?.[0] ?? 'x86_64') as Architecture,
    environment: { ...localSdkEnvironment(String(p.Runtime), ctx.workspaceRoot), ...awsEnv, ...environment },
    timeout: Number(p.Timeout ?? LAMBDA_DEFAULTS.timeout),
    memory: Number(p.MemorySize ?? LAMBDA_DEFAULTS.memory),
    functionName: record.name,
    region: awsEnv.AWS_ENDPOINT_URL ? LOCAL_REGION : await localFunctionRegion(undefined),
    event: record.event,
    cacheDir: path.join(ctx.workspaceRoot, LOCAL_RUNTIME_CACHE_DIR),
  });
  await appendInvocationLog({ workspaceRoot: ctx.workspaceRoot, stage: ctx.stage, projectName: ctx.projectName, resource: record.name }, result, startedAt);
  return result;
}

/** CloudFormation's dynamic references to secrets, as the compiler writes `$Secret` (secretReference). */
const SECRET_REFERENCE = /\{\{resolve:(secretsmanager|ssm-secure):([^}]+)\}\}/g;

/** The template's environment with local values; a `$Secret` comes from the local secrets file. */
async function localFunctionEnvironment(workspaceRoot: string, state: LocalStackState, variables: Record<string, unknown>): Promise<Record<string, string>> {
  const resolve = localIntrinsics(state.template, state.resources, state.stackName);
  const secret = localSecretReader(workspaceRoot);
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(variables)) {
    let text = String(resolve(value));
    for (const m of [...text.matchAll(SECRET_REFERENCE)]) text = text.replace(m[0], await secret(m[1] === 'ssm-secure' ? `ssm:${m[2]}` : m[2]));
    env[name] = text;
  }
  return env;
}

function scriptFailure(record: LocalScriptRecord, result: InvokeResult, projectName: string): NxstackError {
  let error: { errorType?: string; errorMessage?: string; trace?: string[]; stackTrace?: string[] } = {};
  try {
    error = JSON.parse(result.payload) as typeof error;
  } catch {
    error = { errorMessage: result.payload };
  }
  const trace = error.trace ?? error.stackTrace ?? [];
  const head = `${error.errorType ?? result.errorType ?? result.outcome}: ${error.errorMessage ?? '(no message)'}`;
  return new NxstackError('NXS_DEPLOYMENT_SCRIPT_FAILED', `${record.trigger} script '${record.name}' failed (${result.outcome}): ${[head, ...trace.map((l) => l.trim()).filter((l) => l !== head)].join('\n    ')}`, {
    hint: `Its logs are above and in nx run ${projectName}:logs--${record.name}; fix the script (or its parameters) and deploy again.`,
  });
}
