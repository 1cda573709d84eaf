import { NxstackError } from '@nxstack/core';
import { accessibilityMode, databasePort, hasReaderEndpoint } from '@nxstack/connect-to';
import { addDataSecurityGroup, requireSecret } from '../data/database-security';
import { secretReference } from '../directives';
import { logicalId } from '../logical-ids';
import { ensureSharedVpc } from '../vpc/shared-vpc';
import { getAtt, ref, type ResourceCompileContext, type ResourceTypeModule } from './resource-type';

interface EngineProps {
  primaryInstance?: { instanceSize: string; multiAz?: boolean };
  instances?: Array<{ instanceSize: string }>;
  dbName?: string;
  port?: number;
  version?: string;
  storage?: number;
  minCapacity?: number;
  maxCapacity?: number;
}
interface DatabaseProps {
  engine: { type: string; properties?: EngineProps };
  credentials: { masterUserName?: string; masterUserPassword: unknown };
  accessibility?: { accessibilityMode?: string };
  deletionProtection?: boolean;
  automatedBackupRetentionDays?: number;
}

export const DEFAULT_MASTER_USER = 'dbmaster';
export const DEFAULT_DB_NAME = 'defaultdb';

const ids = (name: string) => ({
  instance: logicalId(name, 'DbInstance'),
  cluster: logicalId(name, 'DbCluster'),
  clusterInstance: (i: number) => logicalId(name, `DbInstance${i + 1}`),
  subnetGroup: logicalId(name, 'DbSubnetGroup'),
  securityGroup: logicalId(name, 'SecurityGroup'),
});

const isAurora = (p: Record<string, unknown> | undefined) => String((p as DatabaseProps | undefined)?.engine?.type ?? '').startsWith('aurora-');
const scheme = (p: DatabaseProps) => (p.engine.type.includes('postgres') ? 'postgresql' : p.engine.type === 'mariadb' ? 'mariadb' : 'mysql');

function endpoint(name: string, props: Record<string, unknown> | undefined, reader: boolean, attr: 'Address' | 'Port'): unknown {
  const i = ids(name);
  if (reader) return getAtt(i.cluster, `ReadEndpoint.${attr}`);
  return isAurora(props) ? getAtt(i.cluster, `Endpoint.${attr}`) : getAtt(i.instance, `Endpoint.${attr}`);
}

/** `<scheme>://<user>:<password>@<host>:<port>/<db>`; `password` is a dynamic reference (or a marker in Outputs). */
function connectionString(name: string, p: DatabaseProps, reader: boolean, password: string, jdbc: boolean): unknown {
  const user = p.credentials.masterUserName ?? DEFAULT_MASTER_USER;
  const db = p.engine.properties?.dbName ?? DEFAULT_DB_NAME;
  const host = endpoint(name, p as unknown as Record<string, unknown>, reader, 'Address');
  const port = endpoint(name, p as unknown as Record<string, unknown>, false, 'Port');
  const parts = jdbc
    ? [`jdbc:${scheme(p)}://`, host, ':', port, `/${db}?user=${user}&password=${password}`]
    : [`${scheme(p)}://${user}:${password}@`, host, ':', port, `/${db}`];
  return { 'Fn::Join': ['', parts] };
}

const withProps = (fn: (name: string, p: DatabaseProps) => unknown) => (name: string, props?: Record<string, unknown>) =>
  props ? fn(name, props as unknown as DatabaseProps) : undefined;
const readerOnly = (fn: (name: string, p: DatabaseProps) => unknown) => (name: string, props?: Record<string, unknown>) =>
  props && hasReaderEndpoint(props) ? fn(name, props as unknown as DatabaseProps) : undefined;
const passwordRef = (p: DatabaseProps) => secretReference((p.credentials.masterUserPassword as { name: string }).name);

/**
 * `type: relational-database` — RDS instance (postgres/mysql/mariadb) or Aurora cluster with its
 * instances (aurora-*; `-serverless` = Serverless v2 with min/max capacity) in the shared VPC.
 * The password must be `$Secret(...)`: the template carries a dynamic reference only, and the
 * connection-string Outputs carry a `{{secret:<name>}}` marker instead of it.
 */
