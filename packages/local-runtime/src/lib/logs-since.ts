import { NxstackError } from '@nxstack/core';

const UNIT_MS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `--since`: a duration back from now (`30s`, `10m`, `2h`, `1d`) or an ISO date → epoch ms. */
export function parseSince(since: string | undefined, now = Date.now()): number | undefined {
  if (since === undefined || since === '') return undefined;
  const m = /^(\d+)([smhd])$/.exec(since.trim());
  if (m) return now - Number(m[1]) * UNIT_MS[m[2]];
  if (/^\d{4}-\d{2}-\d{2}/.test(since)) {
    const at = Date.parse(since);
    if (!Number.isNaN(at)) return at;
  }
  throw new NxstackError('NXS_LOGS_SINCE_INVALID', `--since '${since}' is neither a duration nor a date.`, {
    hint: 'Use a duration back from now (30s, 10m, 2h, 1d) or an ISO date (2026-01-31T12:00:00Z).',
  });
}
