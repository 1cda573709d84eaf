import type { TemplateBuilder } from '../template-builder';
import { getAtt, ref } from '../resource-types/resource-type';
import { addBatchQueue, BATCH_IDS, ensureBatchBasics, origin } from './shared-batch';

/** Which EC2-backed queue a batch job runs on: Spot or on-demand, GPU instances or any. */
export interface Ec2QueueKind {
  readonly spot: boolean;
  readonly gpu: boolean;
}

const INSTANCE_IDS = { role: 'SharedBatchInstanceRole', profile: 'SharedBatchInstanceProfile' } as const;

/** GPU instance families, as Stacktape offers them (NVIDIA A10G and A100). */
export const GPU_INSTANCE_TYPES = ['g5', 'p4d'] as const;

export function ec2QueueIds(kind: Ec2QueueKind) {
  const name = `${kind.spot ? 'Spot' : 'OnDemand'}${kind.gpu ? 'Gpu' : ''}`;
  return { computeEnvironment: `SharedBatch${name}ComputeEnvironment`, jobQueue: `SharedBatch${name}JobQueue` };
}

/**
 * The EC2 compute environment and queue for GPU jobs and Spot jobs (one per kind, shared by the
 * stack's jobs of that kind, scaled to zero when idle), as Stacktape runs batch jobs: managed
 * EC2 / SPOT environments on the shared VPC's subnets, the ECS-optimized Amazon Linux 2023 AMI
 * (its NVIDIA variant for GPUs), instance types chosen by Batch (`optimal`) or GPU families.
 * Spot: capacity-optimized allocation, paying at most the on-demand price (bid 100 %).
 */
export function ensureEc2BatchQueue(builder: TemplateBuilder, kind: Ec2QueueKind): { jobQueue: unknown } {
  const ids = ec2QueueIds(kind);
  if (!builder.hasResource(ids.jobQueue)) {
    const vpc = ensureBatchBasics(builder);
    ensureInstanceProfile(builder);
    const resources: Record<string, unknown> = {
      Type: kind.spot ? 'SPOT' : 'EC2',
      AllocationStrategy: kind.spot ? 'SPOT_CAPACITY_OPTIMIZED' : 'BEST_FIT_PROGRESSIVE',
      MinvCpus: 0,
      MaxvCpus: 256,
      InstanceTypes: kind.gpu ? [...GPU_INSTANCE_TYPES] : ['optimal'],
      InstanceRole: getAtt(INSTANCE_IDS.profile, 'Arn'),
      Ec2Configuration: [{ ImageType: kind.gpu ? 'ECS_AL2023_NVIDIA' : 'ECS_AL2023' }],
      Subnets: vpc.publicSubnetIds,
      SecurityGroupIds: [getAtt(BATCH_IDS.securityGroup, 'GroupId')],
    };
    if (kind.spot) resources.BidPercentage = 100;
    addBatchQueue(builder, ids, vpc, resources);
  }
  return { jobQueue: ref(ids.jobQueue) };
}

/** The role the EC2 container instances run as (ECS agent: register, pull, log). */
function ensureInstanceProfile(builder: TemplateBuilder): void {
  if (builder.hasResource(INSTANCE_IDS.profile)) return;
  builder.addResource(INSTANCE_IDS.role, {
    Type: 'AWS::IAM::Role',
    Properties: {
      AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
      ManagedPolicyArns: [{ 'Fn::Sub': 'arn:${AWS::Partition}:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role' }],
    },
  }, origin);
  builder.addResource(INSTANCE_IDS.profile, { Type: 'AWS::IAM::InstanceProfile', Properties: { Roles: [ref(INSTANCE_IDS.role)] } }, origin);
}
