import type { InvokeResult } from '../local-function';
import { gatewayError, type GatewayResponse } from './http-response';
import type { RouteAuthorizer } from './http-routes';

type LambdaAuthorizer = Extract<RouteAuthorizer, { type: 'lambda' }>;

/** What the authorizer decided: the context the route's function sees, or API Gateway's answer. */
export type AuthorizerDecision =
  | { readonly kind: 'allow'; readonly context: Record<string, unknown>; readonly principalId?: string }
  | { readonly kind: 'deny'; readonly response: GatewayResponse; readonly reason: string };

export const UNAUTHORIZED = gatewayError(401, 'Unauthorized');
export const FORBIDDEN = gatewayError(403, 'Forbidden');
const AUTHORIZER_FAILED = gatewayError(500, 'Internal Server Error');

/**
 * The identity source values (`$request.header.X`, `$request.querystring.x`, `$context.a.b`) read
 * from the route's payload 2.0 event; undefined when one is missing (API Gateway's 401, the
 * authorizer is not called).
 */
export function identityValues(a: LambdaAuthorizer, event: Record<string, any>): string[] | undefined {
  const values: string[] = [];
  for (const source of a.identitySources) {
    const [, where, name] = /^\$(request\.header|request\.querystring|context|stageVariables)\.(.+)$/.exec(source) ?? [];
    const value =
      where === 'request.header' ? event.headers?.[name.toLowerCase()]
      : where === 'request.querystring' ? event.queryStringParameters?.[name]
      : where === 'context' ? name.split('.').reduce((o: any, k) => o?.[k], event.requestContext)
      : undefined;
    if (value === undefined || value === '') return undefined;
    values.push(String(value));
  }
  return values;
}

/** The REQUEST authorizer event (payload format 2.0, as the compiler configures the authorizer). */
export function authorizerEvent(event: Record<string, any>, identitySource: string[], region: string): Record<string, unknown> {
  const { body: _body, isBase64Encoded: _b64, ...request } = event;
  const [method, path] = event.routeKey === '$default' ? [event.requestContext.http.method, event.rawPath] : event.routeKey.split(' ');
  const routeArn = `arn:aws:execute-api:${region}:${event.requestContext.accountId}:${event.requestContext.apiId}/$default/${method}${path}`;
  return { ...request, type: 'REQUEST', routeArn, identitySource };
}

/**
 * The authorizer's answer: `{ isAuthorized, context }` (simple responses) or an IAM policy
 * (`iamResponse: true`) allowing `execute-api:Invoke` on the route. Denied → 403, a failed or
 * malformed answer → 500, as API Gateway answers.
 */
export function authorizerDecision(a: LambdaAuthorizer, result: InvokeResult, routeArn: string): AuthorizerDecision {
  if (result.outcome !== 'success') return { kind: 'deny', response: AUTHORIZER_FAILED, reason: `authorizer ${a.functionName} failed: ${result.payload}` };
  let answer: any;
  try {
    answer = JSON.parse(result.payload);
  } catch {
    return { kind: 'deny', response: AUTHORIZER_FAILED, reason: `authorizer ${a.functionName} answered no JSON: ${result.payload.slice(0, 200)}` };
  }
  const context = (answer?.context && typeof answer.context === 'object' ? answer.context : {}) as Record<string, unknown>;
  if (a.simpleResponses) {
    if (typeof answer?.isAuthorized !== 'boolean') return { kind: 'deny', response: AUTHORIZER_FAILED, reason: `authorizer ${a.functionName} answered without a boolean isAuthorized` };
    return answer.isAuthorized ? { kind: 'allow', context } : { kind: 'deny', response: FORBIDDEN, reason: `authorizer ${a.functionName} said isAuthorized: false` };
  }
  const statements: any[] = [answer?.policyDocument?.Statement ?? []].flat();
  const applies = (s: any) => [s?.Action].flat().some((x) => x === 'execute-api:Invoke' || x === 'execute-api:*' || x === '*') && [s?.Resource].flat().some((r) => typeof r === 'string' && globMatch(r, routeArn));
  const principalId = typeof answer?.principalId === 'string' ? answer.principalId : undefined;
  if (statements.some((s) => s?.Effect === 'Deny' && applies(s))) return { kind: 'deny', response: FORBIDDEN, reason: `authorizer ${a.functionName}'s policy denies ${routeArn}` };
  if (statements.some((s) => s?.Effect === 'Allow' && applies(s))) return { kind: 'allow', context, principalId };
  return { kind: 'deny', response: FORBIDDEN, reason: `authorizer ${a.functionName}'s policy does not allow ${routeArn}` };
}

function globMatch(pattern: string, value: string): boolean {
  const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return re.test(value);
}
