import { describe, expect, it } from 'vitest';
import { authorizerDecision, authorizerEvent, identityValues } from './http-authorizer';
import { corsPreflight, corsResponseHeaders } from './http-cors';
import { httpEventV1, httpEventV2, isTextContentType, type HttpRequestInfo } from './http-event';
import { httpResponseV1, httpResponseV2, INTERNAL_ERROR } from './http-response';
import { matchRoute, type HttpRoute } from './http-routes';

const route = (routeKey: string, functionName = routeKey): HttpRoute => {
  if (routeKey === '$default') return { routeKey, method: 'ANY', segments: [], functionName, payloadFormat: '2.0' };
  const [method, path] = routeKey.split(' ');
  return { routeKey, method, segments: path.split('/').filter(Boolean), functionName, payloadFormat: '2.0' };
};

describe('matchRoute: API Gateway HTTP API route selection', () => {
  // The example of API Gateway's "Routing API requests" documentation.
  const routes = ['GET /pets/dog/1', 'GET /pets/dog/{id}', 'GET /pets/{proxy+}', 'ANY /{proxy+}', '$default'].map((k) => route(k));
  const pick = (method: string, path: string) => matchRoute(routes, method, path)?.route.routeKey;

  it('prefers a full literal match, then {param}, then the longest greedy prefix, then $default', () => {
    expect(pick('GET', '/pets/dog/1')).toBe('GET /pets/dog/1');
    expect(pick('GET', '/pets/dog/2')).toBe('GET /pets/dog/{id}');
    expect(pick('GET', '/pets/cat/1')).toBe('GET /pets/{proxy+}');
    expect(pick('POST', '/pets/dog/1')).toBe('ANY /{proxy+}');
    expect(pick('GET', '/')).toBe('$default');
  });

  it('prefers the request method over ANY for the same path', () => {
    const r = [route('ANY /items/{id}', 'any'), route('PUT /items/{id}', 'put')];
    expect(matchRoute(r, 'PUT', '/items/1')?.route.functionName).toBe('put');
    expect(matchRoute(r, 'GET', '/items/1')?.route.functionName).toBe('any');
  });

  it('decodes path parameters; a greedy variable takes one or more segments', () => {
    const r = [route('GET /users/{id}'), route('GET /files/{proxy+}')];
    expect(matchRoute(r, 'GET', '/users/a%20b')?.pathParameters).toEqual({ id: 'a b' });
    expect(matchRoute(r, 'GET', '/files/x/y.txt')?.pathParameters).toEqual({ proxy: 'x/y.txt' });
    expect(matchRoute(r, 'GET', '/files')).toBeUndefined();
    expect(matchRoute(r, 'GET', '/users/1/extra')).toBeUndefined();
    expect(matchRoute(r, 'POST', '/users/1')).toBeUndefined();
  });
});

const request = (over: Partial<HttpRequestInfo> = {}): HttpRequestInfo => ({
  method: 'POST',
  url: '/users/42?a=1&a=2&b=x%20y',
  headers: [['Content-Type', 'application/json'], ['Cookie', 'c1=v1; c2=v2'], ['X-Multi', 'one'], ['X-Multi', 'two']],
  body: Buffer.from('{"n":1}'),
  sourceIp: '127.0.0.1',
  host: '127.0.0.1:20001',
  apiId: 'api',
  receivedAt: new Date('2026-01-02T03:04:05Z'),
  ...over,
});

