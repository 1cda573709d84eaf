import { NxstackError } from '@nxstack/core';
import { logicalId } from '../logical-ids';
import { httpApiExecuteArn, httpApiIds, httpApiPayloadFormat } from '../resource-types/http-api-gateway';
import { getAtt, ref, type ResourceCompileContext, type StackPath } from '../resource-types/resource-type';
import type { TemplateBuilder } from '../template-builder';
import { stackTargetParam } from '../resource-types/stack-target';
import { eventFunctionId } from './lambda-resources';

interface RouteProps {
  httpApiGatewayName: string;
  path: string;
  method: string;
  payloadFormat?: string;
  authorizer?: { type: 'lambda' | 'cognito'; properties: Record<string, unknown> };
}

/** Route keys already taken per template, so two events never claim the same `GET /x` of one API. */
const routeKeys = new WeakMap<TemplateBuilder, Map<string, string>>();

/** `path: '*'` with `method: '*'` is the catch-all `$default` route; otherwise `<METHOD|ANY> <path>`. */
export function httpApiRouteKey(method: string, path: string): string | undefined {
  if (path === '*') return method === '*' ? '$default' : undefined;
  if (!/^\/[A-Za-z0-9._~\-/{}+]*$/.test(path)) return undefined;
  return `${method === '*' ? 'ANY' : method} ${path}`;
}

/**
 * An `http-api-gateway` event: Lambda proxy integration + route on the named API, plus one
 * permission per (function, API) pair letting that API invoke the function.
 */
export function compileHttpApiRoute(ctx: ResourceCompileContext, p: Record<string, unknown>, path: StackPath, n: number): void {
  const props = p as unknown as RouteProps;
  const fn = eventFunctionId(ctx);
  const api = props.httpApiGatewayName;
  compileRoute(ctx, p, path, n, (apiId) => ({
    ApiId: apiId,
    IntegrationType: 'AWS_PROXY',
    IntegrationUri: getAtt(fn, 'Arn'),
    PayloadFormatVersion: props.payloadFormat ?? httpApiPayloadFormat(ctx.resourceConfig(api)?.properties),
  }));
  const permission = logicalId(ctx.name, `${logicalId(api)}HttpApiPermission`);
  if (!ctx.builder.hasResource(permission)) {
    ctx.builder.addResource(permission, {
      Type: 'AWS::Lambda::Permission',
      Properties: { Action: 'lambda:InvokeFunction', FunctionName: ref(fn), Principal: 'apigateway.amazonaws.com', SourceArn: httpApiExecuteArn(api) },
    }, ctx.origin);
  }
}

/**
 * One route of an `http-api-gateway` event (function or container): the API must be a resource
 * of the stack, the route key valid and not claimed by another event; adds
 * `<resource>HttpApiIntegration<n>` (properties from `integration(apiId)`), the route and its
 * authorizer.
 */
export function compileRoute(ctx: ResourceCompileContext, p: Record<string, unknown>, path: StackPath, n: number, integration: (apiId: unknown) => Record<string, unknown>): void {
  const props = p as unknown as RouteProps;
  const apiId = stackTargetParam(ctx, props.httpApiGatewayName, ['http-api-gateway'], 'apiId', [...path, 'properties', 'httpApiGatewayName'], 'NXS_EVENT_HTTP_API_UNKNOWN');
  const api = props.httpApiGatewayName;
  const routeKey = httpApiRouteKey(props.method, props.path);
  if (!routeKey) {
    throw new NxstackError('NXS_HTTP_API_ROUTE_INVALID', `Route '${props.method} ${props.path}' of ${ctx.config.type} '${ctx.name}' is not a valid HTTP API route.`, {
      location: ctx.locate([...path, 'properties', 'path']),
      hint: "Paths start with '/' and may hold {param} / {proxy+} segments (e.g. /users/{id}); path '*' needs method '*'.",
    });
  }
  const taken = routeKeys.get(ctx.builder) ?? new Map<string, string>();
  routeKeys.set(ctx.builder, taken);
  const owner = taken.get(`${api} ${routeKey}`);
  if (owner) {
    throw new NxstackError('NXS_HTTP_API_ROUTE_DUPLICATE', `Route '${routeKey}' of http-api-gateway '${api}' is claimed by both '${owner}' and '${ctx.name}'.`, {
      location: ctx.locate([...path, 'properties', 'path']),
      hint: 'Give each route a different method or path.',
    });
  }
  taken.set(`${api} ${routeKey}`, ctx.name);

  const integrationId = logicalId(ctx.name, `HttpApiIntegration${n}`);
  ctx.builder.addResource(integrationId, { Type: 'AWS::ApiGatewayV2::Integration', Properties: integration(apiId) }, ctx.origin);
  const route: Record<string, unknown> = { ApiId: apiId, RouteKey: routeKey, Target: { 'Fn::Join': ['/', ['integrations', ref(integrationId)]] } };
  if (props.authorizer) Object.assign(route, compileAuthorizer(ctx, props, path, n));
  ctx.builder.addResource(logicalId(ctx.name, `HttpApiRoute${n}`), { Type: 'AWS::ApiGatewayV2::Route', Properties: route }, ctx.origin);
}

