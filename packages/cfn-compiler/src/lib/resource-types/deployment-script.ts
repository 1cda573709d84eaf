import type { DeploymentScriptProperties } from '@nxstack/core';
import { compileScriptRun } from '../deployment-scripts/script-run';
import { compileLambda, lambdaParams } from '../lambda/lambda-resources';
import type { ResourceTypeModule } from './resource-type';

/**
 * `type: deployment-script` — the script's own Lambda, plus on AWS stages the custom resource
 * (and runner) through which CloudFormation runs it after:deploy / before:delete with the
 * resolved `parameters` as the event.
 */
export const deploymentScriptType: ResourceTypeModule<DeploymentScriptProperties> = {
  type: 'deployment-script',
  // Only the ARN: the script is run by its custom resource (or run-script), nothing else should call it by name.
  params: { arn: lambdaParams.arn },
  packaged: true,
  outputs: { Arn: 'arn' },
  compile(ctx) {
    compileLambda(ctx);
    compileScriptRun(ctx);
  },
};
