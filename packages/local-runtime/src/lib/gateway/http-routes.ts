import { functionUrlLogicalId, httpApiLogicalId, type LoadedStack } from '@nxstack/core';
import type { CorsConfig } from './http-cors';

/** One route of a served endpoint: `GET /users/{id}`, `ANY /files/{proxy+}` or `$default`. */
export interface HttpRoute {
  readonly routeKey: string;
  /** Upper-case method, or `ANY`; `$default` routes match every method. */
  readonly method: string;
  /** Path segments (`users`, `{id}`, `{proxy+}`); empty for `$default` and for `/`. */
  readonly segments: readonly string[];
  /** The function it invokes; for a container route, `<workload>/<container>`. */
  readonly functionName: string;
  /** A multi-container-workload container's route (HTTP_PROXY to this port on 127.0.0.1) instead of a function. */
  readonly containerPort?: number;
  /** Set when the route starts a batch job (its trigger function on AWS): nothing runs it locally, the route answers 501. */
  readonly batchJob?: string;
  readonly payloadFormat: '1.0' | '2.0';
  /** The route's authorizer: a lambda one runs locally; cognito (JWT) and IAM ones are not enforced. */
  readonly authorizer?: RouteAuthorizer;
}

export type RouteAuthorizer =
  | {
      readonly type: 'lambda';
      readonly functionName: string;
      /** `iamResponse: true` → an IAM policy answer; otherwise the simple `{ isAuthorized }` answer. */
      readonly simpleResponses: boolean;
      /** `$request.header.Authorization` and the like (default: the Authorization header). */
      readonly identitySources: readonly string[];
    }
  | { readonly type: 'cognito' | 'AWS_IAM' };

/** An HTTP API (`http-api-gateway`) or a function URL, served on its own port. */
export interface HttpEndpoint {
  readonly kind: 'http-api' | 'function-url';
  /** stack.yml resource: the API, or the function that has the URL. */
  readonly resource: string;
  /** CloudFormation logical id (the port is derived from it). */
  readonly logicalId: string;
  readonly routes: readonly HttpRoute[];
  /** CORS answered by the gateway (stack.yml `cors` / `url.cors` with `enabled: true`). */
  readonly cors?: CorsConfig;
}

interface HttpEventProps {
  httpApiGatewayName: string;
  path: string;
  method: string;
  payloadFormat?: '1.0' | '2.0';
  authorizer?: { type: 'lambda' | 'cognito'; properties: { functionName?: string; iamResponse?: boolean; identitySources?: string[] } };
}

/**
 * The stack's HTTP endpoints: each `http-api-gateway` with the routes of the functions' (and
 * batch jobs') `http-api-gateway` events (payload format from the event, else the API's, else 1.0 as
 * compiled) and the workload containers' routes (proxied to their port), and each function with `url: { enabled: true }` (payload 2.0, every path).
 */
export function httpEndpoints(stack: LoadedStack): HttpEndpoint[] {
  const resources = stack.config.resources as Record<string, { type: string; properties?: Record<string, unknown> }>;
  const endpoints: HttpEndpoint[] = [];
  for (const [name, r] of Object.entries(resources)) {
    if (r.type !== 'http-api-gateway') continue;
    const apiFormat = (r.properties?.payloadFormat as '1.0' | '2.0' | undefined) ?? '1.0';
    const routes: HttpRoute[] = [];
    for (const [fnName, fn] of Object.entries(resources)) {
      if (fn.type !== 'function' && fn.type !== 'batch-job') continue;
      for (const e of (fn.properties?.events ?? []) as Array<{ type: string; properties: HttpEventProps }>) {
        if (e.type !== 'http-api-gateway' || e.properties.httpApiGatewayName !== name) continue;
        const r = route(e.properties.method, e.properties.path, fnName, e.properties.payloadFormat ?? apiFormat, authorizerOf(e.properties.authorizer));
        routes.push(fn.type === 'batch-job' ? { ...r, batchJob: fnName } : r);
      }
    }
    for (const [workload, w] of Object.entries(resources)) {
      if (w.type !== 'multi-container-workload') continue;
      for (const c of (w.properties?.containers ?? []) as Array<{ name: string; events?: Array<{ type: string; properties: HttpEventProps & { containerPort: number } }> }>) {
        for (const e of c.events ?? []) {
          if (e.type !== 'http-api-gateway' || e.properties.httpApiGatewayName !== name) continue;
          routes.push({ ...route(e.properties.method, e.properties.path, `${workload}/${c.name}`, apiFormat, authorizerOf(e.properties.authorizer)), containerPort: e.properties.containerPort });
        }
      }
    }
    endpoints.push({ kind: 'http-api', resource: name, logicalId: httpApiLogicalId(name), routes, ...enabledCors(r.properties?.cors) });
  }
  for (const [name, r] of Object.entries(resources)) {
    if (r.type === 'function' && (r.properties?.url as { enabled?: boolean } | undefined)?.enabled) {
      const url = r.properties?.url as { authMode?: string; cors?: unknown };
      endpoints.push({ kind: 'function-url', resource: name, logicalId: functionUrlLogicalId(name), routes: [route('*', '*', name, '2.0', url.authMode === 'AWS_IAM' ? { type: 'AWS_IAM' } : undefined)], ...enabledCors(url.cors) });
    }
  }
  return endpoints;
}

