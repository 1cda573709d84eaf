/**
 * Registry authentication from a 401 challenge: Basic (user/password, also how ECR tokens are
 * used) or Bearer (token service: realm + service + scope, optionally with Basic credentials).
 */
export interface RegistryCredentials {
  readonly username: string;
  readonly password: string;
}

export interface Challenge {
  readonly scheme: 'basic' | 'bearer';
  readonly params: Readonly<Record<string, string>>;
}

export function parseChallenge(header: string | null): Challenge | undefined {
  if (!header) return undefined;
  const m = /^\s*(\w+)\s*(.*)$/.exec(header);
  if (!m) return undefined;
  const scheme = m[1]!.toLowerCase();
  if (scheme !== 'basic' && scheme !== 'bearer') return undefined;
  const params: Record<string, string> = {};
  for (const p of m[2]!.matchAll(/(\w+)="([^"]*)"/g)) params[p[1]!] = p[2]!;
  return { scheme, params };
}

export function basicHeader(c: RegistryCredentials): string {
  return `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}`;
}

/** Asks the token service for a Bearer token; returns undefined when it refuses. */
export async function fetchBearerToken(
  challenge: Challenge,
  scope: string,
  credentials: RegistryCredentials | undefined,
  fetchImpl: typeof fetch,
): Promise<string | undefined> {
  const realm = challenge.params['realm'];
  if (!realm) return undefined;
  const url = new URL(realm);
  if (challenge.params['service']) url.searchParams.set('service', challenge.params['service']);
  url.searchParams.set('scope', scope);
  const res = await fetchImpl(url, { headers: credentials ? { authorization: basicHeader(credentials) } : {} });
  if (!res.ok) return undefined;
  const body = (await res.json()) as { token?: string; access_token?: string };
  return body.token ?? body.access_token;
}
