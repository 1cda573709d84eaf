/**
 * Facts about a target that change what connectTo emits, read from its stack.yml properties.
 * Kept here (not in the compiler) so connect-to and the compiler decide them the same way.
 */
type Props = Readonly<Record<string, unknown>> | undefined;

const obj = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

export const DEFAULT_DATABASE_PORTS: Readonly<Record<string, number>> = {
  postgres: 5432,
  'aurora-postgresql': 5432,
  'aurora-postgresql-serverless': 5432,
  mysql: 3306,
  mariadb: 3306,
  'aurora-mysql': 3306,
  'aurora-mysql-serverless': 3306,
};

export function databaseEngineType(props: Props): string {
  return String(obj(obj(props).engine).type ?? 'postgres');
}

export function databasePort(props: Props): number {
  const engine = obj(obj(props).engine);
  const port = obj(engine.properties).port;
  return typeof port === 'number' ? port : DEFAULT_DATABASE_PORTS[databaseEngineType(props)] ?? 5432;
}

export function isAuroraEngine(props: Props): boolean {
  return databaseEngineType(props).startsWith('aurora-');
}

/** Aurora instances: `engine.properties.instances` (serverless v2 defaults to one instance). */
export function auroraInstanceCount(props: Props): number {
  const instances = obj(obj(obj(props).engine).properties).instances;
  return Array.isArray(instances) && instances.length > 0 ? instances.length : 1;
}

/** READER_* variables exist for Aurora clusters with more than one instance. */
export function hasReaderEndpoint(props: Props): boolean {
  return isAuroraEngine(props) && auroraInstanceCount(props) > 1;
}

/** `accessibility.accessibilityMode` (Stacktape): vpc (default), scoping-workloads-in-vpc, internet. */
export function accessibilityMode(props: Props): string {
  return String(obj(obj(props).accessibility).accessibilityMode ?? 'vpc');
}

export function redisPort(props: Props): number {
  const port = obj(props).port;
  return typeof port === 'number' ? port : 6379;
}

/** Streams are on when `streamType` is set. */
export function dynamoHasStream(props: Props): boolean {
  return obj(props).streamType !== undefined;
}

export function privateServicePort(props: Props): number {
  const port = obj(props).port;
  return typeof port === 'number' ? port : 3000;
}