function enabledCors(cors: unknown): { cors?: CorsConfig } {
  const c = cors as (CorsConfig & { enabled?: boolean }) | undefined;
  return c?.enabled ? { cors: c } : {};
}

function authorizerOf(a: HttpEventProps['authorizer']): RouteAuthorizer | undefined {
  if (!a) return undefined;
  if (a.type === 'cognito') return { type: 'cognito' };
  return {
    type: 'lambda',
    functionName: String(a.properties.functionName),
    simpleResponses: a.properties.iamResponse !== true,
    identitySources: a.properties.identitySources ?? ['$request.header.Authorization'],
  };
}

function route(method: string, path: string, functionName: string, payloadFormat: '1.0' | '2.0', authorizer?: RouteAuthorizer): HttpRoute {
  if (path === '*') return { routeKey: '$default', method: 'ANY', segments: [], functionName, payloadFormat, authorizer };
  const m = method === '*' ? 'ANY' : method.toUpperCase();
  return { routeKey: `${m} ${path}`, method: m, segments: path.split('/').filter(Boolean), functionName, payloadFormat, authorizer };
}

export interface RouteMatch {
  readonly route: HttpRoute;
  /** `{name}` → the decoded segment; `{proxy+}` → the rest of the path. Absent when none. */
  readonly pathParameters?: Record<string, string>;
}

/**
 * API Gateway's route selection: the most specific path wins (a literal segment over `{param}`
 * over a greedy `{proxy+}`, compared from the left), then a route of the request's method over
 * `ANY`; `$default` only when nothing else matches. No match → undefined (API Gateway's 404).
 */
export function matchRoute(routes: readonly HttpRoute[], method: string, path: string): RouteMatch | undefined {
  const parts = path.split('/').slice(1);
  if (parts.length === 1 && parts[0] === '') parts.pop(); // `/`
  let best: { match: RouteMatch; rank: number[] } | undefined;
  for (const r of routes) {
    if (r.routeKey === '$default' || (r.method !== 'ANY' && r.method !== method.toUpperCase())) continue;
    const params = matchPath(r.segments, parts);
    if (!params) continue;
    const rank = [...r.segments.map(segmentRank), r.method === 'ANY' ? 1 : 0];
    if (!best || compareRanks(rank, best.rank) < 0) best = { match: { route: r, ...(Object.keys(params).length ? { pathParameters: params } : {}) }, rank };
  }
  if (best) return best.match;
  const fallback = routes.find((r) => r.routeKey === '$default');
  return fallback ? { route: fallback } : undefined;
}

const isGreedy = (s: string) => /^\{[^}]+\+\}$/.test(s);
const isParam = (s: string) => /^\{[^}]+\}$/.test(s);
const segmentRank = (s: string) => (isGreedy(s) ? 2 : isParam(s) ? 1 : 0);

function compareRanks(a: number[], b: number[]): number {
  // Path segments first (a longer literal path beats a greedy one); the method flag is last.
  const pathA = a.slice(0, -1);
  const pathB = b.slice(0, -1);
  for (let i = 0; i < Math.min(pathA.length, pathB.length); i++) if (pathA[i] !== pathB[i]) return pathA[i] - pathB[i];
  if (pathA.length !== pathB.length) return pathB.length - pathA.length;
  return a[a.length - 1] - b[b.length - 1];
}

function matchPath(segments: readonly string[], parts: readonly string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i];
    if (isGreedy(s)) {
      const rest = parts.slice(i);
      // A greedy variable takes one or more segments (`/files/{proxy+}` does not match `/files`).
      if (rest.length === 0 || rest.join('') === '') return undefined;
      params[s.slice(1, -2)] = safeDecode(rest.join('/'));
      return params;
    }
    const part = parts[i];
    if (part === undefined) return undefined;
    if (isParam(s)) {
      if (part === '') return undefined;
      params[s.slice(1, -1)] = safeDecode(part);
    } else if (safeDecode(part) !== s) return undefined;
  }
  return parts.length === segments.length ? params : undefined;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
