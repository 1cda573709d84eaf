import { compileLambda, lambdaParams } from '../lambda/lambda-resources';
import type { ResourceTypeModule } from './resource-type';

/** Stacktape's defaults for a `function`: 1024 MB, 10 s. */
export const FUNCTION_DEFAULTS = { memory: 1024, timeout: 10 } as const;

/** `type: function` — a zip Lambda with its role and log group. */
export const functionType: ResourceTypeModule = {
  type: 'function',
  params: lambdaParams,
  packaged: true,
  outputs: { Arn: 'arn', Name: 'name' },
  compile(ctx) {
    compileLambda(ctx, FUNCTION_DEFAULTS);
  },
};
