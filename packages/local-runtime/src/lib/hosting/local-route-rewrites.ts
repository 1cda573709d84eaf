/**
 * A hosting bucket's `routeRewrites` on the local stage: the first path pattern that matches
 * (CloudFront's rule: `*` any characters, `?` one, the whole path) sends the request where the
 * distribution would: an http-api-gateway's or function URL's local endpoint (served by the same
 * `serve`), a bucket of the stack in the local AWS server, a custom origin; `routePrefix` goes
 * before the path. Load balancers are not served locally (serve refuses them up front).
 */
import * as http from 'node:http';
import * as https from 'node:https';
import { functionUrlLogicalId, httpApiLogicalId, localEndpointUrl, NxstackError, type CdnRouteRewrite } from '@nxstack/core';

/** CloudFront path pattern → RegExp over the request path. */
export function pathPatternRegExp(pattern: string): RegExp {
  const p = pattern.startsWith('/') || pattern.startsWith('*') ? pattern : `/${pattern}`;
  const body = [...p].map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${body}$`);
}

export function matchRoute(routes: readonly CdnRouteRewrite[], pathname: string): { route: CdnRouteRewrite; index: number } | undefined {
  const index = routes.findIndex((r) => pathPatternRegExp(r.path).test(pathname));
  return index < 0 ? undefined : { route: routes[index], index };
}

/** The base URL an endpoint route goes to, or undefined for a bucket or the site itself (answered from the local bucket). */
export function routeEndpoint(route: CdnRouteRewrite, stackName: string): string | undefined {
  const t = route.routeTo;
  if (!t || t.type === 'bucket') return undefined;
  switch (t.type) {
    case 'http-api-gateway':
      return localEndpointUrl(stackName, httpApiLogicalId(t.properties.httpApiGatewayName));
    case 'function':
      return localEndpointUrl(stackName, functionUrlLogicalId(t.properties.functionName));
    case 'custom-origin': {
      const scheme = (t.properties.protocol ?? 'HTTPS') === 'HTTPS' ? 'https' : 'http';
      return `${scheme}://${t.properties.domainName}${t.properties.port ? `:${t.properties.port}` : ''}`;
    }
    case 'application-load-balancer':
      throw new NxstackError('NXS_NOT_SUPPORTED_YET', `serve does not run application-load-balancer '${t.properties.loadBalancerName}' locally yet.`, { hint: 'Route to it on an AWS stage; serve refuses load balancers.' });
  }
}

/** Sends the request to `base` + routePrefix + path (+ query) and streams the answer back as it is. */
export function proxyRequest(base: string, prefix: string | undefined, req: http.IncomingMessage, res: http.ServerResponse, replaced: (status: number) => boolean = () => false): Promise<{ status: number; replaced: boolean }> {
  const incoming = new URL(req.url ?? '/', 'http://localhost');
  const target = new URL(`${(prefix ?? '').replace(/\/+$/, '')}${incoming.pathname}${incoming.search}`, base);
  const request = (target.protocol === 'https:' ? https.request : http.request) as typeof http.request;
  return new Promise((resolve, reject) => {
    const headers = { ...req.headers, host: target.host };
    delete headers.connection;
    const out = request(target, { method: req.method, headers }, (answer) => {
      const status = answer.statusCode ?? 502;
      // The distribution's error responses apply to every origin: the caller answers instead.
      if (replaced(status)) {
        answer.resume();
        resolve({ status, replaced: true });
        return;
      }
      res.writeHead(status, answer.headers);
      answer.pipe(res);
      answer.once('end', () => resolve({ status, replaced: false }));
      answer.once('error', reject);
    });
    out.once('error', reject);
    req.pipe(out);
  });
}
