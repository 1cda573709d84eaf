import { isLocalStage, MONGO_DB_ATLAS_SHARED_TIERS, NxstackError, type MongoDbAtlasClusterProperties } from '@nxstack/core';
import { atlasClusterName, atlasRegionName, flexRegionFor, workloadAtlasUsers } from '../atlas/atlas-names';
import { ensureAtlasProject, ATLAS_IDS } from '../atlas/atlas-project';
import { requireSecret } from '../data/database-security';
import { secretReference } from '../directives';
import { logicalId } from '../logical-ids';
import { getAtt, type ResourceCompileContext, type ResourceTypeModule } from './resource-type';

const ids = (name: string) => ({ cluster: logicalId(name, 'AtlasCluster'), adminUser: logicalId(name, 'AtlasAdminUser') });

/** Stacktape's `M40 Low-CPU (R40)` is Atlas's instance size `R40`; other tiers are their own names. */
const instanceSize = (tier: string) => /\((R\d+)\)$/.exec(tier)?.[1] ?? tier;

/**
 * `type: mongo-db-atlas-cluster` — a MongoDB Atlas cluster through MongoDB's public CloudFormation
 * extension types (`MongoDB::Atlas::Cluster`, with the stack's `Project`, `ProjectIpAccessList`
 * and one IAM `DatabaseUser` per connecting workload: atlas/atlas-project.ts). Dedicated tiers
 * (M10+) run on AWS in the stack's region; M2/M5 are deployed as Atlas Flex clusters (Atlas retired
 * the shared tiers). `connectionString` is the cluster's `mongodb+srv://` address, without
 * credentials: workloads authenticate with their IAM role (`authMechanism=MONGODB-AWS`).
 */
export const mongoDbAtlasClusterType: ResourceTypeModule<MongoDbAtlasClusterProperties> = {
  type: 'mongo-db-atlas-cluster',
  params: {
    connectionString: (name) => getAtt(ids(name).cluster, 'ConnectionStrings.StandardSrv'),
  },
  outputs: { ConnectionString: 'connectionString' },
  compile(ctx) {
    const p = ctx.properties;
    const i = ids(ctx.name);
    const shared = MONGO_DB_ATLAS_SHARED_TIERS.includes(p.clusterTier);
    checkTierProperties(ctx, shared);
    const project = ensureAtlasProject(ctx);
    const name = atlasClusterName(ctx.projectName, ctx.stage, ctx.name);
    const region = ctx.region ?? (isLocalStage(ctx.stage) ? 'local' : undefined);
    const properties: Record<string, unknown> = {
      ProjectId: project.projectId,
      Name: name,
      Profile: project.profile,
      ClusterType: (p.numShards ?? 1) > 1 ? 'SHARDED' : 'REPLICASET',
    };
    if (shared) {
      const flexRegion = region ? flexRegionFor(region) : undefined;
      ctx.warn(`mongo-db-atlas-cluster '${ctx.name}': clusterTier ${p.clusterTier} is deployed as an Atlas Flex cluster (Atlas retired the M2/M5 shared tiers)${flexRegion && region !== 'local' && flexRegion !== region ? ` in ${flexRegion}, the nearest region offering it` : ''}.`);
      properties.ReplicationSpecs = [{ AdvancedRegionConfigs: [{ ProviderName: 'FLEX', BackingProviderName: 'AWS', RegionName: atlasRegionName(flexRegion ?? 'us-east-1'), Priority: 7 }] }];
    } else {
      Object.assign(properties, dedicatedProperties(p, atlasRegionName(region ?? 'us-east-1')));
    }
    // The access list exists before the cluster accepts connections.
    ctx.builder.addResource(i.cluster, { Type: 'MongoDB::Atlas::Cluster', DependsOn: [ATLAS_IDS.accessList], DeletionPolicy: 'Delete', Properties: properties }, ctx.origin);
    for (const user of workloadAtlasUsers(ctx.stack.config.resources, ctx.name)) {
      if (ctx.builder.hasResource(user.logicalId)) continue;
      ctx.builder.addResource(user.logicalId, {
        Type: 'MongoDB::Atlas::DatabaseUser',
        DependsOn: user.clusters.map((c) => ids(c).cluster),
        Properties: {
          ProjectId: project.projectId,
          Profile: project.profile,
          // IAM authentication: the user is the workload's role; its SDK credentials sign the login.
          DatabaseName: '$external',
          AWSIAMType: 'ROLE',
          Username: getAtt(user.roleId, 'Arn'),
          Roles: [{ RoleName: 'readWriteAnyDatabase', DatabaseName: 'admin' }],
          Scopes: user.clusters.map((c) => ({ Type: 'CLUSTER', Name: atlasClusterName(ctx.projectName, ctx.stage, c) })),
        },
      }, ctx.origin);
      // The workload's code runs only once its role can log in (a deployment script runs during the deploy).
      ctx.builder.patchResource(user.runnerId, (r) => {
        r.DependsOn = [...(Array.isArray(r.DependsOn) ? r.DependsOn : r.DependsOn ? [r.DependsOn] : []), user.logicalId];
      }, ctx.origin);
    }
    if (p.adminUserCredentials) {
      const secret = requireSecret(ctx, p.adminUserCredentials.password, ['adminUserCredentials', 'password'], 'adminUserCredentials.password');
      ctx.builder.addResource(i.adminUser, {
        Type: 'MongoDB::Atlas::DatabaseUser',
        DependsOn: [i.cluster],
        Properties: {
          ProjectId: project.projectId,
          Profile: project.profile,
          DatabaseName: 'admin',
          Username: p.adminUserCredentials.userName,
          Password: secretReference(secret.name),
          Roles: [{ RoleName: 'atlasAdmin', DatabaseName: 'admin' }, { RoleName: 'readWriteAnyDatabase', DatabaseName: 'admin' }],
          Scopes: [{ Type: 'CLUSTER', Name: name }],
        },
      }, ctx.origin);
    }
  },
};

