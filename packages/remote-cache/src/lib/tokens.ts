import { createHash, timingSafeEqual } from 'node:crypto';

/** What a request's bearer token allows. */
export type Access = 'read-write' | 'read' | 'none';

export interface TokenSet {
  readonly readWrite: readonly string[];
  readonly read: readonly string[];
}

// Both sides are hashed first so the comparison takes the same time whatever the lengths are.
function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

function matchesAny(candidate: Buffer, tokens: readonly Buffer[]): boolean {
  let found = false;
  // No early exit: every configured token is compared.
  for (const token of tokens) found = timingSafeEqual(candidate, token) || found;
  return found;
}

/** Checks `Authorization: Bearer <token>` headers against the configured tokens in constant time. */
export function tokenChecker(tokens: TokenSet): (authorization: string | undefined) => Access {
  const readWrite = tokens.readWrite.map(digest);
  const read = tokens.read.map(digest);
  return (authorization) => {
    const m = /^Bearer\s+(.+)$/i.exec(authorization?.trim() ?? '');
    if (!m) return 'none';
    const candidate = digest(m[1]);
    const rw = matchesAny(candidate, readWrite);
    const r = matchesAny(candidate, read);
    return rw ? 'read-write' : r ? 'read' : 'none';
  };
}
