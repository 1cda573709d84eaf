import * as http from 'node:http';
import * as net from 'node:net';
import { ALB_NO_RULE_RESPONSE, DEFAULT_STAGE, LOCAL_ENDPOINT_HOST, NxstackError, stackName as stackNameOf, type AlbRuleCondition, type LoadedStack } from '@nxstack/core';
import { ServedFunction } from '../gateway/served-function';
import type { LocalServicesOptions } from '../services/local-services';
import { albLambdaEvent, albLambdaResponse } from './alb-lambda';
import { matchAlbRule, type AlbRequest } from './alb-rule-match';
import { localAlbListeners, localNlbListeners, type LoadBalancerTarget, type LocalAlbListener } from './load-balancer-routes';

export type LocalLoadBalancersOptions = Omit<LocalServicesOptions, 'pollMs'>;

export interface LocalLoadBalancerEndpoint {
  readonly resource: string;
  readonly type: 'application-load-balancer' | 'network-load-balancer';
  readonly listenerPort: number;
  /** `http://127.0.0.1:<port>` (ALB) or `127.0.0.1:<port>` (NLB). */
  readonly address: string;
  /** One line per rule / target, for serve's start-up output. */
  readonly routes: readonly string[];
}

export interface LocalLoadBalancers {
  readonly endpoints: readonly LocalLoadBalancerEndpoint[];
  close(): Promise<void>;
}

/** `path-pattern ["/api/*"]`, `http-header X-Env ["beta"]`: a rule's condition for serve's start-up output. */
function conditionText(c: AlbRuleCondition): string {
  const config = Object.values(c)[1] as { Values: unknown; HttpHeaderName?: string };
  return `${c.Field}${config.HttpHeaderName ? ` ${config.HttpHeaderName}` : ''} ${JSON.stringify(config.Values)}`;
}

const describeTarget = (t: LoadBalancerTarget) => (t.kind === 'function' ? `function ${t.functionName}` : `${t.workload}/${t.container} port ${t.port}`);

/**
 * The stack's load balancers on the local stage: each ALB listener an HTTP server on its local
 * port routing by the listener rules (to a function, invoked as an ALB invokes a Lambda target,
 * or to a container port on 127.0.0.1), each NLB listener a TCP forwarder to its container port.
 */
export async function startLocalLoadBalancers(o: LocalLoadBalancersOptions): Promise<LocalLoadBalancers> {
  const stackName = stackNameOf(o.projectName, DEFAULT_STAGE);
  const albs = localAlbListeners(o.stack, stackName);
  const nlbs = localNlbListeners(o.stack, stackName);
  const functions = new Map<string, ServedFunction>();
  for (const l of albs) {
    for (const r of l.rules) {
      if (r.target.kind === 'function' && !functions.has(r.target.functionName)) {
        functions.set(r.target.functionName, new ServedFunction({ workspaceRoot: o.workspaceRoot, projectName: o.projectName, projectRoot: o.projectRoot, stack: o.stack, resource: r.target.functionName, region: o.region, hostEnv: o.hostEnv }));
      }
    }
  }
  const servers: net.Server[] = [];
  const sockets = new Set<net.Socket>();
  const close = async () => {
    sockets.forEach((s) => s.destroy());
    await Promise.all(servers.map((s) => new Promise((resolve) => { (s as http.Server).closeAllConnections?.(); s.close(resolve); })));
    await Promise.all([...functions.values()].map((f) => f.close()));
  };
  const endpoints: LocalLoadBalancerEndpoint[] = [];
  try {
    for (const f of functions.values()) await f.check();
    for (const l of albs) {
      const server = http.createServer((req, res) => void handleAlb({ listener: l, functions, log: o.log }, req, res));
      servers.push(server);
      await listen(server, l.localPort, l.loadBalancer);
      const routes = [...l.rules].sort((a, b) => a.priority - b.priority).map((r) => `  ${r.priority}: ${r.conditions.map(conditionText).join(', ')} → ${describeTarget(r.target)}`);
      endpoints.push({ resource: l.loadBalancer, type: 'application-load-balancer', listenerPort: l.listenerPort, address: `http://${LOCAL_ENDPOINT_HOST}:${l.localPort}`, routes: [...(l.protocol === 'HTTPS' ? ['  (an HTTPS listener: served as plain HTTP locally)'] : []), ...routes] });
    }
    for (const l of nlbs) {
      const server = net.createServer((client) => {
        sockets.add(client);
        const upstream = net.connect(l.target.port, LOCAL_ENDPOINT_HOST);
        sockets.add(upstream);
        const end = () => {
          client.destroy();
          upstream.destroy();
          sockets.delete(client);
          sockets.delete(upstream);
        };
        client.on('error', end).on('close', end);
        upstream.on('error', end).on('close', end);
        client.pipe(upstream);
        upstream.pipe(client);
      });
      servers.push(server);
      await listen(server, l.localPort, l.loadBalancer);
      endpoints.push({ resource: l.loadBalancer, type: 'network-load-balancer', listenerPort: l.listenerPort, address: `${LOCAL_ENDPOINT_HOST}:${l.localPort}`, routes: [`  TCP → ${describeTarget(l.target)}`] });
    }
  } catch (e) {
    await close();
    throw e;
  }
  return { endpoints, close };
}