export const relationalDatabaseType: ResourceTypeModule = {
  type: 'relational-database',
  params: {
    host: (name, props) => endpoint(name, props, false, 'Address'),
    port: (name, props) => endpoint(name, props, false, 'Port'),
    dbName: withProps((_name, p) => p.engine.properties?.dbName ?? DEFAULT_DB_NAME),
    connectionString: withProps((name, p) => connectionString(name, p, false, passwordRef(p), false)),
    jdbcConnectionString: withProps((name, p) => connectionString(name, p, false, passwordRef(p), true)),
    readerHost: readerOnly((name) => getAtt(ids(name).cluster, 'ReadEndpoint.Address')),
    readerConnectionString: readerOnly((name, p) => connectionString(name, p, true, passwordRef(p), false)),
    readerJdbcConnectionString: readerOnly((name, p) => connectionString(name, p, true, passwordRef(p), true)),
  },
  outputs: {},
  compile(ctx) {
    const p = ctx.properties as unknown as DatabaseProps;
    const secret = requireSecret(ctx, p.credentials.masterUserPassword, ['credentials', 'masterUserPassword'], 'credentials.masterUserPassword');
    const i = ids(ctx.name);
    const mode = accessibilityMode(ctx.properties);
    const port = databasePort(ctx.properties);
    const vpc = ensureSharedVpc(ctx.builder);
    addDataSecurityGroup(ctx, i.securityGroup, mode, port);
    ctx.builder.addResource(i.subnetGroup, {
      Type: 'AWS::RDS::DBSubnetGroup',
      Properties: { DBSubnetGroupDescription: `${ctx.name} subnets (shared VPC)`, SubnetIds: vpc.publicSubnetIds },
    }, ctx.origin);
    const common = {
      user: p.credentials.masterUserName ?? DEFAULT_MASTER_USER,
      password: secretReference(secret.name),
      dbName: p.engine.properties?.dbName ?? DEFAULT_DB_NAME,
      port,
      publiclyAccessible: mode === 'internet',
    };
    if (isAurora(ctx.properties)) compileAurora(ctx, p, common);
    else compileInstance(ctx, p, common);

    // Outputs follow `<Name><Param>`; connection strings carry a marker, never the password.
    const marker = `{{secret:${secret.name}}}`;
    const out = (param: string, value: unknown) => ctx.builder.addOutput(logicalId(ctx.name, param[0].toUpperCase() + param.slice(1)), { Value: value, Description: `${param} of relational-database '${ctx.name}'` });
    out('host', endpoint(ctx.name, ctx.properties, false, 'Address'));
    out('port', endpoint(ctx.name, ctx.properties, false, 'Port'));
    out('connectionString', connectionString(ctx.name, p, false, marker, false));
    out('jdbcConnectionString', connectionString(ctx.name, p, false, marker, true));
    if (hasReaderEndpoint(ctx.properties)) {
      out('readerHost', getAtt(i.cluster, 'ReadEndpoint.Address'));
      out('readerConnectionString', connectionString(ctx.name, p, true, marker, false));
      out('readerJdbcConnectionString', connectionString(ctx.name, p, true, marker, true));
    }
  },
};

interface Common {
  user: string;
  password: string;
  dbName: string;
  port: number;
  publiclyAccessible: boolean;
}

function compileInstance(ctx: ResourceCompileContext, p: DatabaseProps, c: Common): void {
  const e = p.engine.properties ?? {};
  const at = (k: string) => ctx.locate([...ctx.path, 'properties', 'engine', 'properties', k]);
  for (const key of ['instances', 'minCapacity', 'maxCapacity'] as const) {
    if (e[key] === undefined) continue;
    throw new NxstackError('NXS_DATABASE_ENGINE_PROPERTY', `engine.properties.${key} does not apply to engine '${p.engine.type}' of '${ctx.name}'.`, {
      location: at(key),
      hint: key === 'instances' ? 'Instances are for aurora-postgresql / aurora-mysql; use primaryInstance.instanceSize here.' : 'min/maxCapacity are for aurora-*-serverless engines.',
    });
  }
  const i = ids(ctx.name);
  const properties: Record<string, unknown> = {
    Engine: p.engine.type,
    DBInstanceClass: e.primaryInstance?.instanceSize ?? 'db.t4g.micro',
    AllocatedStorage: String(e.storage ?? 20),
    StorageType: 'gp3',
    StorageEncrypted: true,
    MasterUsername: c.user,
    MasterUserPassword: c.password,
    DBName: c.dbName,
    Port: String(c.port),
    DBSubnetGroupName: ref(i.subnetGroup),
    VPCSecurityGroups: [getAtt(i.securityGroup, 'GroupId')],
    PubliclyAccessible: c.publiclyAccessible,
    MultiAZ: e.primaryInstance?.multiAz ?? false,
    BackupRetentionPeriod: p.automatedBackupRetentionDays ?? 1,
    DeletionProtection: p.deletionProtection ?? false,
  };
  if (e.version) properties.EngineVersion = e.version;
  ctx.builder.addResource(i.instance, { Type: 'AWS::RDS::DBInstance', DeletionPolicy: 'Snapshot', UpdateReplacePolicy: 'Snapshot', Properties: properties }, ctx.origin);
}

