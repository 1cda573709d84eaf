import * as http from 'node:http';
import * as path from 'node:path';
import { DEFAULT_STAGE, loadStack, LOCAL_ENDPOINT_HOST, localEndpointPort, NxstackError, stackName as stackNameOf } from '@nxstack/core';
import { localFunctionRegion } from '../local-region';
import type { InvokeResult } from '../local-function';
import { authorizerDecision, authorizerEvent, identityValues, UNAUTHORIZED } from './http-authorizer';
import { corsPreflight, corsResponseHeaders } from './http-cors';
import { httpEventV1, httpEventV2, type HttpRequestInfo } from './http-event';
import { httpResponseV1, httpResponseV2, INTERNAL_ERROR, NOT_FOUND, type GatewayResponse } from './http-response';
import { httpEndpoints, matchRoute, type HttpEndpoint } from './http-routes';
import { ServedFunction } from './served-function';
import { proxyToContainer } from './container-proxy';

export interface LocalGatewayOptions {
  readonly workspaceRoot: string;
  readonly projectName: string;
  /** stack.yml relative to the workspace root. */
  readonly stackFile: string;
  /** Default: the folder of stack.yml. */
  readonly projectRoot?: string;
  /** AWS_REGION the functions see (default: the configured region, else `local`). */
  readonly region?: string;
  readonly hostEnv?: NodeJS.ProcessEnv;
  /** Startup lines, one line per request, the functions' logs and errors. */
  readonly log?: (line: string) => void;
}

export interface LocalGateway {
  /** stack.yml resource (http-api-gateway, or function with a URL) → `http://127.0.0.1:<port>`. */
  readonly urls: Readonly<Record<string, string>>;
  readonly endpoints: readonly HttpEndpoint[];
  close(): Promise<void>;
}

/**
 * Serves the stack's HTTP APIs and function URLs of the local stage on 127.0.0.1, each on the
 * port core's localEndpointPort gives it (the URL the local stage's outputs name), routing
 * requests as API Gateway does to the packaged functions, kept warm between requests and
 * switched to a new artifact when its package task writes one.
 */
export async function startLocalGateway(o: LocalGatewayOptions): Promise<LocalGateway> {
  const log = o.log ?? ((line: string) => console.log(line));
  const hostEnv = o.hostEnv ?? process.env;
  const stack = await loadStack(o.stackFile, { workspaceRoot: o.workspaceRoot, checkPaths: false });
  const projectRoot = o.projectRoot ?? path.posix.dirname(o.stackFile.replace(/\\/g, '/'));
  const stackName = stackNameOf(o.projectName, DEFAULT_STAGE);
  const endpoints = httpEndpoints(stack);
  const region = await localFunctionRegion(o.region, hostEnv);

  const ports = new Map<number, string>();
  for (const e of endpoints) {
    const port = localEndpointPort(stackName, e.logicalId);
    const other = ports.get(port);
    if (other) {
      throw new NxstackError('NXS_SERVE_PORT_CONFLICT', `'${other}' and '${e.resource}' of ${o.projectName} hash to the same local port ${port}.`, {
        location: stack.locate(['resources', e.resource]),
        hint: 'Rename one of the two resources (the local port is derived from the project, stage and resource name).',
      });
    }
    ports.set(port, e.resource);
  }

  const functions = new Map<string, ServedFunction>();
  for (const e of endpoints) {
    for (const r of e.routes) {
      for (const name of [...(r.containerPort === undefined && !r.batchJob ? [r.functionName] : []), ...(r.authorizer?.type === 'lambda' ? [r.authorizer.functionName] : [])]) {
        if (!functions.has(name)) functions.set(name, new ServedFunction({ workspaceRoot: o.workspaceRoot, projectName: o.projectName, projectRoot, stack, resource: name, region, hostEnv }));
      }
    }
  }
  const servers: http.Server[] = [];
  const close = async () => {
    await Promise.all(servers.map((s) => new Promise((resolve) => { s.closeAllConnections(); s.close(resolve); })));
    await Promise.all([...functions.values()].map((f) => f.close()));
  };
  const urls: Record<string, string> = {};
  try {
    // Every routed function is packaged and resolvable before the first request.
    for (const f of functions.values()) await f.check();
    for (const e of endpoints) {
      const port = localEndpointPort(stackName, e.logicalId);
      const server = http.createServer((req, res) => void handle({ endpoint: e, functions, port, region, log }, req, res));
      servers.push(server);
      await listen(server, port, e.resource);
      // As the local outputs name them: an API without, a function URL with a trailing '/'.
      urls[e.resource] = `http://${LOCAL_ENDPOINT_HOST}:${port}${e.kind === 'function-url' ? '/' : ''}`;
      for (const r of e.routes) {
        if (r.batchJob) log(`warning: ${e.resource} route '${r.routeKey}' starts batch-job '${r.batchJob}', which does not run locally: the route answers 501`);
        if (r.authorizer && r.authorizer.type !== 'lambda') log(`warning: ${e.resource} route '${r.routeKey}' has a ${r.authorizer.type} authorizer, which the local gateway does not enforce: every request reaches '${r.functionName}'`);
      }
    }
  } catch (err) {
    await close();
    throw err;
  }
  return { urls, endpoints, close };
}

