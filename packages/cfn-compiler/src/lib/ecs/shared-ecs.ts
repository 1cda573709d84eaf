import type { TemplateBuilder } from '../template-builder';
import { getAtt } from '../resource-types/resource-type';
import { ensureSharedVpc } from '../vpc/shared-vpc';

export const ECS_CLUSTER_ID = 'SharedEcsCluster';
export const PRIVATE_NAMESPACE_ID = 'SharedPrivateDnsNamespace';
/** Private services are `<name>.<namespace>` inside the VPC; one VPC per stack, so a fixed name cannot clash. */
export const PRIVATE_NAMESPACE_NAME = 'nxstack.internal';

const origin = { kind: 'generated' as const, name: 'shared ECS' };

/** One Fargate cluster per stack, added by the first service. */
export function ensureEcsCluster(builder: TemplateBuilder): { Ref: string } {
  if (!builder.hasResource(ECS_CLUSTER_ID)) {
    builder.addResource(ECS_CLUSTER_ID, {
      Type: 'AWS::ECS::Cluster',
      Properties: { CapacityProviders: ['FARGATE', 'FARGATE_SPOT'] },
    }, origin);
  }
  return { Ref: ECS_CLUSTER_ID };
}

/** Cloud Map private DNS namespace in the shared VPC (private services register A records in it). */
export function ensurePrivateNamespace(builder: TemplateBuilder): unknown {
  if (!builder.hasResource(PRIVATE_NAMESPACE_ID)) {
    builder.addResource(PRIVATE_NAMESPACE_ID, {
      Type: 'AWS::ServiceDiscovery::PrivateDnsNamespace',
      Properties: { Name: PRIVATE_NAMESPACE_NAME, Vpc: ensureSharedVpc(builder).vpcId },
    }, origin);
  }
  return getAtt(PRIVATE_NAMESPACE_ID, 'Id');
}