function compileAurora(ctx: ResourceCompileContext, p: DatabaseProps, c: Common): void {
  const e = p.engine.properties ?? {};
  const at = (k: string) => ctx.locate([...ctx.path, 'properties', 'engine', 'properties', k]);
  const serverless = p.engine.type.endsWith('-serverless');
  const engine = p.engine.type.replace(/-serverless$/, '');
  if (e.primaryInstance) {
    throw new NxstackError('NXS_DATABASE_ENGINE_PROPERTY', `engine.properties.primaryInstance does not apply to Aurora engine '${p.engine.type}' of '${ctx.name}'.`, {
      location: at('primaryInstance'),
      hint: serverless ? 'Serverless v2 sizes itself between minCapacity and maxCapacity.' : 'List the cluster instances in engine.properties.instances ([{ instanceSize: db.t4g.medium }]).',
    });
  }
  if (!serverless && (e.minCapacity !== undefined || e.maxCapacity !== undefined)) {
    throw new NxstackError('NXS_DATABASE_ENGINE_PROPERTY', `min/maxCapacity apply only to aurora-*-serverless engines, not '${p.engine.type}' of '${ctx.name}'.`, {
      location: at(e.minCapacity !== undefined ? 'minCapacity' : 'maxCapacity'),
      hint: `Use engine type '${p.engine.type}-serverless', or size instances with engine.properties.instances.`,
    });
  }
  const min = e.minCapacity ?? 0.5;
  const max = e.maxCapacity ?? Math.max(min, 4);
  if (serverless && min > max) {
    throw new NxstackError('NXS_DATABASE_CAPACITY_RANGE', `minCapacity ${min} of '${ctx.name}' is above maxCapacity ${max}.`, {
      location: at('minCapacity'),
      hint: 'Aurora Serverless v2 capacity is 0–256 ACUs in steps of 0.5, with minCapacity ≤ maxCapacity.',
    });
  }
  const i = ids(ctx.name);
  const cluster: Record<string, unknown> = {
    Engine: engine,
    MasterUsername: c.user,
    MasterUserPassword: c.password,
    DatabaseName: c.dbName,
    Port: c.port,
    DBSubnetGroupName: ref(i.subnetGroup),
    VpcSecurityGroupIds: [getAtt(i.securityGroup, 'GroupId')],
    StorageEncrypted: true,
    BackupRetentionPeriod: p.automatedBackupRetentionDays ?? 1,
    DeletionProtection: p.deletionProtection ?? false,
  };
  if (e.version) cluster.EngineVersion = e.version;
  if (serverless) cluster.ServerlessV2ScalingConfiguration = { MinCapacity: min, MaxCapacity: max };
  ctx.builder.addResource(i.cluster, { Type: 'AWS::RDS::DBCluster', DeletionPolicy: 'Snapshot', UpdateReplacePolicy: 'Snapshot', Properties: cluster }, ctx.origin);
  const instances = serverless ? (e.instances ?? [{ instanceSize: 'db.serverless' }]) : (e.instances ?? [{ instanceSize: 'db.t4g.medium' }]);
  instances.forEach((inst, n) => {
    ctx.builder.addResource(i.clusterInstance(n), {
      Type: 'AWS::RDS::DBInstance',
      Properties: {
        Engine: engine,
        DBClusterIdentifier: ref(i.cluster),
        DBInstanceClass: serverless ? 'db.serverless' : inst.instanceSize,
        DBSubnetGroupName: ref(i.subnetGroup),
        PubliclyAccessible: c.publiclyAccessible,
      },
    }, ctx.origin);
  });
}
