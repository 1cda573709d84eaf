/**
 * Values stack.yml accepts where AWS or Stacktape fixes the set, from data/allowed-values.json
 * (its `_source` names where each list comes from; tools/data/refresh-allowed-values.py rewrites it).
 */
// require, not a read relative to __dirname: a bundler (esbuild in the lock tests, a user's
// bundle of an executor) inlines the JSON, and the zod enums need it when this module loads.
const data = require('./data/allowed-values.json') as {
  httpApiCorsMethods: string[];
  redisInstanceSizes: string[];
  databaseEngineVersions: Record<'postgres' | 'mysql' | 'mariadb' | 'aurora-postgresql' | 'aurora-mysql', string[]>;
};

export const HTTP_API_CORS_METHODS = data.httpApiCorsMethods as readonly string[];
export const REDIS_INSTANCE_SIZES = data.redisInstanceSizes as readonly string[];
export const DATABASE_ENGINE_VERSIONS = data.databaseEngineVersions as Readonly<Record<'postgres' | 'mysql' | 'mariadb' | 'aurora-postgresql' | 'aurora-mysql', readonly string[]>>;

/** The RDS engine whose versions a stack.yml engine type takes (aurora serverless runs the aurora engines). */
export function rdsEngineOf(engineType: string): keyof typeof DATABASE_ENGINE_VERSIONS | undefined {
  const engine = engineType.replace(/-serverless(-v2)?$/, '');
  return engine in DATABASE_ENGINE_VERSIONS ? (engine as keyof typeof DATABASE_ENGINE_VERSIONS) : undefined;
}
