import type { GatewayResponse } from './http-response';

/** An http-api-gateway's `cors` (or a function URL's `url.cors`) when `enabled`, as in stack.yml. */
export interface CorsConfig {
  readonly allowedOrigins?: readonly string[];
  readonly allowedHeaders?: readonly string[];
  readonly allowedMethods?: readonly string[];
  readonly allowCredentials?: boolean;
  readonly exposedResponseHeaders?: readonly string[];
  readonly maxAge?: number;
}

const header = (headers: ReadonlyArray<readonly [string, string]>, name: string) => headers.find(([k]) => k.toLowerCase() === name)?.[1];

/** The allowed origin to send back for this request's Origin, or undefined when it is not allowed. */
function allowedOrigin(cors: CorsConfig, origin: string | undefined): string | undefined {
  if (!origin) return undefined;
  const origins = cors.allowedOrigins ?? ['*'];
  if (origins.includes(origin)) return origin;
  // With credentials a browser refuses `*`: API Gateway sends the request's origin back.
  if (origins.includes('*')) return cors.allowCredentials ? origin : '*';
  return undefined;
}

/**
 * API Gateway answers a CORS preflight (OPTIONS with Origin and Access-Control-Request-Method)
 * itself when the API has a CORS configuration, before any route; undefined for other requests.
 */
export function corsPreflight(cors: CorsConfig | undefined, method: string, headers: ReadonlyArray<readonly [string, string]>): GatewayResponse | undefined {
  const requested = header(headers, 'access-control-request-method');
  if (!cors || method !== 'OPTIONS' || !requested) return undefined;
  const origin = allowedOrigin(cors, header(headers, 'origin'));
  const out: Array<[string, string]> = [];
  if (origin) {
    const methods = cors.allowedMethods ?? ['*'];
    const allowHeaders = cors.allowedHeaders ?? ['*'];
    out.push(['access-control-allow-origin', origin]);
    out.push(['access-control-allow-methods', methods.includes('*') ? requested : methods.join(',')]);
    const requestedHeaders = header(headers, 'access-control-request-headers');
    if (requestedHeaders || !allowHeaders.includes('*')) out.push(['access-control-allow-headers', allowHeaders.includes('*') ? requestedHeaders ?? '' : allowHeaders.join(',')]);
    if (cors.allowCredentials) out.push(['access-control-allow-credentials', 'true']);
    if (cors.maxAge !== undefined) out.push(['access-control-max-age', String(cors.maxAge)]);
    if (origin !== '*') out.push(['vary', 'Origin']);
  }
  return { statusCode: 204, headers: out, body: Buffer.alloc(0) };
}

/** Headers API Gateway adds to an answer of a cross-origin request from an allowed origin. */
export function corsResponseHeaders(cors: CorsConfig | undefined, headers: ReadonlyArray<readonly [string, string]>): Array<[string, string]> {
  const origin = cors && allowedOrigin(cors, header(headers, 'origin'));
  if (!cors || !origin) return [];
  const out: Array<[string, string]> = [['access-control-allow-origin', origin]];
  if (cors.allowCredentials) out.push(['access-control-allow-credentials', 'true']);
  if (cors.exposedResponseHeaders?.length) out.push(['access-control-expose-headers', cors.exposedResponseHeaders.join(',')]);
  if (origin !== '*') out.push(['vary', 'Origin']);
  return out;
}
