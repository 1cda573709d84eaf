import type { DeploymentScriptProperties } from '@nxstack/core';
import { compileLambda, lambdaParams } from '../lambda/lambda-resources';
import type { ResourceTypeModule } from './resource-type';

/**
 * `type: deployment-script` — the Lambda the deploy lifecycle invokes (after:deploy /
 * before:delete). `parameters` are not compiled: the deployer resolves them and passes them as
 * the invocation event.
 */
export const deploymentScriptType: ResourceTypeModule<DeploymentScriptProperties> = {
  type: 'deployment-script',
  // Only the ARN: the script is invoked by the deployer, nothing else should call it by name.
  params: { arn: lambdaParams.arn },
  packaged: true,
  outputs: { Arn: 'arn' },
  compile(ctx) {
    compileLambda(ctx);
  },
};
