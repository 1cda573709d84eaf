import type { ResourceCompileContext } from '../resource-types/resource-type';

/**
 * Default log retention: 90 days, Stacktape's default for functions, batch jobs and containers
 * (a config moved over keeps its logs as long as before); CloudWatch keeps them forever otherwise.
 * Override per resource with `logging.retentionDays`; the loader accepts only the values
 * CloudWatch Logs does (core's CLOUDWATCH_LOG_RETENTION_DAYS), so nothing is checked here.
 */
export const DEFAULT_LOG_RETENTION_DAYS = 90;

export function logRetentionDays(ctx: ResourceCompileContext): number {
  const logging = ctx.properties.logging as { retentionDays?: number } | undefined;
  return logging?.retentionDays ?? DEFAULT_LOG_RETENTION_DAYS;
}
