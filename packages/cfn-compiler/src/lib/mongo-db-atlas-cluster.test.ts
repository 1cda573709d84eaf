import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadStack, parseStack, type NxstackError } from '@nxstack/core';
import { cfnLint } from '../../../../tools/test-services/cfn-lint';
import { compileStack } from './compile-stack';
import { artifact, manifest } from './__fixtures__/sample-stack';
import type { CfnTemplate } from './types';

const dir = join(__dirname, '__fixtures__', 'atlas-stack');

async function compileAtlas(stage = 'dev', region: string | undefined = 'eu-west-2'): Promise<{ template: CfnTemplate; warnings: string[] }> {
  const stack = await loadStack('stack.yml', { workspaceRoot: dir });
  return compileStack({ stack, projectName: 'shop', stage, region, artifacts: { api: artifact('shop', manifest('api')) } });
}

function compileError(yaml: string, stage = 'dev'): NxstackError {
  const stack = parseStack(yaml, 'stack.yml', { workspaceRoot: dir });
  try {
    compileStack({ stack, projectName: 'shop', stage, region: 'us-east-1', artifacts: { fn: artifact('shop', manifest('fn')) } });
  } catch (e) {
    return e as NxstackError;
  }
  throw new Error('compiled without an error');
}

const FN = `  fn:
    type: function
    properties:
      packaging: { type: stacktape-lambda-buildpack, properties: { entryfilePath: src/api.ts } }
      connectTo: [db]
`;