function dedicatedProperties(p: MongoDbAtlasClusterProperties, regionName: string): Record<string, unknown> {
  const size = instanceSize(p.clusterTier);
  const r = p.replication ?? {};
  const scaling = p.autoScaling ?? {};
  const computeScaling = scaling.minClusterTier !== undefined || scaling.maxClusterTier !== undefined;
  const compute: Record<string, unknown> = { Enabled: computeScaling, ScaleDownEnabled: computeScaling && scaling.disableScaleDown !== true };
  if (computeScaling) {
    compute.MinInstanceSize = instanceSize(scaling.minClusterTier ?? p.clusterTier);
    compute.MaxInstanceSize = instanceSize(scaling.maxClusterTier ?? p.clusterTier);
  }
  const region: Record<string, unknown> = {
    ProviderName: 'AWS',
    RegionName: regionName,
    Priority: 7,
    ElectableSpecs: { InstanceSize: size, NodeCount: r.numElectableNodes ?? 3 },
    AutoScaling: { DiskGB: { Enabled: scaling.disableDiskScaling !== true }, Compute: compute },
  };
  if (r.numReadOnlyNodes) region.ReadOnlySpecs = { InstanceSize: size, NodeCount: r.numReadOnlyNodes };
  if (r.numAnalyticsNodes) region.AnalyticsSpecs = { InstanceSize: size, NodeCount: r.numAnalyticsNodes };
  const properties: Record<string, unknown> = {
    MongoDBMajorVersion: p.version ?? '7.0',
    BackupEnabled: p.enableBackups ?? false,
    PitEnabled: p.enablePointInTimeRecovery ?? false,
    ReplicationSpecs: [{ NumShards: p.numShards ?? 1, AdvancedRegionConfigs: [region] }],
  };
  if (p.diskSizeGB !== undefined) properties.DiskSizeGB = p.diskSizeGB;
  if (p.biConnector) properties.BiConnector = { Enabled: p.biConnector.enabled, ...(p.biConnector.readPreference ? { ReadPreference: p.biConnector.readPreference } : {}) };
  return properties;
}

/** What Atlas refuses for a tier, said before any AWS call (Stacktape checks the same). */
function checkTierProperties(ctx: ResourceCompileContext<MongoDbAtlasClusterProperties>, shared: boolean): void {
  const p = ctx.properties;
  const at = (...path: string[]) => ctx.locate([...ctx.path, 'properties', ...path]);
  const fail = (path: string[], message: string, hint: string) => {
    throw new NxstackError('NXS_MONGODB_ATLAS_TIER_PROPERTY', message, { location: at(...path), hint });
  };
  if (shared) {
    for (const key of ['version', 'diskSizeGB', 'numShards', 'replication', 'enableBackups', 'enablePointInTimeRecovery', 'biConnector', 'autoScaling'] as const) {
      if (p[key] === undefined) continue;
      fail([key], `${key} of '${ctx.name}' does not apply to clusterTier ${p.clusterTier}.`, `${p.clusterTier} is deployed as an Atlas Flex cluster, which Atlas sizes, versions and backs up itself; use clusterTier M10 or larger to set ${key}.`);
    }
  }
  if ((p.numShards ?? 1) > 1 && ['M10', 'M20'].includes(p.clusterTier)) {
    fail(['numShards'], `numShards ${p.numShards} of '${ctx.name}' needs clusterTier M30 or larger (it is ${p.clusterTier}).`, 'Sharded Atlas clusters start at M30; remove numShards or raise clusterTier.');
  }
  if (p.enablePointInTimeRecovery && !p.enableBackups) {
    fail(['enablePointInTimeRecovery'], `enablePointInTimeRecovery of '${ctx.name}' needs enableBackups: true.`, 'Point-in-time recovery replays the oplog on top of cloud backups; set enableBackups: true.');
  }
  if (p.biConnector?.enabled && p.biConnector.readPreference === 'analytics' && !(p.replication?.numAnalyticsNodes ?? 0)) {
    fail(['biConnector', 'readPreference'], `biConnector.readPreference 'analytics' of '${ctx.name}' needs analytics nodes.`, 'Set replication.numAnalyticsNodes to 1 or more, or read from primary / secondary.');
  }
  const min = p.autoScaling?.minClusterTier;
  const max = p.autoScaling?.maxClusterTier;
  const order = (t: string) => Number(/\d+/.exec(instanceSize(t))?.[0] ?? 0);
  if (min && max && order(min) > order(max)) {
    fail(['autoScaling', 'minClusterTier'], `autoScaling.minClusterTier ${min} of '${ctx.name}' is above maxClusterTier ${max}.`, 'minClusterTier must be at most maxClusterTier.');
  }
}
