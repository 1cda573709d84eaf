import { z } from 'zod';
import { DATABASE_ENGINE_VERSIONS, rdsEngineOf } from '../allowed-values';
import { stringOrDirective } from '../common-schemas';
import { didYouMeanText } from '../did-you-mean';
import { valueCheck, type ValueProblem } from '../value-check';

export const DATABASE_ENGINE_TYPES = [
  'postgres',
  'mysql',
  'mariadb',
  'aurora-postgresql',
  'aurora-mysql',
  'aurora-postgresql-serverless',
  'aurora-mysql-serverless',
] as const;

const instanceSchema = z.strictObject({ instanceSize: z.string().min(1) });

const engineSchema = z.strictObject({
  type: z.enum(DATABASE_ENGINE_TYPES),
  properties: z
    .strictObject({
      /** postgres/mysql/mariadb: the single instance (`instanceSize` default db.t4g.micro). */
      primaryInstance: z.strictObject({ instanceSize: z.string().min(1), multiAz: z.boolean().optional() }).optional(),
      /** aurora-postgresql/aurora-mysql: cluster instances (first is the writer; more than one adds READER_*). */
      instances: z.array(instanceSchema).min(1).max(16).optional(),
      dbName: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,62}$/).optional(),
      port: z.number().int().min(1150).max(65535).optional(),
      version: z.string().min(1).optional(),
      /** Allocated storage in GiB (postgres/mysql/mariadb). */
      storage: z.number().int().min(20).max(65536).optional(),
      /** aurora-*-serverless (Serverless v2) capacity in ACUs. */
      minCapacity: z.number().min(0).max(256).optional(),
      maxCapacity: z.number().min(1).max(256).optional(),
    })
    .optional(),
}).check(valueCheck(engineVersionProblems));

/** `version` must be one RDS offers for the engine (data/allowed-values.json, from AWS's list). */
function engineVersionProblems(engine: unknown): ValueProblem[] {
  const e = engine as { type?: unknown; properties?: { version?: unknown } } | null;
  const version = e?.properties?.version;
  const rds = typeof e?.type === 'string' ? rdsEngineOf(e.type) : undefined;
  if (!rds || typeof version !== 'string') return [];
  const allowed = DATABASE_ENGINE_VERSIONS[rds];
  if (allowed.includes(version)) return [];
  const major = version.split('.')[0];
  const sameMajor = allowed.filter((v) => v.split('.')[0] === major);
  return [
    {
      code: 'NXS_DATABASE_ENGINE_VERSION',
      message: `engine version '${version}' is not a version RDS offers for ${rds}`,
      hint: `${didYouMeanText(version, allowed)}${sameMajor.length ? `Versions ${major}.x: ${sameMajor.slice(-12).join(', ')}.` : `Major versions: ${[...new Set(allowed.map((v) => v.split('.')[0]))].join(', ')}.`}`,
      path: ['properties', 'version'],
    },
  ];
}

export const relationalDatabasePropertiesSchema = z.strictObject({
  engine: engineSchema,
  credentials: z.strictObject({
    masterUserName: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,62}$/).optional(),
    /** Must be `$Secret('<name>')`: it becomes a dynamic reference, never a literal in the template. */
    masterUserPassword: stringOrDirective,
  }),
  accessibility: z
    .strictObject({
      accessibilityMode: z.enum(['vpc', 'scoping-workloads-in-vpc', 'internet']).default('vpc'),
    })
    .optional(),
  deletionProtection: z.boolean().optional(),
  automatedBackupRetentionDays: z.number().int().min(0).max(35).optional(),
});

export const RELATIONAL_DATABASE_PARAMS = [
  'connectionString',
  'jdbcConnectionString',
  'host',
  'port',
  'dbName',
  'readerConnectionString',
  'readerJdbcConnectionString',
  'readerHost',
] as const;

export const relationalDatabaseResourceType = {
  type: 'relational-database',
  propertiesSchema: relationalDatabasePropertiesSchema,
  params: RELATIONAL_DATABASE_PARAMS,
} as const;

export type RelationalDatabaseProperties = z.output<typeof relationalDatabasePropertiesSchema>;
