import type { TemplateBuilder } from '../template-builder';
import { getAtt, ref } from '../resource-types/resource-type';

/** Logical ids of the shared VPC; fixed so every resource type that needs the VPC gets the same one. */
export const SHARED_VPC_IDS = {
  vpc: 'SharedVpc',
  internetGateway: 'SharedVpcInternetGateway',
  gatewayAttachment: 'SharedVpcGatewayAttachment',
  routeTable: 'SharedVpcPublicRouteTable',
  defaultRoute: 'SharedVpcPublicDefaultRoute',
  subnets: ['SharedVpcPublicSubnet1', 'SharedVpcPublicSubnet2'],
  subnetRouteTableAssociations: ['SharedVpcPublicSubnet1RouteTableAssociation', 'SharedVpcPublicSubnet2RouteTableAssociation'],
} as const;

export const SHARED_VPC_CIDR = '10.0.0.0/16';
const SUBNET_CIDRS = ['10.0.0.0/20', '10.0.16.0/20'];

/** What callers reference: intrinsics, ready to put into a template. */
export interface SharedVpc {
  /** `{ Ref: SharedVpc }` */
  readonly vpcId: unknown;
  /** `{ Fn::GetAtt: [SharedVpc, CidrBlock] }` for security-group ingress "from inside the VPC". */
  readonly vpcCidr: unknown;
  /** Two public subnets in two AZs (`Fn::GetAZs`), in a stable order. */
  readonly publicSubnetIds: readonly unknown[];
  /** Logical ids a resource must DependsOn when it needs the internet route (e.g. an ALB, a Fargate task pulling images). */
  readonly internetRouteIds: readonly string[];
}

/**
 * Adds the stack's shared VPC the first time a resource needs one (services, batch jobs,
 * `joinDefaultVpc` functions, databases, redis) and returns references to it; later calls only
 * return the references. Two public subnets in the region's first two AZs, an internet gateway
 * and one public route table — no NAT gateway (it costs money per hour): Fargate tasks get a
 * public IP and security groups keep them closed, as Stacktape's default VPC does.
 */
export function ensureSharedVpc(builder: TemplateBuilder): SharedVpc {
  const ids = SHARED_VPC_IDS;
  if (!builder.hasResource(ids.vpc)) addSharedVpc(builder);
  return {
    vpcId: ref(ids.vpc),
    vpcCidr: getAtt(ids.vpc, 'CidrBlock'),
    publicSubnetIds: ids.subnets.map((s) => ref(s)),
    internetRouteIds: [ids.defaultRoute, ...ids.subnetRouteTableAssociations],
  };
}

/** True when some resource already asked for the shared VPC. */
export function hasSharedVpc(builder: TemplateBuilder): boolean {
  return builder.hasResource(SHARED_VPC_IDS.vpc);
}

function addSharedVpc(builder: TemplateBuilder): void {
  const ids = SHARED_VPC_IDS;
  const origin = { kind: 'generated' as const, name: 'shared VPC' };
  const tags = (suffix: string) => [{ Key: 'Name', Value: { 'Fn::Sub': `\${AWS::StackName}-${suffix}` } }];
  builder.addResource(ids.vpc, {
    Type: 'AWS::EC2::VPC',
    Properties: { CidrBlock: SHARED_VPC_CIDR, EnableDnsHostnames: true, EnableDnsSupport: true, Tags: tags('vpc') },
  }, origin);
  builder.addResource(ids.internetGateway, { Type: 'AWS::EC2::InternetGateway', Properties: { Tags: tags('igw') } }, origin);
  builder.addResource(ids.gatewayAttachment, {
    Type: 'AWS::EC2::VPCGatewayAttachment',
    Properties: { VpcId: ref(ids.vpc), InternetGatewayId: ref(ids.internetGateway) },
  }, origin);
  builder.addResource(ids.routeTable, { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: ref(ids.vpc), Tags: tags('public') } }, origin);
  builder.addResource(ids.defaultRoute, {
    Type: 'AWS::EC2::Route',
    DependsOn: ids.gatewayAttachment,
    Properties: { RouteTableId: ref(ids.routeTable), DestinationCidrBlock: '0.0.0.0/0', GatewayId: ref(ids.internetGateway) },
  }, origin);
  ids.subnets.forEach((subnet, i) => {
    builder.addResource(subnet, {
      Type: 'AWS::EC2::Subnet',
      Properties: {
        VpcId: ref(ids.vpc),
        CidrBlock: SUBNET_CIDRS[i],
        AvailabilityZone: { 'Fn::Select': [i, { 'Fn::GetAZs': '' }] },
        MapPublicIpOnLaunch: true,
        Tags: tags(`public-${i + 1}`),
      },
    }, origin);
    builder.addResource(ids.subnetRouteTableAssociations[i], {
      Type: 'AWS::EC2::SubnetRouteTableAssociation',
      Properties: { SubnetId: ref(subnet), RouteTableId: ref(ids.routeTable) },
    }, origin);
  });
}