describe('payload format events', () => {
  it('2.0: raw path and query, joined query values and headers, cookies apart, requestContext', () => {
    const e = httpEventV2(request(), { route: route('POST /users/{id}'), pathParameters: { id: '42' } });
    expect(e).toMatchObject({
      version: '2.0',
      routeKey: 'POST /users/{id}',
      rawPath: '/users/42',
      rawQueryString: 'a=1&a=2&b=x%20y',
      cookies: ['c1=v1', 'c2=v2'],
      headers: { 'content-type': 'application/json', 'x-multi': 'one,two' },
      queryStringParameters: { a: '1,2', b: 'x y' },
      pathParameters: { id: '42' },
      requestContext: { http: { method: 'POST', path: '/users/42', sourceIp: '127.0.0.1' }, routeKey: 'POST /users/{id}', stage: '$default', time: '02/Jan/2026:03:04:05 +0000' },
      body: '{"n":1}',
      isBase64Encoded: false,
    });
    expect((e.headers as Record<string, string>).cookie).toBeUndefined();
  });

  it('2.0: a binary body is base64 with isBase64Encoded; no body, no query → those keys are absent', () => {
    const bin = httpEventV2(request({ headers: [['content-type', 'image/png']], body: Buffer.from([0, 255]) }), { route: route('$default') });
    expect(bin).toMatchObject({ isBase64Encoded: true, body: 'AP8=' });
    const empty = httpEventV2(request({ url: '/', headers: [], body: Buffer.alloc(0), method: 'GET' }), { route: route('$default') });
    expect(empty).not.toHaveProperty('body');
    expect(empty).not.toHaveProperty('queryStringParameters');
    expect(empty).not.toHaveProperty('pathParameters');
    expect(isTextContentType('application/vnd.api+json; charset=utf-8')).toBe(true);
    expect(isTextContentType('application/x-www-form-urlencoded')).toBe(false);
  });

  it('1.0: httpMethod, resource, multi-value headers and query, nulls where API Gateway sends null', () => {
    const e = httpEventV1(request(), { route: route('POST /users/{id}'), pathParameters: { id: '42' } });
    // Multi-value maps are what 1.0 adds over 2.0.
    expect(e).toMatchObject({
      multiValueHeaders: { 'X-Multi': ['one', 'two'] },
      version: '1.0',
      resource: '/users/{id}',
      path: '/users/42',
      httpMethod: 'POST',
      queryStringParameters: { a: '2', b: 'x y' },
      multiValueQueryStringParameters: { a: ['1', '2'], b: ['x y'] },
      pathParameters: { id: '42' },
      stageVariables: null,
      body: '{"n":1}',
      isBase64Encoded: false,
    });
  });
});

describe('response mapping', () => {
  it('2.0: a plain string or object is a 200 application/json answer', () => {
    expect(httpResponseV2('"hello"')).toMatchObject({ statusCode: 200, headers: [['content-type', 'application/json']], body: Buffer.from('hello') });
    expect(httpResponseV2('{"a":1}').body.toString()).toBe('{"a":1}');
  });

  it('2.0: statusCode, headers, cookies and base64 bodies as given; a bad status or non-JSON is a 502', () => {
    const r = httpResponseV2(JSON.stringify({ statusCode: 201, headers: { 'x-a': 'b' }, cookies: ['k=v', 'k2=v2'], body: Buffer.from([1, 2]).toString('base64'), isBase64Encoded: true }));
    expect(r.statusCode).toBe(201);
    expect(r.headers).toEqual([['x-a', 'b'], ['set-cookie', 'k=v'], ['set-cookie', 'k2=v2']]);
    expect([...r.body]).toEqual([1, 2]);
    expect(httpResponseV2('{"statusCode":"nope"}')).toBe(INTERNAL_ERROR);
    expect(httpResponseV2('not json')).toBe(INTERNAL_ERROR);
  });

  it('1.0: needs a statusCode (no simple format); multiValueHeaders are sent', () => {
    expect(httpResponseV1('"hello"')).toBe(INTERNAL_ERROR);
    const r = httpResponseV1(JSON.stringify({ statusCode: 200, multiValueHeaders: { 'set-cookie': ['a=1', 'b=2'] }, body: 'ok' }));
    expect(r.headers).toEqual([['set-cookie', 'a=1'], ['set-cookie', 'b=2']]);
    expect(r.body.toString()).toBe('ok');
  });
});

