import type { SourceLocation } from '@nxstack/core';

/** The server families the local stage runs; aurora-postgresql is postgres, aurora-mysql is mysql. */
export type DatabaseEngine = 'postgres' | 'mysql' | 'mariadb' | 'redis';

/** A spec with its password read: what a launcher gets. */
export interface ResolvedDatabaseSpec extends LocalDatabaseSpec {
  readonly password?: string;
}

/** One relational-database or redis-cluster as its local server is started. */
export interface LocalDatabaseSpec {
  /** The CloudFormation logical id (DbInstance / DbCluster / ReplicationGroup): names its folder and port. */
  readonly logicalId: string;
  /** The stack.yml resource, for messages. */
  readonly resource: string;
  readonly engine: DatabaseEngine;
  /** `engine.properties.version` / `engineVersion` as written, when given. */
  readonly version?: string;
  readonly port: number;
  /** Relational engines: the master user, its password and the database to create. */
  readonly user?: string;
  /** The `$Secret` name of the password (read from the local secrets file when the server starts). */
  readonly passwordSecret?: string;
  readonly dbName?: string;
  /** Where the resource is written in stack.yml (errors point there). */
  readonly location?: SourceLocation;
}

/** `postgres`, `aurora-postgresql(-serverless)` → postgres; `mysql`, `aurora-mysql(-serverless)` → mysql. */
export function databaseEngineOf(cfnEngine: string): DatabaseEngine | undefined {
  if (/postgres/.test(cfnEngine)) return 'postgres';
  if (cfnEngine === 'mariadb') return 'mariadb';
  if (/mysql/.test(cfnEngine)) return 'mysql';
  if (cfnEngine === 'redis' || cfnEngine === 'valkey') return 'redis';
  return undefined;
}

/**
 * The part of a version that decides data-format compatibility and the image tag: postgres and
 * redis their major (`18.1` → `18`), mysql/mariadb major.minor (`8.0.40` → `8.0`,
 * `8.0.mysql_aurora.3.05.2` → `8.0`).
 */
export function versionLine(engine: DatabaseEngine, version: string | undefined): string | undefined {
  const m = /^(\d+)(?:\.(\d+))?/.exec(version ?? '');
  if (!m) return undefined;
  return engine === 'mysql' || engine === 'mariadb' ? (m[2] !== undefined ? `${m[1]}.${m[2]}` : m[1]) : m[1];
}

/** The image tags used when stack.yml names no version (public images of these names). */
const DEFAULT_IMAGE_TAGS: Readonly<Record<DatabaseEngine, string>> = { postgres: '17', mysql: '8.0', mariadb: '11.4', redis: '7' };

/** `postgres:18`, `mysql:8.0`, `mariadb:10.11`, `redis:7`. */
export function databaseImage(spec: Pick<LocalDatabaseSpec, 'engine' | 'version'>): string {
  return `${spec.engine}:${versionLine(spec.engine, spec.version) ?? DEFAULT_IMAGE_TAGS[spec.engine]}`;
}

/** What a user installs to run the engine without Docker (Debian/Ubuntu package names). */
export const HOST_PACKAGES: Readonly<Record<DatabaseEngine, string>> = {
  postgres: 'postgresql (initdb, postgres)',
  mysql: 'mariadb-server (mariadbd, mariadb-install-db, my_print_defaults)',
  mariadb: 'mariadb-server (mariadbd, mariadb-install-db, my_print_defaults)',
  redis: 'redis-server',
};