function listen(server: net.Server, port: number, resource: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(e.code === 'EADDRINUSE'
        ? new NxstackError('NXS_SERVE_PORT_IN_USE', `Port ${port} of '${resource}' on ${LOCAL_ENDPOINT_HOST} is already in use.`, { hint: 'Another serve of this project is running, or another program holds the port: stop it and start again.', cause: e })
        : e),
    );
    server.listen(port, LOCAL_ENDPOINT_HOST, () => resolve());
  });
}

interface AlbContext {
  readonly listener: LocalAlbListener;
  readonly functions: ReadonlyMap<string, ServedFunction>;
  readonly log: (line: string) => void;
}

async function handleAlb(ctx: AlbContext, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const started = performance.now();
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const headers: Array<[string, string]> = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) headers.push([req.rawHeaders[i], req.rawHeaders[i + 1]]);
  const request: AlbRequest = { method: req.method ?? 'GET', path: q < 0 ? url : url.slice(0, q), query: q < 0 ? '' : url.slice(q + 1), headers, sourceIp: req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? LOCAL_ENDPOINT_HOST };
  const done = (status: number, note: string) => ctx.log(`${ctx.listener.loadBalancer}: ${request.method} ${url} → ${status} ${note} (${Math.round(performance.now() - started)} ms)`);
  const rule = matchAlbRule(ctx.listener.rules, request);
  if (!rule) {
    const redirect = ctx.listener.redirect;
    if (redirect) {
      const location = redirectLocation(redirect, request, req.headers.host ?? `${LOCAL_ENDPOINT_HOST}`, ctx.listener);
      res.writeHead(redirect.statusCode === 'HTTP_301' ? 301 : 302, { location }).end();
      return done(res.statusCode, `redirect to ${location}`);
    }
    res.writeHead(ALB_NO_RULE_RESPONSE.statusCode, { 'content-type': ALB_NO_RULE_RESPONSE.contentType }).end(ALB_NO_RULE_RESPONSE.body);
    return done(ALB_NO_RULE_RESPONSE.statusCode, 'no rule matches');
  }
  const target = rule.target;
  if (target.kind === 'container') {
    const upstream = http.request({ host: LOCAL_ENDPOINT_HOST, port: target.port, method: request.method, path: url, headers: { ...req.headers, 'x-forwarded-for': request.sourceIp, 'x-forwarded-proto': 'http', 'x-forwarded-port': String(ctx.listener.listenerPort) } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
      answer.pipe(res);
      answer.on('end', () => done(answer.statusCode ?? 502, `→ ${describeTarget(target)}`));
    });
    upstream.on('error', (e) => {
      // The ALB's answer when its target refuses the connection.
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' }).end(`502 Bad Gateway: ${describeTarget(target)} does not answer (${(e as NodeJS.ErrnoException).code ?? e.message})`);
      else res.destroy();
      done(502, `→ ${describeTarget(target)}: ${(e as NodeJS.ErrnoException).code ?? e.message}`);
    });
    req.pipe(upstream);
    return;
  }
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const fn = ctx.functions.get(target.functionName)!;
  const badGateway = (why: string) => {
    res.writeHead(502, { 'content-type': 'text/plain' }).end('502 Bad Gateway');
    done(502, `→ function ${fn.name}: ${why}`);
  };
  try {
    const result = await fn.invoke(albLambdaEvent({ ...request, body: Buffer.concat(chunks) }, `${ctx.listener.loadBalancer}-${fn.name}`.slice(0, 32)));
    for (const line of result.logs.split('\n')) if (line) ctx.log(`  [${fn.name}] ${line}`);
    if (result.outcome !== 'success') return badGateway(`${result.outcome}${result.errorType ? ` (${result.errorType})` : ''}: ${result.payload.slice(0, 500)}`);
    const answer = albLambdaResponse(result.payload);
    if (!answer) return badGateway(`not a valid ALB answer: ${result.payload.slice(0, 500)}`);
    const grouped = new Map<string, string[]>();
    for (const [k, v] of answer.headers) if (!['content-length', 'transfer-encoding', 'connection'].includes(k.toLowerCase())) grouped.set(k.toLowerCase(), [...(grouped.get(k.toLowerCase()) ?? []), v]);
    for (const [k, vs] of grouped) res.setHeader(k, vs.length === 1 ? vs[0] : vs);
    res.statusCode = answer.statusCode;
    res.end(answer.body);
    done(answer.statusCode, `→ function ${fn.name}`);
  } catch (e) {
    ctx.log(`${ctx.listener.loadBalancer} → ${fn.name}: ${e instanceof NxstackError ? e.format() : (e as Error).stack ?? String(e)}`);
    badGateway('did not run');
  }
}

/** An ALB redirect: each part kept from the request unless the action sets it (`#{host}`, `#{port}`, `#{path}`, `#{query}` expand). */
function redirectLocation(r: NonNullable<LocalAlbListener['redirect']>, req: AlbRequest, hostHeader: string, l: LocalAlbListener): string {
  const host = hostHeader.replace(/:\d+$/, '');
  const expand = (s: string) => s.replace(/#\{host\}/g, host).replace(/#\{port\}/g, String(l.localPort)).replace(/#\{path\}/g, req.path.slice(1)).replace(/#\{query\}/g, req.query).replace(/#\{protocol\}/g, 'http');
  const protocol = (r.protocol ?? 'HTTP').toLowerCase();
  const port = r.port === undefined ? l.localPort : r.port;
  const query = expand(r.query ?? '#{query}');
  return `${protocol}://${expand(r.host ?? '#{host}')}:${port}${expand(r.path ?? '/#{path}')}${query ? `?${query}` : ''}`;
}
