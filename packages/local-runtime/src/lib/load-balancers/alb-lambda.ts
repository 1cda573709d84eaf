import { LOCAL_ACCOUNT, LOCAL_REGION } from '@nxstack/core';
import { isTextContentType } from '../gateway/http-event';
import type { AlbRequest } from './alb-rule-match';

/**
 * The event an ALB sends a Lambda target (multi-value headers off, the target group's default):
 * lower-case header names, the last value of a repeated header or query parameter, query values
 * as received (an ALB does not decode them).
 */
export function albLambdaEvent(req: AlbRequest & { readonly body: Buffer }, targetGroup: string): Record<string, unknown> {
  const headers: Record<string, string> = {};
  for (const [k, v] of req.headers) headers[k.toLowerCase()] = v;
  const query: Record<string, string> = {};
  for (const pair of req.query ? req.query.split('&') : []) {
    if (!pair) continue;
    const at = pair.indexOf('=');
    query[at < 0 ? pair : pair.slice(0, at)] = at < 0 ? '' : pair.slice(at + 1);
  }
  // As API Gateway does: a text content type arrives as text, anything else base64-encoded.
  const text = !req.body.length || isTextContentType(headers['content-type']);
  return {
    requestContext: { elb: { targetGroupArn: `arn:aws:elasticloadbalancing:${LOCAL_REGION}:${LOCAL_ACCOUNT}:targetgroup/${targetGroup}/0000000000000000` } },
    httpMethod: req.method,
    path: req.path,
    queryStringParameters: query,
    headers,
    body: text ? req.body.toString('utf8') : req.body.toString('base64'),
    isBase64Encoded: !text,
  };
}

export interface AlbLambdaResponse {
  readonly statusCode: number;
  readonly headers: Array<[string, string]>;
  readonly body: Buffer;
}

/** A Lambda target's answer as the ALB sends it on; undefined = not a valid answer (the ALB answers 502). */
export function albLambdaResponse(payload: string): AlbLambdaResponse | undefined {
  let r: { statusCode?: unknown; headers?: Record<string, unknown>; multiValueHeaders?: Record<string, unknown[]>; body?: unknown; isBase64Encoded?: unknown };
  try {
    r = JSON.parse(payload) as typeof r;
  } catch {
    return undefined;
  }
  if (!r || typeof r !== 'object' || typeof r.statusCode !== 'number') return undefined;
  const headers: Array<[string, string]> = [];
  for (const [k, v] of Object.entries(r.headers ?? {})) headers.push([k, String(v)]);
  for (const [k, vs] of Object.entries(r.multiValueHeaders ?? {})) for (const v of vs ?? []) headers.push([k, String(v)]);
  const body = typeof r.body === 'string' ? Buffer.from(r.body, r.isBase64Encoded === true ? 'base64' : 'utf8') : Buffer.alloc(0);
  return { statusCode: r.statusCode, headers, body };
}
