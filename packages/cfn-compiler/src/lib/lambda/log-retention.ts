import type { ResourceCompileContext } from '../resource-types/resource-type';

/**
 * Default log retention: 180 days. Long enough to debug a rare incident weeks later, short enough
 * that logs of a forgotten stage do not grow for ever (CloudWatch keeps them forever otherwise).
 * Override per resource with `logging.retentionDays`; the loader accepts only the values
 * CloudWatch Logs does (core's CLOUDWATCH_LOG_RETENTION_DAYS), so nothing is checked here.
 */
export const DEFAULT_LOG_RETENTION_DAYS = 180;

export function logRetentionDays(ctx: ResourceCompileContext): number {
  const logging = ctx.properties.logging as { retentionDays?: number } | undefined;
  return logging?.retentionDays ?? DEFAULT_LOG_RETENTION_DAYS;
}
