import { functionUrlLogicalId, type FunctionProperties } from '@nxstack/core';
import { logicalId } from '../logical-ids';
import { getAtt, ref, type ResourceCompileContext } from '../resource-types/resource-type';
import { lambdaIds } from './lambda-resources';

export const functionUrlId = functionUrlLogicalId;

/**
 * `url: { enabled: true }` — AWS::Lambda::Url plus, for authMode NONE (the default, as in
 * Stacktape), the public InvokeFunctionUrl permission Lambda requires since 2024 for a URL to answer.
 */
export function compileFunctionUrl(ctx: ResourceCompileContext<FunctionProperties>): void {
  const url = ctx.properties.url;
  if (!url?.enabled) return;
  const fn = lambdaIds(ctx.name).fn;
  const authType = url.authMode ?? 'NONE';
  const properties: Record<string, unknown> = { TargetFunctionArn: getAtt(fn, 'Arn'), AuthType: authType };
  if (url.responseStreamEnabled) properties.InvokeMode = 'RESPONSE_STREAM';
  if (url.cors?.enabled) {
    const c: Record<string, unknown> = {
      AllowOrigins: url.cors.allowedOrigins ?? ['*'],
      AllowHeaders: url.cors.allowedHeaders ?? ['*'],
      AllowMethods: url.cors.allowedMethods ?? ['*'],
    };
    if (url.cors.allowCredentials !== undefined) c.AllowCredentials = url.cors.allowCredentials;
    if (url.cors.exposedResponseHeaders) c.ExposeHeaders = url.cors.exposedResponseHeaders;
    if (url.cors.maxAge !== undefined) c.MaxAge = url.cors.maxAge;
    properties.Cors = c;
  }
  ctx.builder.addResource(functionUrlId(ctx.name), { Type: 'AWS::Lambda::Url', Properties: properties }, ctx.origin);
  if (authType === 'NONE') {
    ctx.builder.addResource(logicalId(ctx.name, 'FunctionUrlPublicPermission'), {
      Type: 'AWS::Lambda::Permission',
      Properties: { Action: 'lambda:InvokeFunctionUrl', FunctionName: ref(fn), Principal: '*', FunctionUrlAuthType: 'NONE' },
    }, ctx.origin);
  }
}
