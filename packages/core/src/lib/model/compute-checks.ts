import { NxstackError } from '../errors';
import { describeMemoryOptions, FARGATE_CPU_UNITS, fargateCpuUnits, fargateMemoryOptions } from './fargate-sizes';
import { scheduleExpressionProblem } from './schedule-expression';
import type { StackConfig } from './stack-schema';
import type { ConfigPath, YamlSource } from './yaml-source';
import { batchJobRunsOnEc2, ec2BatchVcpus } from './resource-types/batch-job';

const FARGATE_TYPES = new Set(['web-service', 'private-service', 'worker-service', 'batch-job']);

/**
 * Load-time checks of compute resources that zod cannot express with a code of their own:
 * schedule expressions, Fargate cpu/memory pairs (whole vCPUs for EC2 batch jobs). The compiler repeats them
 * (same codes) for stacks built without the loader.
 */
export function checkComputeResources(config: StackConfig, source: YamlSource): NxstackError[] {
  const problems: NxstackError[] = [];
  for (const [name, resource] of Object.entries(config.resources)) {
    const base: ConfigPath = ['resources', name, 'properties'];
    const props = (resource.properties ?? {}) as Record<string, unknown>;
    if (resource.type === 'function' || resource.type === 'batch-job') {
      ((props.events ?? []) as Array<{ type: string; properties: { scheduleRate?: string } }>).forEach((e, i) => {
        if (e.type !== 'schedule') return;
        const problem = scheduleExpressionProblem(String(e.properties.scheduleRate));
        if (!problem) return;
        problems.push(
          new NxstackError('NXS_SCHEDULE_EXPRESSION_INVALID', `schedule of ${resource.type} '${name}': ${problem}`, {
            location: source.locate([...base, 'events', i, 'properties', 'scheduleRate']),
            hint: "Write 'rate(5 minutes)' / 'rate(1 hour)' or an AWS cron with 6 fields, one of day-of-month/day-of-week '?': 'cron(0 12 * * ? *)'.",
          }),
        );
      });
    }
    if (!FARGATE_TYPES.has(resource.type)) continue;
    const r = props.resources as { cpu: number; memory: number } | undefined;
    if (r && resource.type === 'batch-job' && batchJobRunsOnEc2(props)) {
      if (ec2BatchVcpus(r.cpu) === undefined) {
        problems.push(
          new NxstackError('NXS_INVALID_VALUE', `resources.cpu ${r.cpu} of batch-job '${name}' is not a whole number of vCPUs, which jobs on EC2 instances (GPU / Spot) need`, {
            location: source.locate([...base, 'resources', 'cpu']),
            hint: `Use ${Math.max(1, Math.ceil(r.cpu < 256 ? r.cpu : r.cpu / 1024))} (vCPUs).`,
          }),
        );
      }
    } else if (r) {
      const memories = fargateMemoryOptions(r.cpu);
      if (!memories.length) {
        problems.push(
          new NxstackError('NXS_FARGATE_CPU_INVALID', `resources.cpu ${r.cpu} of '${name}' is not a Fargate CPU size`, {
            location: source.locate([...base, 'resources', 'cpu']),
            hint: `Use vCPUs ${FARGATE_CPU_UNITS.map((u) => u / 1024).join(', ')} (or units ${FARGATE_CPU_UNITS.join(', ')}).`,
          }),
        );
      } else if (!memories.includes(r.memory)) {
        problems.push(
          new NxstackError('NXS_FARGATE_MEMORY_INVALID', `resources.memory ${r.memory} of '${name}' does not go with cpu ${r.cpu} on Fargate`, {
            location: source.locate([...base, 'resources', 'memory']),
            hint: `With cpu ${r.cpu} (${fargateCpuUnits(r.cpu)} units) Fargate accepts memory ${describeMemoryOptions(memories)} MiB.`,
          }),
        );
      }
    }
    // scaling bounds: checked in the schema (containerScalingSchema), with the schema errors.
  }
  return problems;
}
