import { randomUUID } from 'node:crypto';
import type { RouteMatch } from './http-routes';

/** What the gateway read from one HTTP request. */
export interface HttpRequestInfo {
  readonly method: string;
  /** Path and query as sent (`/users/1?x=1`). */
  readonly url: string;
  /** Raw header pairs as received (Node's `rawHeaders` as [name, value] pairs). */
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body: Buffer;
  readonly sourceIp: string;
  /** `127.0.0.1:<port>`: the endpoint's host. */
  readonly host: string;
  /** The endpoint's id (API id / URL id) for requestContext. */
  readonly apiId: string;
  readonly receivedAt: Date;
}

const ACCOUNT = '000000000000';

/**
 * API Gateway sends a body as text when its content type is text, JSON, XML or JavaScript;
 * anything else (images, form posts, no content type) arrives base64-encoded with isBase64Encoded.
 */
export function isTextContentType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const t = contentType.split(';')[0].trim().toLowerCase();
  return t.startsWith('text/') || /^application\/(json|xml|javascript|ecmascript)$/.test(t) || /\+(json|xml)$/.test(t);
}

function splitUrl(url: string): { rawPath: string; rawQueryString: string } {
  const q = url.indexOf('?');
  return q < 0 ? { rawPath: url, rawQueryString: '' } : { rawPath: url.slice(0, q), rawQueryString: url.slice(q + 1) };
}

function queryPairs(raw: string): Array<[string, string]> {
  return raw ? [...new URLSearchParams(raw)] : [];
}

function bodyOf(req: HttpRequestInfo, contentType: string | undefined): { body?: string; isBase64Encoded: boolean } {
  if (req.body.length === 0) return { isBase64Encoded: false };
  return isTextContentType(contentType) ? { body: req.body.toString('utf8'), isBase64Encoded: false } : { body: req.body.toString('base64'), isBase64Encoded: true };
}

const httpDate = (d: Date) => {
  // API Gateway's requestTime: `12/Mar/2020:19:03:58 +0000`.
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${months[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
};

/** Payload format 2.0: lower-case headers joined with `,`, cookies apart, query values joined with `,`. */
export function httpEventV2(req: HttpRequestInfo, match: RouteMatch): Record<string, unknown> {
  const { rawPath, rawQueryString } = splitUrl(req.url);
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (const [name, value] of req.headers) {
    const key = name.toLowerCase();
    if (key === 'cookie') cookies.push(...value.split(';').map((c) => c.trim()).filter(Boolean));
    else headers[key] = key in headers ? `${headers[key]},${value}` : value;
  }
  const query: Record<string, string> = {};
  for (const [k, v] of queryPairs(rawQueryString)) query[k] = k in query ? `${query[k]},${v}` : v;
  const requestId = randomUUID();
  return {
    version: '2.0',
    routeKey: match.route.routeKey,
    rawPath,
    rawQueryString,
    ...(cookies.length ? { cookies } : {}),
    headers,
    ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
    requestContext: {
      accountId: ACCOUNT,
      apiId: req.apiId,
      domainName: req.host,
      domainPrefix: req.host.split('.')[0],
      http: { method: req.method, path: safeDecodePath(rawPath), protocol: 'HTTP/1.1', sourceIp: req.sourceIp, userAgent: headers['user-agent'] ?? '' },
      requestId,
      routeKey: match.route.routeKey,
      stage: '$default',
      time: httpDate(req.receivedAt),
      timeEpoch: req.receivedAt.getTime(),
    },
    ...(match.pathParameters ? { pathParameters: match.pathParameters } : {}),
    ...bodyOf(req, headers['content-type']),
  };
}

/** Payload format 1.0 (the REST-API-shaped event, Stacktape's default for HTTP API routes). */
export function httpEventV1(req: HttpRequestInfo, match: RouteMatch): Record<string, unknown> {
  const { rawPath, rawQueryString } = splitUrl(req.url);
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (const [name, value] of req.headers) {
    headers[name] = name in headers ? `${headers[name]},${value}` : value;
    (multiValueHeaders[name] ??= []).push(value);
  }
  const query: Record<string, string> = {};
  const multiQuery: Record<string, string[]> = {};
  for (const [k, v] of queryPairs(rawQueryString)) {
    query[k] = v;
    (multiQuery[k] ??= []).push(v);
  }
  const hasQuery = Object.keys(query).length > 0;
  const lower = Object.fromEntries(req.headers.map(([k, v]) => [k.toLowerCase(), v]));
  const { body, isBase64Encoded } = bodyOf(req, lower['content-type']);
  const path = safeDecodePath(rawPath);
  const resource = match.route.routeKey === '$default' ? '$default' : match.route.routeKey.split(' ')[1];
  return {
    version: '1.0',
    resource,
    path,
    httpMethod: req.method,
    headers,
    multiValueHeaders,
    queryStringParameters: hasQuery ? query : null,
    multiValueQueryStringParameters: hasQuery ? multiQuery : null,
    requestContext: {
      accountId: ACCOUNT,
      apiId: req.apiId,
      domainName: req.host,
      domainPrefix: req.host.split('.')[0],
      extendedRequestId: randomUUID(),
      httpMethod: req.method,
      identity: { sourceIp: req.sourceIp, userAgent: lower['user-agent'] ?? '' },
      path,
      protocol: 'HTTP/1.1',
      requestId: randomUUID(),
      requestTime: httpDate(req.receivedAt),
      requestTimeEpoch: req.receivedAt.getTime(),
      resourcePath: resource,
      stage: '$default',
    },
    pathParameters: match.pathParameters ?? null,
    stageVariables: null,
    body: body ?? null,
    isBase64Encoded,
  };
}

function safeDecodePath(p: string): string {
  try {
    return decodeURI(p);
  } catch {
    return p;
  }
}
