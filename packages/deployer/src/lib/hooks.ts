/**
 * Deployment hooks. `after:deploy` deployment scripts are run by a later issue; deploy calls
 * this after a successful stack update so that work plugs in here without touching deploy.ts.
 */
import type { DeployedStackState, LoadedStack } from '@nxstack/core';
import type { StageTarget } from './stage-target';

export interface AfterDeployContext {
  readonly stack: LoadedStack;
  readonly stackName: string;
  readonly target: StageTarget;
  readonly state: DeployedStackState;
  readonly log: (line: string) => void;
}

export async function runAfterDeployScripts(ctx: AfterDeployContext): Promise<void> {
  // On AWS stages CloudFormation ran them as custom resources (Custom::DeploymentScript) during the deploy.
  if (ctx.target.kind === 'aws') return;
  const scripts = Object.entries(ctx.stack.config.resources).filter(([, r]) => r.type === 'deployment-script' && r.properties?.trigger === 'after:deploy');
  if (scripts.length) ctx.log(`after:deploy scripts (${scripts.map(([n]) => n).join(', ')}): not run yet (deployment scripts are not implemented in this version)`);
}
