import type { FunctionProperties } from '@nxstack/core';
import { compileFunctionEvents, eventRoleStatements } from '../lambda/function-events';
import { compileFunctionUrl, functionUrlId } from '../lambda/function-url';
import { compileLambda, lambdaParams } from '../lambda/lambda-resources';
import { getAtt, type ResourceTypeModule } from './resource-type';

/**
 * `type: function` — a zip or image Lambda with its role and log group, optionally a function
 * URL, the shared VPC (`joinDefaultVpc`), layers, and its event integrations.
 */
export const functionType: ResourceTypeModule<FunctionProperties> = {
  type: 'function',
  // `url` exists only with `url.enabled: true` (NXS_RESOURCE_PARAM_UNAVAILABLE otherwise).
  params: { ...lambdaParams, url: (name, properties) => ((properties?.url as { enabled?: boolean } | undefined)?.enabled ? getAtt(functionUrlId(name), 'FunctionUrl') : undefined) },
  packaged: true,
  outputs: { Arn: 'arn', Name: 'name' },
  compile(ctx) {
    compileLambda(ctx, { statements: eventRoleStatements(ctx) });
    compileFunctionUrl(ctx);
    compileFunctionEvents(ctx);
  },
};
