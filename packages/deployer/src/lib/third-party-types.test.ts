import { ActivateTypeCommand } from '@aws-sdk/client-cloudformation';
import { parseStack, type NxstackError } from '@nxstack/core';
import { describe, expect, it } from 'vitest';
import { motoEnv } from '../../../../tools/test-services/aws-env';
import { createAwsClients } from './aws-clients';
import { localDataResources } from './local-data-plane';
import { localResources, resolveLocalOutputs } from './local-outputs';
import { assertExtensionTypesActivated, extensionTypes, MONGODB_ATLAS_PUBLISHER_ID } from './third-party-types';

const STACK = parseStack(
  `resources:
  ordersDb:
    type: mongo-db-atlas-cluster
    properties: { clusterTier: M10 }
cloudformationResources:
  Monitor:
    Type: Datadog::Monitors::Monitor
    Properties: {}
`,
  'stack.yml',
  { checkPaths: false },
);

const TEMPLATE = {
  Resources: {
    MongoDbAtlasProject: { Type: 'MongoDB::Atlas::Project', Properties: { Name: 'shop-dev', OrgId: 'org', Profile: 'shop-dev' } },
    OrdersDbAtlasCluster: { Type: 'MongoDB::Atlas::Cluster', Properties: { Name: 'shop-dev-ordersDb', ProjectId: { 'Fn::GetAtt': ['MongoDbAtlasProject', 'Id'] } } },
    Bucket: { Type: 'AWS::S3::Bucket', Properties: {} },
    Monitor: { Type: 'Datadog::Monitors::Monitor', Properties: {} },
  },
  Outputs: { OrdersDbConnectionString: { Value: { 'Fn::GetAtt': ['OrdersDbAtlasCluster', 'ConnectionStrings.StandardSrv'] } } },
};

async function failure(region: string, template: Record<string, unknown> = TEMPLATE): Promise<NxstackError | undefined> {
  const clients = await createAwsClients({ env: motoEnv(region) });
  return assertExtensionTypesActivated({ cloudformation: clients.cloudformation, template, stack: STACK, region }).then(() => undefined, (e: NxstackError) => e);
}

describe('registry extension types', () => {
  it('lists the types outside AWS namespaces, each with its first logical id', () => {
    expect([...extensionTypes(TEMPLATE)]).toEqual([['MongoDB::Atlas::Project', 'MongoDbAtlasProject'], ['MongoDB::Atlas::Cluster', 'OrdersDbAtlasCluster'], ['Datadog::Monitors::Monitor', 'Monitor']]);
  });

  it('not activated (DescribeType: TypeNotFoundException): one located error naming every type and how to activate', async () => {
    const e = await failure('ap-south-1');
    expect(e?.code).toBe('NXS_CFN_TYPE_NOT_ACTIVATED');
    expect(e?.message).toBe('CloudFormation resource types Datadog::Monitors::Monitor, MongoDB::Atlas::Cluster, MongoDB::Atlas::Project are not activated in region ap-south-1 of this account.');
    // The first missing type (sorted) comes from cloudformationResources: located at its Type.
    expect(e?.location).toMatchObject({ line: 7 });
    expect(e?.hint).toContain(`--public-type-arn arn:aws:cloudformation:ap-south-1::type/resource/${MONGODB_ATLAS_PUBLISHER_ID}/MongoDB-Atlas-Project`);
    expect(e?.hint).toContain('Activate or register Datadog::Monitors::Monitor');
    const mongoOnly = await failure('ap-south-1', { Resources: { C: TEMPLATE.Resources.OrdersDbAtlasCluster } });
    expect(mongoOnly?.location).toMatchObject({ line: 3 });
  });

  it('passes once the types are activated in that region, and asks nothing for a template without extensions', async () => {
    const region = 'ca-central-1';
    const clients = await createAwsClients({ env: motoEnv(region) });
    for (const type of ['MongoDB::Atlas::Project', 'MongoDB::Atlas::Cluster']) {
      await clients.cloudformation.send(new ActivateTypeCommand({ Type: 'RESOURCE', PublicTypeArn: `arn:aws:cloudformation:${region}::type/resource/${MONGODB_ATLAS_PUBLISHER_ID}/${type.replace(/::/g, '-')}` }));
    }
    expect(await failure(region, { Resources: { P: TEMPLATE.Resources.MongoDbAtlasProject, C: TEMPLATE.Resources.OrdersDbAtlasCluster } })).toBeUndefined();
    expect(await failure('sa-east-1', { Resources: { Bucket: TEMPLATE.Resources.Bucket } })).toBeUndefined();
  });

  it('local stage: the cluster resolves to mongodb://localhost:27017 and is never handed to the local AWS server', () => {
    const resources = localResources(TEMPLATE, 'shop-local');
    expect(resolveLocalOutputs(TEMPLATE, resources, 'shop-local')).toEqual({ OrdersDbConnectionString: 'mongodb://localhost:27017' });
    expect(localDataResources(TEMPLATE, resources, 'shop-local').map((r) => r.type)).toEqual(['AWS::S3::Bucket']);
  });
});
