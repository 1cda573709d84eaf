/**
 * `serve` for hosting buckets: each site on 127.0.0.1 at the port its local `url` names (core's
 * localEndpointPort of the distribution), answering from the objects deploy put into the local
 * AWS server's bucket, with the same path rewrites as the CloudFront Function (core's
 * hostingRequestKey) and the error document with 404 for a missing object, as the distribution does.
 * `routeRewrites` send matching paths to their origin first (local-route-rewrites.ts); as on
 * CloudFront, whose error responses are the whole distribution's, a 403/404 from any origin is
 * answered with the error document.
 */
import { promises as fs } from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import {
  DEFAULT_STAGE,
  hostingEndpointLogicalId,
  hostingRequestKey,
  hostingRouting,
  LOCAL_ENDPOINT_HOST,
  LOCAL_REGION,
  localEndpointPort,
  localStackStateFile,
  logicalId,
  NxstackError,
  stackName as stackNameOf,
  type CdnRouteRewrite,
  type HostingBucketProperties,
  type HostingRouting,
  type LoadedStack,
  type LocalStackStateOutputs,
} from '@nxstack/core';
import { runningLocalAwsServer } from '../local-aws/local-aws-server';
import { matchRoute, proxyRequest, routeEndpoint } from './local-route-rewrites';

export interface LocalHosting {
  readonly sites: ReadonlyArray<{ readonly resource: string; readonly url: string }>;
  close(): Promise<void>;
}

const PASSED_HEADERS = ['content-type', 'cache-control', 'content-length', 'etag', 'last-modified', 'content-encoding', 'content-disposition', 'content-language', 'expires'];

export async function startLocalHosting(o: { workspaceRoot: string; projectName: string; stack: LoadedStack; log: (line: string) => void }): Promise<LocalHosting> {
  const stackName = stackNameOf(o.projectName, DEFAULT_STAGE);
  const servers: http.Server[] = [];
  const sites: Array<{ resource: string; url: string }> = [];
  const close = () => Promise.all(servers.map((s) => new Promise((resolve) => { s.closeAllConnections(); s.close(resolve); }))).then(() => undefined);
  try {
    for (const [name, r] of Object.entries(o.stack.config.resources)) {
      if (r.type !== 'hosting-bucket') continue;
      const port = localEndpointPort(stackName, hostingEndpointLogicalId(name));
      const props = r.properties as HostingBucketProperties;
      const site = { ...o, name, stackName, routing: hostingRouting(props), routes: props.routeRewrites ?? [] };
      const server = http.createServer((req, res) => void serveRequest(site, req, res).catch((e: unknown) => {
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`${(e as Error).message}\n`);
      }));
      servers.push(server);
      await new Promise<void>((resolve, reject) => {
        server.once('error', (e: NodeJS.ErrnoException) => reject(e.code === 'EADDRINUSE' ? new NxstackError('NXS_SERVE_PORT_IN_USE', `Port ${port} of '${name}' on ${LOCAL_ENDPOINT_HOST} is already in use.`, { hint: 'Another serve of this project is running, or another program holds the port: stop it and start again.', cause: e }) : e));
        server.listen(port, LOCAL_ENDPOINT_HOST, () => resolve());
      });
      sites.push({ resource: name, url: `http://${LOCAL_ENDPOINT_HOST}:${port}` });
    }
  } catch (e) {
    await close();
    throw e;
  }
  return { sites, close };
}

interface Site {
  readonly workspaceRoot: string;
  readonly projectName: string;
  readonly stackName: string;
  readonly name: string;
  readonly routing: HostingRouting;
  readonly routes: readonly CdnRouteRewrite[];
  log(line: string): void;
}

async function serveRequest(o: Site, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const method = req.method ?? 'GET';
  const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
  const matched = matchRoute(o.routes, pathname);
  let status: number;
  if (!matched) status = await serveObject(o, o.name, hostingRequestKey(o.routing, pathname), method, res);
  else {
    const { route } = matched;
    const endpoint = routeEndpoint(route, o.stackName);
    if (endpoint) {
      const proxied = await proxyRequest(endpoint, route.routePrefix, req, res, (s) => s === 403 || s === 404);
      status = proxied.replaced ? await serveObject(o, o.name, undefined, method, res) : proxied.status;
    } else {
      const bucket = route.routeTo?.type === 'bucket' ? route.routeTo : undefined;
      const routing = bucket ? { ...o.routing, spa: false, normalize: bucket.properties.disableUrlNormalization !== true, indexDocument: '/index.html' } : undefined;
      const key = `${(route.routePrefix ?? '').replace(/^\/+|\/+$/g, '')}/${routing ? hostingRequestKey(routing, pathname) : pathname.replace(/^\/+/, '')}`.replace(/^\/+/, '');
      status = await serveObject(o, bucket?.properties.bucketName ?? o.name, key, method, res);
    }
  }
  o.log(`${o.name}: ${method} ${req.url}${matched ? ` (routeRewrites[${matched.index}] ${matched.route.path})` : ''} → ${status}`);
}

/**
 * Answers from bucket `resource`'s objects in the local AWS server: `key`, else (missing, or key
 * undefined) the site's error document with 404. Returns the status sent.
 */
async function serveObject(o: Site, resource: string, key: string | undefined, method: string, res: http.ServerResponse): Promise<number> {
  if (method !== 'GET' && method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' }).end();
    return 405;
  }
  // Read per request: a deploy while serve runs is served at once.
  const state = await fs.readFile(path.join(o.workspaceRoot, localStackStateFile(DEFAULT_STAGE, o.projectName)), 'utf8').then((t) => JSON.parse(t) as LocalStackStateOutputs, () => undefined);
  const bucket = state?.outputs?.[logicalId(resource, 'Name')];
  const site = state?.outputs?.[logicalId(o.name, 'Name')];
  const server = await runningLocalAwsServer(o.workspaceRoot);
  if (!bucket || !site || !server) {
    res.writeHead(503, { 'content-type': 'text/plain' }).end(`'${resource}' is not deployed on the local stage: run nx run ${o.projectName}:deploy\n`);
    return 503;
  }
  // Anonymous reads of a private bucket are refused (403) by the local AWS server as by S3; it checks
  // that a request carries credentials, not their signature (the fixed local ones of localAwsEnvironment).
  const auth = `AWS4-HMAC-SHA256 Credential=local/20000101/${LOCAL_REGION}/s3/aws4_request, SignedHeaders=host, Signature=0`;
  const get = (b: string, k: string) => fetch(`${server.endpoint}/${b}/${k.split('/').map(encodeURIComponent).join('/')}`, { method, headers: { authorization: auth } });
  let status = 404;
  let got = key === undefined ? undefined : await get(bucket, key);
  if (!got || got.status === 404 || got.status === 403) got = await get(site, o.routing.errorDocument.replace(/^\/+/, ''));
  else status = got.status;
  if (!got.ok) {
    res.writeHead(status === 404 ? 404 : 502, { 'content-type': 'text/plain' }).end(status === 404 ? 'Not Found\n' : `local bucket answered ${got.status}\n`);
    return status === 404 ? 404 : 502;
  }
  const headers: Record<string, string> = {};
  for (const h of PASSED_HEADERS) {
    const v = got.headers.get(h);
    if (v !== null) headers[h] = v;
  }
  res.writeHead(status, headers).end(method === 'HEAD' ? undefined : Buffer.from(await got.arrayBuffer()));
  return status;
}