function listen(server: http.Server, port: number, resource: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(
        e.code === 'EADDRINUSE'
          ? new NxstackError('NXS_SERVE_PORT_IN_USE', `Port ${port} of '${resource}' on ${LOCAL_ENDPOINT_HOST} is already in use.`, {
              hint: 'Another serve of this project (or a local deploy serving its scripts) is running, or another program holds the port: stop it and start again.',
              cause: e,
            })
          : e,
      ),
    );
    server.listen(port, LOCAL_ENDPOINT_HOST, () => resolve());
  });
}

interface HandleContext {
  readonly endpoint: HttpEndpoint;
  readonly functions: ReadonlyMap<string, ServedFunction>;
  readonly port: number;
  readonly region: string;
  readonly log: (line: string) => void;
}

async function handle(ctx: HandleContext, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const started = performance.now();
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const method = req.method ?? 'GET';
  const url = req.url ?? '/';
  const headers: Array<[string, string]> = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) headers.push([req.rawHeaders[i], req.rawHeaders[i + 1]]);
  const done = (response: GatewayResponse, note: string) => {
    // With CORS configured, API Gateway ignores the function's own CORS headers and sends its own.
    const own = ctx.endpoint.cors ? response.headers.filter(([k]) => !k.toLowerCase().startsWith('access-control-')) : response.headers;
    send(res, method, { ...response, headers: [...own, ...corsResponseHeaders(ctx.endpoint.cors, headers)] });
    ctx.log(`${method} ${url} → ${response.statusCode} ${note} (${Math.round(performance.now() - started)} ms)`);
  };
  const preflight = corsPreflight(ctx.endpoint.cors, method, headers);
  if (preflight) {
    send(res, method, preflight);
    ctx.log(`${method} ${url} → 204 CORS preflight of ${ctx.endpoint.resource}`);
    return;
  }
  const match = matchRoute(ctx.endpoint.routes, method, url.split('?')[0]);
  if (!match) return done(NOT_FOUND, `no route of ${ctx.endpoint.resource} matches`);
  const info: HttpRequestInfo = {
    method,
    url,
    headers,
    body: Buffer.concat(chunks),
    sourceIp: req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? LOCAL_ENDPOINT_HOST,
    host: `${LOCAL_ENDPOINT_HOST}:${ctx.port}`,
    apiId: ctx.endpoint.resource.toLowerCase(),
    receivedAt: new Date(),
  };
  if (match.route.batchJob) return done(batchJobNotLocal(match.route.batchJob), `${match.route.routeKey} → batch-job ${match.route.batchJob} (not run locally)`);
  const v2 = match.route.payloadFormat === '2.0';
  const eventV2 = httpEventV2(info, match);
  const event: Record<string, any> = v2 ? eventV2 : httpEventV1(info, match);
  const label = `${match.route.routeKey} → ${match.route.functionName}`;
  const run = async (f: ServedFunction, e: unknown): Promise<InvokeResult | undefined> => {
    try {
      const r = await f.invoke(e);
      for (const line of r.logs.split('\n')) if (line) ctx.log(`  [${f.name}] ${line}`);
      return r;
    } catch (err) {
      ctx.log(`${label}: ${err instanceof NxstackError ? err.format() : (err as Error).stack ?? String(err)}`);
      return undefined;
    }
  };
  const authorizer = match.route.authorizer;
  if (authorizer?.type === 'lambda') {
    const identity = identityValues(authorizer, eventV2);
    if (!identity) return done(UNAUTHORIZED, `${label}: no ${authorizer.identitySources.join(', ')}`);
    const authEvent = authorizerEvent(eventV2, identity, ctx.region);
    const authResult = await run(ctx.functions.get(authorizer.functionName)!, authEvent);
    if (!authResult) return done(INTERNAL_ERROR, `${label}: authorizer ${authorizer.functionName} did not run`);
    const decision = authorizerDecision(authorizer, authResult, String(authEvent.routeArn));
    if (decision.kind === 'deny') return done(decision.response, `${label}: ${decision.reason}`);
    // What the function sees of the authorizer, per payload format.
    event.requestContext.authorizer = v2 ? { lambda: decision.context } : { ...decision.context, ...(decision.principalId ? { principalId: decision.principalId } : {}) };
  }
  // A container's route: API Gateway's HTTP_PROXY integration, the request passed on as it came.
  if (match.route.containerPort !== undefined) return done(await proxyToContainer(match.route.containerPort, info), label);
  const fn = ctx.functions.get(match.route.functionName)!;
  const result = await run(fn, event);
  if (!result) return done(INTERNAL_ERROR, label);
  if (result.outcome !== 'success') {
    ctx.log(`  [${fn.name}] ${result.outcome}${result.errorType ? ` (${result.errorType})` : ''}: ${result.payload}`);
    return done(INTERNAL_ERROR, `${label} failed`);
  }
  const response = v2 ? httpResponseV2(result.payload) : httpResponseV1(result.payload);
  if (response === INTERNAL_ERROR) ctx.log(`  [${fn.name}] the response is not a valid payload ${match.route.payloadFormat} answer: ${result.payload.slice(0, 500)}`);
  done(response, label);
}

/** Hop-by-hop / framing headers are the server's to set, not the function's. */
const FRAMING = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive']);

function send(res: http.ServerResponse, method: string, r: GatewayResponse): void {
  const grouped = new Map<string, string[]>();
  for (const [k, v] of r.headers) {
    const key = k.toLowerCase();
    if (FRAMING.has(key)) continue;
    grouped.set(key, [...(grouped.get(key) ?? []), v]);
  }
  for (const [k, vs] of grouped) res.setHeader(k, vs.length === 1 ? vs[0] : vs);
  res.setHeader('apigw-requestid', Math.random().toString(36).slice(2, 14));
  res.statusCode = r.statusCode;
  if (method === 'HEAD') res.setHeader('content-length', r.body.length);
  res.end(method === 'HEAD' ? undefined : r.body);
}

/** What a route to a batch job answers locally: the job would start on AWS; the local stage runs no batch jobs. */
function batchJobNotLocal(job: string): GatewayResponse {
  const body = JSON.stringify({ message: `batch-job '${job}' does not run on the local stage: on AWS this route starts it (nxstack)` });
  return { statusCode: 501, headers: [['content-type', 'application/json']], body: Buffer.from(body) };
}
