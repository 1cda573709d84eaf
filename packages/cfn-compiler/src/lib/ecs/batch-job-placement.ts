import { batchJobRunsOnEc2, ec2BatchVcpus, NxstackError, type BatchJobProperties } from '@nxstack/core';
import type { ResourceCompileContext } from '../resource-types/resource-type';
import { ensureEc2BatchQueue } from './batch-ec2-queues';
import { fargateSize } from './fargate-resources';
import { ensureBatchQueue } from './shared-batch';

export interface BatchJobPlacement {
  readonly platform: 'FARGATE' | 'EC2';
  readonly jobQueue: unknown;
  readonly resourceRequirements: unknown[];
  /** Platform-specific container properties of the job definition. */
  readonly containerProperties: Record<string, unknown>;
}

/**
 * Where a batch job runs. Plain jobs: the shared Fargate queue (Fargate's cpu/memory pairs).
 * `resources.gpu` or `useSpotInstances`: an EC2 queue of that kind, as Stacktape runs every job
 * (Fargate has no GPUs, and Stacktape's spot jobs take any cpu/memory); there cpu is whole
 * vCPUs, memory any MiB the instance types offer, and the GPUs are reserved per job.
 */
export function batchJobPlacement(ctx: ResourceCompileContext): BatchJobPlacement {
  const props = ctx.properties as unknown as BatchJobProperties;
  const gpu = props.resources.gpu;
  const spot = props.useSpotInstances === true;
  if (!batchJobRunsOnEc2(props)) {
    const size = fargateSize(ctx);
    return {
      platform: 'FARGATE',
      jobQueue: ensureBatchQueue(ctx.builder).jobQueue,
      // Batch takes vCPUs as text ("0.25") and memory in MiB.
      resourceRequirements: [{ Type: 'VCPU', Value: String(size.cpu / 1024) }, { Type: 'MEMORY', Value: String(size.memory) }],
      containerProperties: { NetworkConfiguration: { AssignPublicIp: 'ENABLED' }, FargatePlatformConfiguration: { PlatformVersion: 'LATEST' } },
    };
  }
  const cpu = props.resources.cpu;
  const vcpus = ec2BatchVcpus(cpu);
  if (vcpus === undefined) {
    throw new NxstackError('NXS_INVALID_VALUE', `resources.cpu ${cpu} of batch-job '${ctx.name}' is not a whole number of vCPUs, which jobs on EC2 instances (${gpu ? 'GPU' : 'Spot'}) need.`, {
      location: ctx.locate([...ctx.path, 'properties', 'resources', 'cpu']),
      hint: `Use ${Math.max(1, Math.ceil(cpu < 256 ? cpu : cpu / 1024))} (vCPUs).`,
    });
  }
  return {
    platform: 'EC2',
    jobQueue: ensureEc2BatchQueue(ctx.builder, { spot, gpu: Boolean(gpu) }).jobQueue,
    resourceRequirements: [
      { Type: 'VCPU', Value: String(vcpus) },
      { Type: 'MEMORY', Value: String(props.resources.memory) },
      ...(gpu ? [{ Type: 'GPU', Value: String(gpu) }] : []),
    ],
    containerProperties: {},
  };
}
