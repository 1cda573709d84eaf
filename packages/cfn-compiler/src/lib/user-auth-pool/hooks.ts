import { LAMBDA_FUNCTION_ARN, pascalCase, type UserAuthPoolProperties } from '@nxstack/core';
import { logicalId } from '../logical-ids';
import type { ResourceCompileContext } from '../resource-types/resource-type';
import { getAtt } from '../resource-types/resource-type';

/**
 * `hooks`: the pool's LambdaConfig (hook name capitalised is Cognito's key) and, per hook, the
 * AWS::Lambda::Permission that lets cognito-idp invoke the function for this pool only. A hook
 * names a function of the stack, `$ResourceParam('<function>', 'arn')` or a Lambda ARN (core's
 * checkUserPoolHooks refused anything else before this runs).
 */
export function compileUserPoolHooks(ctx: ResourceCompileContext<UserAuthPoolProperties>, p: UserAuthPoolProperties, poolId: string): Record<string, unknown> | undefined {
  const hooks = Object.entries(p.hooks ?? {}).filter(([, v]) => v !== undefined);
  if (!hooks.length) return undefined;
  const lambdaConfig: Record<string, unknown> = {};
  for (const [hook, target] of hooks) {
    const path = [...ctx.path, 'properties', 'hooks', hook];
    const functionArn =
      typeof target === 'string' && !LAMBDA_FUNCTION_ARN.test(target)
        ? ctx.resolve({ $directive: 'ResourceParam', resource: target, param: 'arn' }, path)
        : ctx.resolve(target, path);
    lambdaConfig[pascalCase(hook)] = functionArn;
    ctx.builder.addResource(
      logicalId(ctx.name, `${pascalCase(hook)}HookPermission`),
      { Type: 'AWS::Lambda::Permission', Properties: { FunctionName: functionArn, Action: 'lambda:InvokeFunction', Principal: 'cognito-idp.amazonaws.com', SourceArn: getAtt(poolId, 'Arn') } },
      ctx.origin,
    );
  }
  return lambdaConfig;
}