describe('mongo-db-atlas-cluster', () => {
  it('compiles to MongoDB Atlas extension types that cfn-lint accepts with their registry schemas', async () => {
    const { template } = await compileAtlas();
    const types = Object.values(template.Resources).map((r) => r.Type).filter((t) => t.startsWith('MongoDB::'));
    expect(types.sort()).toEqual(['MongoDB::Atlas::Cluster', 'MongoDB::Atlas::Cluster', 'MongoDB::Atlas::DatabaseUser', 'MongoDB::Atlas::DatabaseUser', 'MongoDB::Atlas::DatabaseUser', 'MongoDB::Atlas::Project', 'MongoDB::Atlas::ProjectIpAccessList']);
    expect(await cfnLint(template)).toBe('');
  }, 60_000);

  it('cfn-lint with the registry schemas finds a property the extension type does not have', async () => {
    const { template } = await compileAtlas();
    (template.Resources.OrdersDbAtlasCluster.Properties as Record<string, unknown>).InstanceSizeName = 'M10';
    expect(await cfnLint(template)).toMatch(/E3002.*InstanceSizeName/);
  }, 60_000);

  it('keeps the Atlas API keys out of the template: a profile secret built from dynamic references', async () => {
    const { template: t } = await compileAtlas();
    expect(t.Resources.MongoDbAtlasProfileSecret).toMatchObject({
      Type: 'AWS::SecretsManager::Secret',
      Properties: { Name: 'cfn/atlas/profile/shop-dev', SecretString: '{"PublicKey":"abcdefgh","PrivateKey":"{{resolve:secretsmanager:atlas-private-key}}"}' },
    });
    expect(t.Resources.MongoDbAtlasProject.Properties).toEqual({ Name: 'shop-dev', OrgId: '5f1a2b3c4d5e6f7a8b9c0d1e', Profile: 'shop-dev' });
    expect(t.Resources.OrdersDbAtlasAdminUser.Properties).toMatchObject({ Username: 'dbadmin', Password: '{{resolve:secretsmanager:atlas-admin-password}}' });
    const mongo = Object.values(t.Resources).filter((r) => r.Type.startsWith('MongoDB::'));
    for (const r of mongo) expect((r.Properties as Record<string, unknown>).Profile).toBe('shop-dev');
    expect(JSON.stringify(t)).not.toMatch(/ApiKeys|PrivateKey":"[^{]/);
  });

  it('maps the cluster settings onto the Atlas cluster in the stack region', async () => {
    const { template: t } = await compileAtlas();
    expect(t.Resources.OrdersDbAtlasCluster.Properties).toEqual({
      ProjectId: { 'Fn::GetAtt': ['MongoDbAtlasProject', 'Id'] },
      Name: 'shop-dev-ordersDb',
      Profile: 'shop-dev',
      ClusterType: 'REPLICASET',
      MongoDBMajorVersion: '6.0',
      BackupEnabled: true,
      PitEnabled: true,
      DiskSizeGB: 40,
      BiConnector: { Enabled: true, ReadPreference: 'analytics' },
      ReplicationSpecs: [{
        NumShards: 1,
        AdvancedRegionConfigs: [{
          ProviderName: 'AWS', RegionName: 'EU_WEST_2', Priority: 7,
          ElectableSpecs: { InstanceSize: 'R40', NodeCount: 5 },
          AnalyticsSpecs: { InstanceSize: 'R40', NodeCount: 1 },
          AutoScaling: { DiskGB: { Enabled: true }, Compute: { Enabled: true, ScaleDownEnabled: false, MinInstanceSize: 'M30', MaxInstanceSize: 'M50' } },
        }],
      }],
    });
    expect(t.Resources.MongoDbAtlasProjectIpAccessList.Properties!.AccessList).toEqual([
      { CIDRBlock: '0.0.0.0/0', Comment: 'accessibilityMode internet' },
      { CIDRBlock: '203.0.113.10/32', Comment: 'whitelistedIps' },
    ]);
  });

  it('deploys M2/M5 as a Flex cluster in the nearest region offering it, with a warning', async () => {
    const { template: t, warnings } = await compileAtlas();
    expect(t.Resources.SessionsDbAtlasCluster.Properties!.ReplicationSpecs).toEqual([{ AdvancedRegionConfigs: [{ ProviderName: 'FLEX', BackingProviderName: 'AWS', RegionName: 'EU_WEST_1', Priority: 7 }] }]);
    expect(warnings).toContain("mongo-db-atlas-cluster 'sessionsDb': clusterTier M2 is deployed as an Atlas Flex cluster (Atlas retired the M2/M5 shared tiers) in eu-west-1, the nearest region offering it.");
  });

  it('connectTo: STP_<NAME>_CONNECTION_STRING and one IAM database user per workload role, scoped to its clusters', async () => {
    const { template: t } = await compileAtlas();
    expect((t.Resources.ApiFunction.Properties!.Environment as { Variables: Record<string, unknown> }).Variables).toMatchObject({
      STP_ORDERS_DB_CONNECTION_STRING: { 'Fn::GetAtt': ['OrdersDbAtlasCluster', 'ConnectionStrings.StandardSrv'] },
      STP_SESSIONS_DB_CONNECTION_STRING: { 'Fn::GetAtt': ['SessionsDbAtlasCluster', 'ConnectionStrings.StandardSrv'] },
    });
    expect(t.Resources.ApiAtlasUser).toEqual({
      Type: 'MongoDB::Atlas::DatabaseUser',
      DependsOn: ['OrdersDbAtlasCluster', 'SessionsDbAtlasCluster'],
      Properties: {
        ProjectId: { 'Fn::GetAtt': ['MongoDbAtlasProject', 'Id'] },
        Profile: 'shop-dev',
        DatabaseName: '$external',
        AWSIAMType: 'ROLE',
        Username: { 'Fn::GetAtt': ['ApiRole', 'Arn'] },
        Roles: [{ RoleName: 'readWriteAnyDatabase', DatabaseName: 'admin' }],
        Scopes: [{ Type: 'CLUSTER', Name: 'shop-dev-ordersDb' }, { Type: 'CLUSTER', Name: 'shop-dev-sessionsDb' }],
      },
    });
    expect(t.Resources.ApiFunction.DependsOn).toEqual(['ApiAtlasUser']);
    expect(t.Resources.WebService.DependsOn).toContain('WebAtlasUser');
    expect(t.Resources.WebAtlasUser.Properties).toMatchObject({ Username: { 'Fn::GetAtt': ['WebTaskRole', 'Arn'] }, Scopes: [{ Type: 'CLUSTER', Name: 'shop-dev-sessionsDb' }] });
    const env = (t.Resources.WebTaskDefinition.Properties!.ContainerDefinitions as Array<{ Environment: Array<{ Name: string; Value: unknown }> }>)[0].Environment;
    expect(env).toContainEqual({ Name: 'STP_SESSIONS_DB_CONNECTION_STRING', Value: { 'Fn::GetAtt': ['SessionsDbAtlasCluster', 'ConnectionStrings.StandardSrv'] } });
    expect(t.Outputs!.OrdersDbConnectionString.Value).toEqual({ 'Fn::GetAtt': ['OrdersDbAtlasCluster', 'ConnectionStrings.StandardSrv'] });
  });

  it('the local stage needs no API keys and gets no profile secret', async () => {
    const { template: t } = await compileAtlas('local', undefined);
    expect(t.Resources.MongoDbAtlasProfileSecret).toBeUndefined();
    expect(t.Resources.MongoDbAtlasProject.DependsOn).toBeUndefined();
    const local = compileStack({ stack: parseStack(`resources:\n  db:\n    type: mongo-db-atlas-cluster\n    properties: { clusterTier: M10 }\n${FN}`, 'stack.yml', { workspaceRoot: dir }), projectName: 'shop', stage: 'local', artifacts: { fn: artifact('shop', manifest('fn')) } });
    expect(local.template.Resources.MongoDbAtlasProject.Properties).toMatchObject({ OrgId: 'local' });
  });

  it('AWS stages: providerConfig.mongoDbAtlas is required and its privateKey must be a $Secret', () => {
    const missing = compileError(`resources:\n  db:\n    type: mongo-db-atlas-cluster\n    properties: { clusterTier: M10 }\n${FN}`);
    expect([missing.code, missing.location?.line]).toEqual(['NXS_MONGODB_ATLAS_PROVIDER_MISSING', 3]);
    const plain = compileError(`providerConfig:\n  mongoDbAtlas:\n    publicKey: abc\n    privateKey: plain-text-key\n    organizationId: org\nresources:\n  db:\n    type: mongo-db-atlas-cluster\n    properties: { clusterTier: M10 }\n${FN}`);
    expect([plain.code, plain.location?.line, plain.message]).toEqual(['NXS_PASSWORD_NOT_SECRET', 4, "providerConfig.mongoDbAtlas.privateKey of 'db' is a literal value; it must come from $Secret."]);
    expect(JSON.stringify(plain)).not.toContain('plain-text-key');
  });

  it('refuses settings Atlas refuses for the tier, with their place in stack.yml', () => {
    const provider = `providerConfig:\n  mongoDbAtlas: { publicKey: abc, privateKey: $Secret('k'), organizationId: org }\n`;
    const cases: Array<[string, string, number]> = [
      ['{ clusterTier: M5, enableBackups: true }', 'enableBackups of \'db\' does not apply to clusterTier M5.', 6],
      ['{ clusterTier: M20, numShards: 2 }', "numShards 2 of 'db' needs clusterTier M30 or larger (it is M20).", 6],
      ['{ clusterTier: M30, enablePointInTimeRecovery: true }', "enablePointInTimeRecovery of 'db' needs enableBackups: true.", 6],
      ['{ clusterTier: M30, autoScaling: { minClusterTier: M50, maxClusterTier: M30 } }', "autoScaling.minClusterTier M50 of 'db' is above maxClusterTier M30.", 6],
    ];
    for (const [props, message, line] of cases) {
      const e = compileError(`${provider}resources:\n  db:\n    type: mongo-db-atlas-cluster\n    properties: ${props}\n${FN}`);
      expect([e.code, e.message, e.location?.line]).toEqual(['NXS_MONGODB_ATLAS_TIER_PROPERTY', message, line]);
    }
  });
});
