import type { TemplateBuilder } from '../template-builder';
import { getAtt, ref } from '../resource-types/resource-type';
import { ensureSharedVpc, type SharedVpc } from '../vpc/shared-vpc';

export const BATCH_IDS = {
  securityGroup: 'SharedBatchSecurityGroup',
  serviceRole: 'SharedBatchServiceRole',
  computeEnvironment: 'SharedBatchComputeEnvironment',
  jobQueue: 'SharedBatchJobQueue',
} as const;

export const origin = { kind: 'generated' as const, name: 'shared AWS Batch' };

/**
 * One Fargate compute environment and job queue per stack, shared by every batch-job (AWS Batch
 * scales the environment to zero when no job runs, so sharing costs nothing).
 */
export function ensureBatchQueue(builder: TemplateBuilder): { jobQueue: unknown } {
  if (!builder.hasResource(BATCH_IDS.jobQueue)) {
    const vpc = ensureBatchBasics(builder);
    addBatchQueue(builder, BATCH_IDS, vpc, { Type: 'FARGATE', MaxvCpus: 256, Subnets: vpc.publicSubnetIds, SecurityGroupIds: [getAtt(BATCH_IDS.securityGroup, 'GroupId')] });
  }
  return { jobQueue: ref(BATCH_IDS.jobQueue) };
}

/** A managed compute environment with `computeResources` and the job queue that feeds it (the internet route first: instances pull images). */
export function addBatchQueue(builder: TemplateBuilder, ids: { computeEnvironment: string; jobQueue: string }, vpc: SharedVpc, computeResources: Record<string, unknown>): void {
  builder.addResource(ids.computeEnvironment, {
    Type: 'AWS::Batch::ComputeEnvironment',
    DependsOn: vpc.internetRouteIds as string[],
    Properties: { Type: 'MANAGED', State: 'ENABLED', ServiceRole: getAtt(BATCH_IDS.serviceRole, 'Arn'), ComputeResources: computeResources },
  }, origin);
  builder.addResource(ids.jobQueue, {
    Type: 'AWS::Batch::JobQueue',
    Properties: { Priority: 1, State: 'ENABLED', ComputeEnvironmentOrder: [{ Order: 1, ComputeEnvironment: ref(ids.computeEnvironment) }] },
  }, origin);
}

/** The security group (every batch job's, Fargate or EC2) and service role all compute environments share. */
export function ensureBatchBasics(builder: TemplateBuilder): SharedVpc {
  const vpc = ensureSharedVpc(builder);
  if (!builder.hasResource(BATCH_IDS.securityGroup)) {
    builder.addResource(BATCH_IDS.securityGroup, {
      Type: 'AWS::EC2::SecurityGroup',
      Properties: {
        GroupDescription: 'AWS Batch jobs (outbound only)',
        VpcId: vpc.vpcId,
        SecurityGroupEgress: [{ IpProtocol: '-1', CidrIp: '0.0.0.0/0', Description: 'all outbound' }],
      },
    }, origin);
    // An explicit service role keeps the stack self-contained: without it AWS Batch needs its
    // service-linked role, which the deploying principal may not be allowed to create.
    builder.addResource(BATCH_IDS.serviceRole, {
      Type: 'AWS::IAM::Role',
      Properties: {
        AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'batch.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
        ManagedPolicyArns: [{ 'Fn::Sub': 'arn:${AWS::Partition}:iam::aws:policy/service-role/AWSBatchServiceRole' }],
      },
    }, origin);
  }
  return vpc;
}