/** Lambda (REQUEST) or Cognito (JWT) authorizer for one route; returns the route's auth properties. */
function compileAuthorizer(ctx: ResourceCompileContext, props: RouteProps, path: StackPath, n: number): Record<string, unknown> {
  const a = props.authorizer!;
  const apiRef = ref(httpApiIds(props.httpApiGatewayName).api);
  const id = logicalId(ctx.name, `HttpApiAuthorizer${n}`);
  const authPath = [...path, 'properties', 'authorizer', 'properties'];
  const identitySource = (a.properties.identitySources as string[] | undefined) ?? ['$request.header.Authorization'];
  if (a.type === 'lambda') {
    const authorizerArn = stackTargetParam(ctx, String(a.properties.functionName), ['function'], 'arn', [...authPath, 'functionName'], 'NXS_EVENT_AUTHORIZER_UNKNOWN');
    const properties: Record<string, unknown> = {
      ApiId: apiRef,
      Name: id,
      AuthorizerType: 'REQUEST',
      AuthorizerUri: { 'Fn::Join': ['', ['arn:', ref('AWS::Partition'), ':apigateway:', ref('AWS::Region'), ':lambda:path/2015-03-31/functions/', authorizerArn, '/invocations']] },
      AuthorizerPayloadFormatVersion: '2.0',
      EnableSimpleResponses: a.properties.iamResponse !== true,
      IdentitySource: identitySource,
      AuthorizerResultTtlInSeconds: (a.properties.cacheResultSeconds as number | undefined) ?? 0,
    };
    ctx.builder.addResource(id, { Type: 'AWS::ApiGatewayV2::Authorizer', Properties: properties }, ctx.origin);
    ctx.builder.addResource(`${id}Permission`, {
      Type: 'AWS::Lambda::Permission',
      Properties: { Action: 'lambda:InvokeFunction', FunctionName: authorizerArn, Principal: 'apigateway.amazonaws.com', SourceArn: httpApiExecuteArn(props.httpApiGatewayName) },
    }, ctx.origin);
    return { AuthorizationType: 'CUSTOM', AuthorizerId: ref(id) };
  }
  const pool = String(a.properties.userPoolName);
  const poolId = stackTargetParam(ctx, pool, ['user-auth-pool'], 'id', [...authPath, 'userPoolName'], 'NXS_EVENT_AUTHORIZER_UNKNOWN');
  const clientId = stackTargetParam(ctx, pool, ['user-auth-pool'], 'clientId', [...authPath, 'userPoolName'], 'NXS_EVENT_AUTHORIZER_UNKNOWN');
  ctx.builder.addResource(id, {
    Type: 'AWS::ApiGatewayV2::Authorizer',
    Properties: {
      ApiId: apiRef,
      Name: id,
      AuthorizerType: 'JWT',
      IdentitySource: identitySource,
      JwtConfiguration: { Audience: [clientId], Issuer: { 'Fn::Join': ['', ['https://cognito-idp.', ref('AWS::Region'), '.amazonaws.com/', poolId]] } },
    },
  }, ctx.origin);
  return { AuthorizationType: 'JWT', AuthorizerId: ref(id) };
}
