import { NxstackError } from '@nxstack/core';
import type { ResourceCompileContext } from '../resource-types/resource-type';

/**
 * Default log retention: 180 days. Long enough to debug a rare incident weeks later, short enough
 * that logs of a forgotten stage do not grow for ever (CloudWatch keeps them forever otherwise).
 * Override per resource with `logging.retentionDays`.
 */
export const DEFAULT_LOG_RETENTION_DAYS = 180;

/** The values CloudWatch Logs accepts for RetentionInDays. */
const ALLOWED = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

export function logRetentionDays(ctx: ResourceCompileContext): number {
  const logging = ctx.properties.logging as { retentionDays?: unknown } | undefined;
  const days = logging?.retentionDays;
  if (days === undefined) return DEFAULT_LOG_RETENTION_DAYS;
  if (typeof days !== 'number' || !ALLOWED.includes(days)) {
    throw new NxstackError('NXS_LOG_RETENTION_INVALID', `logging.retentionDays of resource '${ctx.name}' is ${JSON.stringify(days)}, which CloudWatch Logs does not accept.`, {
      location: ctx.locate([...ctx.path, 'properties', 'logging', 'retentionDays']),
      hint: `Use one of: ${ALLOWED.join(', ')}.`,
    });
  }
  return days;
}
