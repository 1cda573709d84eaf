import { describe, expect, it } from 'vitest';
import { localEndpointPort } from '@nxstack/core';
import { localDatabaseSpecs } from './local-database-specs';
import { localIntrinsics, localResources } from './local-outputs';

const template = {
  Resources: {
    MainDbDbInstance: { Type: 'AWS::RDS::DBInstance', Properties: { Engine: 'postgres', EngineVersion: '18.1', MasterUsername: 'dbmaster', MasterUserPassword: '{{resolve:secretsmanager:main.password}}', DBName: 'app', Port: '5432' } },
    ShopDbCluster: { Type: 'AWS::RDS::DBCluster', Properties: { Engine: 'aurora-mysql', MasterUsername: 'admin', MasterUserPassword: '{{resolve:ssm-secure:/shop/pw}}', DatabaseName: 'shop' } },
    ShopDbInstance1: { Type: 'AWS::RDS::DBInstance', Properties: { Engine: 'aurora-mysql', DBClusterIdentifier: { Ref: 'ShopDbCluster' } } },
    CacheReplicationGroup: { Type: 'AWS::ElastiCache::ReplicationGroup', Properties: { Engine: 'redis', EngineVersion: '7.1', AuthToken: '{{resolve:secretsmanager:cache.password}}', Port: 6379 } },
    Url: { Type: 'AWS::SSM::Parameter', Properties: { Value: { 'Fn::Join': ['', ['postgresql://u:p@', { 'Fn::GetAtt': ['MainDbDbInstance', 'Endpoint.Address'] }, ':', { 'Fn::GetAtt': ['MainDbDbInstance', 'Endpoint.Port'] }]] } } },
  },
};

describe('local database specs from the compiled template', () => {
  it('one server per instance, cluster and replication group (cluster members share their cluster), secrets by name', () => {
    const specs = localDatabaseSpecs(template, 'shop-local');
    expect(specs).toEqual([
      expect.objectContaining({ logicalId: 'CacheReplicationGroup', engine: 'redis', version: '7.1', port: localEndpointPort('shop-local', 'CacheReplicationGroup'), passwordSecret: 'cache.password' }),
      expect.objectContaining({ logicalId: 'MainDbDbInstance', engine: 'postgres', version: '18.1', user: 'dbmaster', dbName: 'app', passwordSecret: 'main.password', port: localEndpointPort('shop-local', 'MainDbDbInstance') }),
      expect.objectContaining({ logicalId: 'ShopDbCluster', engine: 'mysql', user: 'admin', dbName: 'shop', passwordSecret: 'ssm:/shop/pw', port: localEndpointPort('shop-local', 'ShopDbCluster') }),
    ]);
  });

  it("the local values functions read (address, port; a cluster member's port) are where the servers listen", () => {
    const resolve = localIntrinsics(template, localResources(template, 'shop-local'), 'shop-local');
    const port = localEndpointPort('shop-local', 'MainDbDbInstance');
    expect(resolve(template.Resources.Url.Properties.Value)).toBe(`postgresql://u:p@127.0.0.1:${port}`);
    expect(resolve({ 'Fn::GetAtt': ['ShopDbInstance1', 'Endpoint.Port'] })).toBe(String(localEndpointPort('shop-local', 'ShopDbCluster')));
    expect(resolve({ 'Fn::GetAtt': ['CacheReplicationGroup', 'ReaderEndPoint.Address'] })).toBe('127.0.0.1');
  });
});
