/** An HTTP response the gateway writes: status, header pairs (repeats allowed), body bytes. */
export interface GatewayResponse {
  readonly statusCode: number;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body: Buffer;
}

/** API Gateway's own answers, with its `{"message": ...}` bodies. */
export const gatewayError = (statusCode: number, message: string): GatewayResponse => ({
  statusCode,
  headers: [['content-type', 'application/json']],
  body: Buffer.from(JSON.stringify({ message })),
});

export const NOT_FOUND = gatewayError(404, 'Not Found');
/** A function error, timeout or malformed response (API Gateway answers 502 with this body). */
export const INTERNAL_ERROR = gatewayError(502, 'Internal Server Error');

interface StructuredResponse {
  statusCode?: unknown;
  headers?: Record<string, unknown>;
  multiValueHeaders?: Record<string, unknown[]>;
  cookies?: unknown[];
  body?: unknown;
  isBase64Encoded?: unknown;
}

function parse(payload: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(payload) as unknown };
  } catch {
    return { ok: false };
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function structured(r: StructuredResponse, withCookies: boolean, withMultiValue: boolean): GatewayResponse | undefined {
  const status = Number(r.statusCode);
  if (!Number.isInteger(status) || status < 100 || status > 599) return undefined;
  const headers: Array<[string, string]> = [];
  for (const [k, v] of Object.entries(r.headers ?? {})) if (v !== undefined && v !== null) headers.push([k, String(v)]);
  if (withMultiValue) for (const [k, vs] of Object.entries(r.multiValueHeaders ?? {})) for (const v of vs ?? []) headers.push([k, String(v)]);
  if (withCookies) for (const c of r.cookies ?? []) headers.push(['set-cookie', String(c)]);
  const text = r.body === undefined || r.body === null ? '' : typeof r.body === 'string' ? r.body : JSON.stringify(r.body);
  const body = r.isBase64Encoded === true ? Buffer.from(text, 'base64') : Buffer.from(text, 'utf8');
  return { statusCode: status, headers, body };
}

/**
 * Payload format 2.0 response: an object with `statusCode` is used as given (headers, cookies,
 * body, isBase64Encoded); any other valid JSON is the body of a 200 `application/json` answer
 * (a string as is), as API Gateway does it. Not JSON at all → 502.
 */
export function httpResponseV2(payload: string): GatewayResponse {
  const parsed = parse(payload);
  if (!parsed.ok) return INTERNAL_ERROR;
  const v = parsed.value;
  if (isObject(v) && 'statusCode' in v) return structured(v as StructuredResponse, true, false) ?? INTERNAL_ERROR;
  const body = typeof v === 'string' ? v : payload;
  return { statusCode: 200, headers: [['content-type', 'application/json']], body: Buffer.from(body, 'utf8') };
}

/** Payload format 1.0 response: must be `{ statusCode, headers?, multiValueHeaders?, body?, isBase64Encoded? }`, else 502. */
export function httpResponseV1(payload: string): GatewayResponse {
  const parsed = parse(payload);
  if (!parsed.ok || !isObject(parsed.value)) return INTERNAL_ERROR;
  return structured(parsed.value as StructuredResponse, false, true) ?? INTERNAL_ERROR;
}
