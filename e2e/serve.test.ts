/**
 * `nx run api:serve` (an Nx continuous task) on a packed sample workspace: an HTTP API with path
 * parameters, greedy and payload-1.0 routes, a function URL, API Gateway's 404 and 502, the
 * URL the local stage's outputs give the API, and a re-packaged function used by the next request.
 */
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { appendFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSampleWorkspace, runNx, runNxAsync, startContinuousNx, stopNx } from './lib/sample-workspace';

const TEN_MINUTES = 600_000;
let ws: string;
let serve: ChildProcessWithoutNullStreams | undefined;
let served = '';
const urls: Record<string, string> = {};

const userHandler = (version: string) => `import type { APIGatewayProxyEventV2 } from './event';
export const handler = async (event: APIGatewayProxyEventV2) => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json', 'x-version': '${version}' },
  cookies: ['seen=1; Path=/'],
  body: JSON.stringify({
    version: '${version}',
    id: event.pathParameters?.id,
    proxy: event.pathParameters?.proxy,
    routeKey: event.routeKey,
    rawPath: event.rawPath,
    rawQueryString: event.rawQueryString,
    query: event.queryStringParameters,
    cookies: event.cookies,
    method: event.requestContext.http.method,
    stage: event.requestContext.stage,
    isBase64Encoded: event.isBase64Encoded,
    body: event.body,
    apiUrl: process.env.API_URL,
    authorizer: (event.requestContext as { authorizer?: unknown }).authorizer,
  }),
});
`;

function waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not print ${pattern} within ${timeoutMs} ms:\n${served.slice(-6000)}`)), timeoutMs);
    const check = () => {
      const m = served.match(pattern);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      } else if (serve?.exitCode !== null) {
        clearTimeout(timer);
        reject(new Error(`serve exited (${serve?.exitCode}):\n${served.slice(-6000)}`));
      } else setTimeout(check, 100);
    };
    check();
  });
}

describe('e2e: nx run api:serve on a packed sample workspace', () => {
  beforeAll(() => {
    ws = createSampleWorkspace();
    writeFileSync(
      path.join(ws, 'api/src/event.ts'),
      'export interface APIGatewayProxyEventV2 { routeKey: string; rawPath: string; rawQueryString: string; cookies?: string[]; queryStringParameters?: Record<string, string>; pathParameters?: Record<string, string>; requestContext: { http: { method: string }; stage: string }; body?: string; isBase64Encoded: boolean }\n',
    );
    writeFileSync(path.join(ws, 'api/src/get-user.ts'), userHandler('v1'));
    writeFileSync(path.join(ws, 'api/src/v1-echo.ts'), 'export const handler = async (event: { httpMethod: string; path: string; resource: string; pathParameters: Record<string, string> }) => ({ statusCode: 201, headers: { "content-type": "text/plain" }, body: `${event.httpMethod} ${event.resource} ${event.path} ${event.pathParameters.name}` });\n');
    writeFileSync(path.join(ws, 'api/src/auth.ts'), 'export const handler = async (event: { identitySource: string[] }) => ({ isAuthorized: event.identitySource[0] === "Bearer good", context: { user: "ada" } });\n');
    writeFileSync(path.join(ws, 'api/src/boom.ts'), 'export const handler = async () => {\n  throw new TypeError("kaboom");\n};\n');
    const fn = (name: string, entry: string, extra: string[]) => [
      `  ${name}:`, '    type: function', '    properties:', '      packaging:', '        type: stacktape-lambda-buildpack', '        properties:', `          entryfilePath: ${entry}`, ...extra,
    ];
    const route = (method: string, p: string, format?: string, authorizer?: string) => [
      '        - type: http-api-gateway', '          properties:', '            httpApiGatewayName: usersApi', `            path: '${p}'`, `            method: '${method}'`, ...(format ? [`            payloadFormat: '${format}'`] : []),
      ...(authorizer ? [`            authorizer: { type: lambda, properties: { functionName: ${authorizer} } }`] : []),
    ];
    appendFileSync(
      path.join(ws, 'api/stack.yml'),
      [
        '  usersApi:',
        '    type: http-api-gateway',
        '    properties:',
        "      payloadFormat: '2.0'",
        "      cors: { enabled: true, allowedOrigins: ['http://localhost:5173'] }",
        ...fn('getUser', 'src/get-user.ts', ['      url: { enabled: true }', '      environment:', '        - name: API_URL', "          value: $ResourceParam('usersApi', 'url')", '      events:', ...route('GET', '/users/{id}'), ...route('*', '/files/{proxy+}'), ...route('GET', '/me', undefined, 'auth')]),
        ...fn('auth', 'src/auth.ts', []),
        ...fn('v1Echo', 'src/v1-echo.ts', ['      events:', ...route('GET', '/v1/{name}', '1.0')]),
        ...fn('boom', 'src/boom.ts', ['      events:', ...route('GET', '/boom')]),
        '',
      ].join('\n'),
    );
  }, TEN_MINUTES);

  afterAll(async () => {
    if (serve) await stopNx(serve);
    if (ws && !process.env['NXSTACK_KEEP_E2E']) rmSync(ws, { recursive: true, force: true });
  });

  it('infers serve as a continuous task that packages first', () => {
    const run = runNx(ws, ['show', 'project', 'api', '--json']);
    expect(run.status).toBe(0);
    const serveTarget = JSON.parse(run.output.slice(run.output.indexOf('{'))).targets.serve;
    expect(serveTarget).toMatchObject({ executor: '@nxstack/local-runtime:serve', continuous: true, dependsOn: ['package'] });
  }, TEN_MINUTES);

  it('serves the HTTP API at the URL the local stage gives it and routes a path parameter to the packaged TS function', async () => {
    const deploy = runNx(ws, ['run', 'api:deploy']);
    if (deploy.status !== 0) throw new Error(`deploy failed:\n${deploy.output.slice(-6000)}`);
    const state = JSON.parse(readFileSync(path.join(ws, '.nxstack/local/api/state.json'), 'utf8')) as { outputs: Record<string, string> };
    expect(state.outputs['UsersApiUrl']).toMatch(/^http:\/\/127\.0\.0\.1:\d{5}$/);

    serve = startContinuousNx(ws, ['run', 'api:serve']);
    serve.stdout.setEncoding('utf8').on('data', (d: string) => (served += d));
    serve.stderr.setEncoding('utf8').on('data', (d: string) => (served += d));
    await waitFor(/ready: press Ctrl\+C/, 300_000);
    for (const m of served.matchAll(/serving (?:http-api-gateway|function url of) '(\w+)' at (http:\/\/\S+)/g)) urls[m[1]] = m[2];
    expect(urls['usersApi']).toBe(state.outputs['UsersApiUrl']);

    const res = await fetch(`${urls['usersApi']}/users/42?tag=a&tag=b`, { headers: { cookie: 'session=abc; theme=dark' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-version')).toBe('v1');
    expect(res.headers.get('set-cookie')).toBe('seen=1; Path=/');
    expect(await res.json()).toEqual({
      version: 'v1',
      id: '42',
      routeKey: 'GET /users/{id}',
      rawPath: '/users/42',
      rawQueryString: 'tag=a&tag=b',
      query: { tag: 'a,b' },
      cookies: ['session=abc', 'theme=dark'],
      method: 'GET',
      stage: '$default',
      isBase64Encoded: false,
      // $ResourceParam('usersApi', 'url') on the local stage is where serve listens.
      apiUrl: urls['usersApi'],
    });
  }, TEN_MINUTES);

  it('routes greedy paths, binary bodies, payload 1.0, CORS, a lambda authorizer and the function URL; answers 404 and 502 like API Gateway', async () => {
    const binary = await fetch(`${urls['usersApi']}/files/a/b%20c.bin`, { method: 'PUT', body: Buffer.from([0, 1, 2, 255]), headers: { 'content-type': 'application/octet-stream' } });
    expect(binary.status).toBe(200);
    expect(await binary.json()).toMatchObject({ routeKey: 'ANY /files/{proxy+}', proxy: 'a/b c.bin', method: 'PUT', isBase64Encoded: true, body: Buffer.from([0, 1, 2, 255]).toString('base64') });

    const v1 = await fetch(`${urls['usersApi']}/v1/ada`);
    expect(v1.status).toBe(201);
    expect(await v1.text()).toBe('GET /v1/{name} /v1/ada ada');

    const viaUrl = await fetch(`${urls['getUser']}some/where?x=1`, { method: 'POST', body: '{"a":1}', headers: { 'content-type': 'application/json' } });
    expect(viaUrl.status).toBe(200);
    expect(urls['getUser']).toMatch(/\/$/);
    expect(await viaUrl.json()).toMatchObject({ routeKey: '$default', rawPath: '/some/where', method: 'POST', body: '{"a":1}', isBase64Encoded: false });

    const preflight = await fetch(`${urls['usersApi']}/users/1`, { method: 'OPTIONS', headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'GET' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    const crossOrigin = await fetch(`${urls['usersApi']}/users/1`, { headers: { origin: 'http://localhost:5173' } });
    expect(crossOrigin.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');

    // A lambda authorizer runs locally: no identity → 401, denied → 403, allowed → its context reaches the function.
    expect((await fetch(`${urls['usersApi']}/me`)).status).toBe(401);
    expect((await fetch(`${urls['usersApi']}/me`, { headers: { authorization: 'Bearer bad' } })).status).toBe(403);
    const me = await fetch(`${urls['usersApi']}/me`, { headers: { authorization: 'Bearer good' } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ routeKey: 'GET /me', authorizer: { lambda: { user: 'ada' } } });

    const missing = await fetch(`${urls['usersApi']}/nowhere`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ message: 'Not Found' });
    const wrongMethod = await fetch(`${urls['usersApi']}/users/1`, { method: 'DELETE' });
    expect(wrongMethod.status).toBe(404);

    const failed = await fetch(`${urls['usersApi']}/boom`);
    expect(failed.status).toBe(502);
    expect(await failed.json()).toEqual({ message: 'Internal Server Error' });
    await waitFor(/\[boom\] error \(TypeError\).*kaboom/, 10_000);
  }, TEN_MINUTES);

  it('uses the re-packaged artifact from the next request on, without a restart', async () => {
    writeFileSync(path.join(ws, 'api/src/get-user.ts'), userHandler('v2'));
    const pkg = await runNxAsync(ws, ['run', 'api:package']);
    if (pkg.status !== 0) throw new Error(`package failed:\n${pkg.output.slice(-6000)}`);
    const res = await fetch(`${urls['usersApi']}/users/7`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ version: 'v2', id: '7' });
    expect(serve?.exitCode).toBeNull();
  }, TEN_MINUTES);
});