describe('CORS', () => {
  const cors = { allowedOrigins: ['https://app.example'], allowedMethods: ['GET', 'POST'], allowCredentials: true, exposedResponseHeaders: ['x-id'], maxAge: 60 };

  it('answers a preflight itself, with what the API allows', () => {
    const r = corsPreflight(cors, 'OPTIONS', [['Origin', 'https://app.example'], ['Access-Control-Request-Method', 'POST'], ['Access-Control-Request-Headers', 'content-type']]);
    expect(r?.statusCode).toBe(204);
    expect(Object.fromEntries(r!.headers)).toMatchObject({ 'access-control-allow-origin': 'https://app.example', 'access-control-allow-methods': 'GET,POST', 'access-control-allow-credentials': 'true', 'access-control-max-age': '60' });
    expect(corsPreflight(cors, 'OPTIONS', [['Origin', 'https://evil.example'], ['Access-Control-Request-Method', 'POST']])?.headers).toEqual([]);
    expect(corsPreflight(undefined, 'OPTIONS', [['Access-Control-Request-Method', 'POST']])).toBeUndefined();
    expect(corsPreflight(cors, 'OPTIONS', [])).toBeUndefined();
  });

  it('adds the allow-origin and expose headers to answers for an allowed origin only', () => {
    expect(Object.fromEntries(corsResponseHeaders(cors, [['origin', 'https://app.example']]))).toMatchObject({ 'access-control-allow-origin': 'https://app.example', 'access-control-expose-headers': 'x-id' });
    expect(corsResponseHeaders(cors, [['origin', 'https://evil.example']])).toEqual([]);
    expect(corsResponseHeaders({}, [['origin', 'https://any.example']])).toEqual([['access-control-allow-origin', '*']]);
  });
});

describe('lambda authorizer', () => {
  const simple = { type: 'lambda' as const, functionName: 'auth', simpleResponses: true, identitySources: ['$request.header.Authorization', '$request.querystring.tenant'] };
  const answer = (payload: unknown, outcome: 'success' | 'error' = 'success') => ({ requestId: 'r', outcome, payload: JSON.stringify(payload), logs: '', durationMs: 1, billedDurationMs: 1, memorySizeMB: 128, notes: [] });
  const arn = 'arn:aws:execute-api:local:000000000000:api/$default/GET/me';

  it('reads identity sources from the 2.0 event; a missing one means no call (401)', () => {
    const e = httpEventV2(request({ url: '/me?tenant=t1', headers: [['Authorization', 'Bearer x']] }), { route: route('GET /me') });
    expect(identityValues(simple, e)).toEqual(['Bearer x', 't1']);
    expect(identityValues(simple, httpEventV2(request({ url: '/me' }), { route: route('GET /me') }))).toBeUndefined();
    const authEvent = authorizerEvent(e, ['Bearer x', 't1'], 'local');
    expect(authEvent).toMatchObject({ type: 'REQUEST', routeArn: 'arn:aws:execute-api:local:000000000000:api/$default/GET/me', identitySource: ['Bearer x', 't1'], routeKey: 'GET /me' });
    expect(authEvent).not.toHaveProperty('body');
  });

  it('simple responses: isAuthorized decides (403), a failure or a malformed answer is a 500', () => {
    expect(authorizerDecision(simple, answer({ isAuthorized: true, context: { u: 1 } }), arn)).toMatchObject({ kind: 'allow', context: { u: 1 } });
    expect(authorizerDecision(simple, answer({ isAuthorized: false }), arn)).toMatchObject({ kind: 'deny', response: { statusCode: 403 } });
    expect(authorizerDecision(simple, answer({ ok: true }), arn)).toMatchObject({ kind: 'deny', response: { statusCode: 500 } });
    expect(authorizerDecision(simple, answer({ errorMessage: 'x' }, 'error'), arn)).toMatchObject({ kind: 'deny', response: { statusCode: 500 } });
  });

  it('IAM responses: an Allow on the route (wildcards too) allows, a Deny wins', () => {
    const iam = { ...simple, simpleResponses: false };
    const policy = (Effect: string, Resource: string) => ({ principalId: 'p1', policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect, Resource }] } });
    expect(authorizerDecision(iam, answer(policy('Allow', 'arn:aws:execute-api:*:*:api/*')), arn)).toMatchObject({ kind: 'allow', principalId: 'p1' });
    expect(authorizerDecision(iam, answer(policy('Allow', 'arn:aws:execute-api:*:*:other/*')), arn)).toMatchObject({ kind: 'deny', response: { statusCode: 403 } });
    expect(authorizerDecision(iam, answer(policy('Deny', '*')), arn)).toMatchObject({ kind: 'deny', response: { statusCode: 403 } });
  });
});
