import { NxstackError } from '@nxstack/core';
import { logicalId } from '../logical-ids';
import { getAtt, type ResourceCompileContext } from '../resource-types/resource-type';
import { ensureSharedVpc } from '../vpc/shared-vpc';

const IMAGE_PACKAGINGS = ['stacktape-image-buildpack', 'external-buildpack', 'custom-dockerfile', 'prebuilt-image'];

export function isImagePackaging(packaging: unknown): boolean {
  return IMAGE_PACKAGINGS.includes(String((packaging as { type?: unknown } | undefined)?.type));
}

/**
 * Properties Lambda only accepts for zip packages: an image brings its own runtime, and Lambda
 * attaches no layers to it. Images nxstack builds get their layers merged into /opt at package
 * time; a prebuilt image is used as it is, so it cannot take them.
 */
const ZIP_ONLY: Record<string, string> = {
  runtime: 'the image brings its own runtime (its base image)',
  layers: 'Lambda does not attach layers to container images, and a prebuilt image is not rebuilt; copy their content into the image under /opt',
};

export function refuseZipOnlyProperties(ctx: ResourceCompileContext): void {
  const prebuilt = (ctx.properties.packaging as { type?: string } | undefined)?.type === 'prebuilt-image';
  for (const [key, why] of Object.entries(ZIP_ONLY)) {
    if (ctx.properties[key] === undefined || (key === 'layers' && !prebuilt)) continue;
    throw new NxstackError('NXS_FUNCTION_IMAGE_ZIP_ONLY_PROPERTY', `Function '${ctx.name}' uses image packaging '${String((ctx.properties.packaging as { type: string }).type)}', which cannot take '${key}'.`, {
      location: ctx.locate([...ctx.path, 'properties', key]),
      hint: `Remove '${key}': ${why}. Or use stacktape-lambda-buildpack / custom-artifact packaging.`,
    });
  }
}

/**
 * `joinDefaultVpc: true`: the function gets its own security group (egress only) in the shared
 * VPC's subnets. Lambda ENIs get no public IP, so such a function reaches VPC resources
 * (databases, redis, private services) but not the internet; that is the point of joining.
 */
export function lambdaVpcConfig(ctx: ResourceCompileContext): unknown {
  const vpc = ensureSharedVpc(ctx.builder);
  const sg = logicalId(ctx.name, 'SecurityGroup');
  ctx.builder.addResource(sg, {
    Type: 'AWS::EC2::SecurityGroup',
    Properties: {
      GroupDescription: `Lambda function ${ctx.name}`,
      VpcId: vpc.vpcId,
      SecurityGroupEgress: [{ IpProtocol: '-1', CidrIp: '0.0.0.0/0', Description: 'all outbound' }],
    },
  }, ctx.origin);
  return { SubnetIds: vpc.publicSubnetIds, SecurityGroupIds: [getAtt(sg, 'GroupId')] };
}
