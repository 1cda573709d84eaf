import * as http from 'node:http';
import { LOCAL_ENDPOINT_HOST } from '@nxstack/core';
import type { HttpRequestInfo } from './http-event';
import { gatewayError, type GatewayResponse } from './http-response';

/** API Gateway's answer when a private integration's target does not answer. */
const UNAVAILABLE = gatewayError(503, 'Service Unavailable');

/** The request passed on to a container port of 127.0.0.1 as an HTTP_PROXY integration passes it (method, path, query, headers, body); its answer as received. */
export function proxyToContainer(port: number, req: HttpRequestInfo): Promise<GatewayResponse> {
  return new Promise((resolve) => {
    const headers: Record<string, string | string[]> = {};
    for (const [k, v] of req.headers) {
      const key = k.toLowerCase();
      if (key === 'host' || key === 'connection' || key === 'content-length' || key === 'transfer-encoding') continue;
      const prev = headers[key];
      headers[key] = prev === undefined ? v : [...(Array.isArray(prev) ? prev : [prev]), v];
    }
    const upstream = http.request({ host: LOCAL_ENDPOINT_HOST, port, method: req.method, path: req.url, headers: { ...headers, 'content-length': String(req.body.length), 'x-forwarded-for': req.sourceIp } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const out: Array<[string, string]> = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) out.push([res.rawHeaders[i], res.rawHeaders[i + 1]]);
        resolve({ statusCode: res.statusCode ?? 502, headers: out, body: Buffer.concat(chunks) });
      });
      res.on('error', () => resolve(UNAVAILABLE));
    });
    upstream.on('error', () => resolve(UNAVAILABLE));
    upstream.end(req.body);
  });
}
