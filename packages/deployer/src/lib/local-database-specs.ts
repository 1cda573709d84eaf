/**
 * Which local database servers a compiled template needs: each RDS instance that is not an Aurora
 * cluster member, each RDS cluster and each ElastiCache replication group (relational-database,
 * redis-cluster, also when written under cloudformationResources), with the engine, version,
 * user, database and password secret the template gives them and the port the local stage's
 * values name (local-resource-values.ts), so what functions and scripts read is where they listen.
 */
import { logicalId, type LoadedStack, type SourceLocation } from '@nxstack/core';
import { databaseEngineOf, type LocalDatabaseSpec } from '@nxstack/local-runtime';
import { localResourceValues } from './local-resource-values';

type Template = Record<string, any>;

/** `{{resolve:secretsmanager:<name>}}` → `<name>`; `{{resolve:ssm-secure:<p>}}` → `ssm:<p>` (how `$Secret` reads them locally). */
function secretName(value: unknown): string | undefined {
  const m = /^\{\{resolve:(secretsmanager|ssm-secure):([^}]+)\}\}$/.exec(typeof value === 'string' ? value : '');
  return m ? (m[1] === 'ssm-secure' ? `ssm:${m[2]}` : m[2]) : undefined;
}

/** The stack.yml resource a logical id was compiled from (`<PascalName><Suffix>`), for messages and locations. */
function resourceOf(stack: LoadedStack | undefined, id: string): { name: string; location?: SourceLocation } {
  for (const name of Object.keys(stack?.config.resources ?? {})) {
    if (['DbInstance', 'DbCluster', 'ReplicationGroup'].some((s) => logicalId(name, s) === id)) return { name, location: stack!.locate(['resources', name]) };
  }
  return { name: id, location: stack ? { file: stack.file } : undefined };
}

export function localDatabaseSpecs(template: Template, stackName: string, stack?: LoadedStack): LocalDatabaseSpec[] {
  const specs: LocalDatabaseSpec[] = [];
  for (const [id, r] of Object.entries<Record<string, any>>(template.Resources ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    const p = (r.Properties ?? {}) as Record<string, unknown>;
    const relational = (r.Type === 'AWS::RDS::DBInstance' && p.DBClusterIdentifier === undefined) || r.Type === 'AWS::RDS::DBCluster';
    if (!relational && r.Type !== 'AWS::ElastiCache::ReplicationGroup') continue;
    const engine = databaseEngineOf(String(p.Engine ?? (relational ? '' : 'redis')));
    if (!engine) continue;
    const values = localResourceValues(id, String(r.Type), p, stackName);
    const port = Number(values.attribute(r.Type === 'AWS::ElastiCache::ReplicationGroup' ? 'PrimaryEndPoint.Port' : 'Endpoint.Port'));
    const { name, location } = resourceOf(stack, id);
    const version = p.EngineVersion === undefined ? undefined : String(p.EngineVersion);
    specs.push(
      relational
        ? { logicalId: id, resource: name, engine, version, port, location, user: String(p.MasterUsername ?? ''), dbName: String(p.DBName ?? p.DatabaseName ?? ''), passwordSecret: secretName(p.MasterUserPassword) }
        : { logicalId: id, resource: name, engine, version, port, location, passwordSecret: secretName(p.AuthToken) },
    );
  }
  return specs;
}
