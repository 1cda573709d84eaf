import { accessibilityMode, redisPort } from '@nxstack/connect-to';
import { addDataSecurityGroup, requireSecret } from '../data/database-security';
import { secretReference } from '../directives';
import { logicalId } from '../logical-ids';
import { ensureSharedVpc } from '../vpc/shared-vpc';
import { getAtt, ref, type ResourceTypeModule } from './resource-type';

interface RedisProps {
  instanceSize: string;
  numReplicaNodes?: number;
  port?: number;
  engineVersion?: string;
  defaultUserPassword?: unknown;
  enableSnapshots?: boolean;
  accessibility?: { accessibilityMode?: string };
}

const ids = (name: string) => ({
  group: logicalId(name, 'ReplicationGroup'),
  subnetGroup: logicalId(name, 'CacheSubnetGroup'),
  securityGroup: logicalId(name, 'SecurityGroup'),
});

/**
 * `type: redis-cluster` — ElastiCache replication group (Redis, cluster mode off) in the shared
 * VPC: one primary + `numReplicaNodes` replicas; readerHost spreads reads over the replicas.
 * Reachable from inside the VPC (`vpc`) or only from connectTo workloads (default).
 */
export const redisClusterType: ResourceTypeModule = {
  type: 'redis-cluster',
  params: {
    host: (name) => getAtt(ids(name).group, 'PrimaryEndPoint.Address'),
    readerHost: (name) => getAtt(ids(name).group, 'ReaderEndPoint.Address'),
    port: (name) => getAtt(ids(name).group, 'PrimaryEndPoint.Port'),
  },
  outputs: { Host: 'host', ReaderHost: 'readerHost', Port: 'port' },
  compile(ctx) {
    const p = ctx.properties as unknown as RedisProps;
    const i = ids(ctx.name);
    const port = redisPort(ctx.properties);
    const mode = accessibilityMode(ctx.properties) === 'vpc' ? 'vpc' : 'scoping-workloads-in-vpc';
    const vpc = ensureSharedVpc(ctx.builder);
    addDataSecurityGroup(ctx, i.securityGroup, mode, port);
    ctx.builder.addResource(i.subnetGroup, {
      Type: 'AWS::ElastiCache::SubnetGroup',
      Properties: { Description: `${ctx.name} subnets (shared VPC)`, SubnetIds: vpc.publicSubnetIds },
    }, ctx.origin);
    const replicas = p.numReplicaNodes ?? 0;
    const properties: Record<string, unknown> = {
      ReplicationGroupDescription: `${ctx.name} (nxstack redis-cluster)`,
      Engine: 'redis',
      CacheNodeType: p.instanceSize,
      NumCacheClusters: 1 + replicas,
      AutomaticFailoverEnabled: replicas > 0,
      MultiAZEnabled: replicas > 0,
      Port: port,
      CacheSubnetGroupName: ref(i.subnetGroup),
      SecurityGroupIds: [getAtt(i.securityGroup, 'GroupId')],
      AtRestEncryptionEnabled: true,
    };
    if (p.engineVersion) properties.EngineVersion = p.engineVersion;
    if (p.enableSnapshots) properties.SnapshotRetentionLimit = 7;
    if (p.defaultUserPassword !== undefined) {
      const secret = requireSecret(ctx, p.defaultUserPassword, ['defaultUserPassword'], 'defaultUserPassword');
      properties.AuthToken = secretReference(secret.name);
      properties.TransitEncryptionEnabled = true;
    }
    ctx.builder.addResource(i.group, { Type: 'AWS::ElastiCache::ReplicationGroup', DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete', Properties: properties }, ctx.origin);
  },
};
