/**
 * Deployment hooks. deploy calls runAfterDeployScripts after a successful stack update; on the
 * local stage it records the stack's deployment scripts in the state and runs the
 * `after:deploy` ones (local-deployment-scripts.ts) with the stack's HTTP APIs served meanwhile
 * (local-script-gateway.ts). A failure throws: deploy then restores the
 * previous local state.
 */
import type { DeployedStackState, LoadedStack } from '@nxstack/core';
import type { LocalStackDeployer } from './local-stack-deployer';
import type { StageTarget } from './stage-target';

export interface AfterDeployContext {
  readonly workspaceRoot: string;
  readonly projectName: string;
  readonly stack: LoadedStack;
  readonly stackName: string;
  readonly target: StageTarget;
  readonly state: DeployedStackState;
  readonly log: (line: string) => void;
}

export async function runAfterDeployScripts(ctx: AfterDeployContext): Promise<void> {
  if (ctx.target.kind === 'local') {
    // Loaded here, not at the top: they bring the local runtime (and its Docker client), which an
    // AWS deploy never uses and would pay for in every task process.
    const [{ localScriptRecords, runLocalScripts }, { withScriptGateway }] = await Promise.all([import('./local-deployment-scripts.js'), import('./local-script-gateway.js')]);
    const deployer = ctx.target.deployer as LocalStackDeployer;
    const written = await deployer.readState();
    if (!written) return;
    const state = await deployer.recordDeploymentScripts(localScriptRecords(ctx.stack, written, ctx.projectName));
    const scriptCtx = { workspaceRoot: ctx.workspaceRoot, projectName: ctx.projectName, stage: ctx.target.stage, log: ctx.log };
    const runsScripts = (state.deploymentScripts ?? []).some((s) => s.trigger === 'after:deploy');
    const [failure] = runsScripts ? await withScriptGateway({ ...scriptCtx, stack: ctx.stack }, () => runLocalScripts(scriptCtx, state, 'after:deploy', true)) : [];
    if (failure) throw failure;
  }
  // On AWS stages CloudFormation ran them as custom resources (Custom::DeploymentScript) during the deploy.
}
