import type { AlbRuleCondition } from '@nxstack/core';

/** What of a request an ALB rule condition looks at. */
export interface AlbRequest {
  readonly method: string;
  /** Path without the query string, as received (not decoded). */
  readonly path: string;
  /** The query string without `?`. */
  readonly query: string;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly sourceIp: string;
}

export interface AlbRule<T> {
  readonly priority: number;
  /** The conditions core's albRuleConditions gives the event (what the compiler puts on the listener rule). */
  readonly conditions: readonly AlbRuleCondition[];
  readonly target: T;
}

/**
 * The rule an ALB listener applies: rules in priority order (lowest first), the first whose every
 * condition matches wins; undefined = the listener's default action. Condition meanings follow
 * Elastic Load Balancing: path patterns are case-sensitive, hosts, header values and query
 * strings are not; `*` matches any run of characters and `?` exactly one; within one condition
 * any value may match.
 */
export function matchAlbRule<T>(rules: ReadonlyArray<AlbRule<T>>, req: AlbRequest): AlbRule<T> | undefined {
  return [...rules].sort((a, b) => a.priority - b.priority).find((r) => r.conditions.every((c) => conditionMatches(c, req)));
}

function conditionMatches(c: AlbRuleCondition, req: AlbRequest): boolean {
  switch (c.Field) {
    case 'path-pattern':
      return c.PathPatternConfig.Values.some((v) => wildcard(v, false).test(req.path));
    case 'http-request-method':
      return c.HttpRequestMethodConfig.Values.includes(req.method);
    case 'host-header': {
      const host = headerValues(req, 'host')[0]?.replace(/:\d+$/, '') ?? '';
      return c.HostHeaderConfig.Values.some((v) => wildcard(v, true).test(host));
    }
    case 'http-header': {
      const values = headerValues(req, c.HttpHeaderConfig.HttpHeaderName);
      return c.HttpHeaderConfig.Values.some((v) => values.some((h) => wildcard(v, true).test(h)));
    }
    case 'query-string': {
      const pairs = [...new URLSearchParams(req.query)];
      return c.QueryStringConfig.Values.some((q) => pairs.some(([k, v]) => (q.Key === undefined || wildcard(q.Key, true).test(k)) && wildcard(q.Value, true).test(v)));
    }
    case 'source-ip':
      return c.SourceIpConfig.Values.some((cidr) => inCidr(req.sourceIp, cidr));
  }
}

function headerValues(req: AlbRequest, name: string): string[] {
  const lower = name.toLowerCase();
  return req.headers.filter(([k]) => k.toLowerCase() === lower).map(([, v]) => v);
}

function wildcard(pattern: string, ignoreCase: boolean): RegExp {
  const source = [...pattern].map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${source}$`, ignoreCase ? 'is' : 's');
}

function ipv4(ip: string): number | undefined {
  const parts = ip.replace(/^::ffff:/, '').split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
}

function inCidr(ip: string, cidr: string): boolean {
  const [base, bits] = cidr.split('/');
  const a = ipv4(ip);
  const b = ipv4(base);
  if (a === undefined || b === undefined) return false;
  const size = 2 ** (32 - Number(bits));
  return Math.floor(a / size) === Math.floor(b / size);
}
