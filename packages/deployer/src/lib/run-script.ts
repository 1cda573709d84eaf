/**
 * `run-script--<name>`: runs a deployment script on demand. Locally the packaged script
 * (dist/stack/…, what `invoke` runs) with its parameters resolved from the local state; on an AWS
 * stage the deployed function, invoked through Lambda with its parameters resolved from the
 * stack's outputs.
 */
import * as path from 'node:path';
import { withScriptGateway } from './local-script-gateway';
import { stageValues } from './stage-values';
import { isLocalStage, loadStack, localStackDir, NxstackError, type LoadedStack } from '@nxstack/core';
import { outputKeyFor, readCloudFormationOutputs } from '@nxstack/connect-to';
import { formatDeployedReport, formatReport, invokeDeployed, invokeResource, stageClientConfig } from '@nxstack/local-runtime';
import { localParameterLookup } from './local-deployment-scripts';
import { LocalStackDeployer } from './local-stack-deployer';
import type { StackCommandOptions } from './plan-stack';
import { resolveScriptParameters, type ParameterLookup } from './script-parameters';

export interface RunScriptOptions extends StackCommandOptions {
  readonly script: string;
}

export interface RunScriptResult {
  readonly success: boolean;
  /** Logs, result and summary, as printed. */
  readonly report: { readonly logs: string; readonly result: string; readonly summary: string };
}

export async function runScript(o: RunScriptOptions): Promise<RunScriptResult> {
  const stack = await loadStack(o.stackFile, { workspaceRoot: o.workspaceRoot, checkPaths: false, values: await stageValues(o) });
  assertScript(stack, o.script);
  const stackFile = path.relative(o.workspaceRoot, o.stackFile);
  if (isLocalStage(o.stage)) {
    const state = await new LocalStackDeployer(path.join(o.workspaceRoot, localStackDir(o.stage, o.projectName))).readState();
    const event = resolveScriptParameters(stack, o.script, localParameterLookup(state, o.projectName));
    // As during a local deploy, the stack's HTTP APIs answer at the URLs the parameters name.
    const gateway = { workspaceRoot: o.workspaceRoot, projectName: o.projectName, stage: o.stage, stack, log: o.log };
    const result = await withScriptGateway(gateway, () => invokeResource({ workspaceRoot: o.workspaceRoot, projectName: o.projectName, stackFile, resource: o.script, event, stage: o.stage, region: o.region }));
    return { success: result.outcome === 'success', report: formatReport(result) };
  }
  const config = await stageClientConfig(o);
  const outputs = await readCloudFormationOutputs(config, o.projectName, o.stage);
  const event = resolveScriptParameters(stack, o.script, awsParameterLookup(outputs, o));
  const result = await invokeDeployed({ projectName: o.projectName, stage: o.stage, region: config.region, profile: o.profile, resource: o.script, event });
  return { success: result.outcome === 'success', report: formatDeployedReport(result) };
}

function assertScript(stack: LoadedStack, name: string): void {
  const scripts = Object.entries(stack.config.resources).filter(([, r]) => r.type === 'deployment-script').map(([n]) => n);
  if (scripts.includes(name)) return;
  const resource = stack.config.resources[name];
  throw new NxstackError('NXS_RUN_SCRIPT_NOT_A_SCRIPT', resource ? `'${name}' is a ${resource.type}, not a deployment-script.` : `'${name}' is not a resource of ${stack.file}.`, {
    location: stack.locate(resource ? ['resources', name, 'type'] : ['resources']),
    hint: `Deployment scripts of this stack: ${scripts.join(', ') || '(none)'}. A function is run with the invoke target.`,
  });
}

/** On AWS the stack's Outputs are the readable values; `$CfResourceParam` has none outside CloudFormation. */
function awsParameterLookup(outputs: Readonly<Record<string, string>>, o: RunScriptOptions): ParameterLookup {
  return {
    resourceParam: (resource, param) => outputs[outputKeyFor(resource, param)],
    cfResourceParam: () => undefined,
    missingHint: `On stage ${o.stage} run-script reads $ResourceParam values from the stack's Outputs (now: ${Object.keys(outputs).sort().join(', ') || 'none'}; deploy this stack.yml first: nx run ${o.projectName}:deploy --stage ${o.stage}); $CfResourceParam values exist only inside CloudFormation.`,
  };
}
