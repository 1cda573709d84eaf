import { NxstackError, describeMemoryOptions, fargateCpuUnits, fargateMemoryOptions, FARGATE_CPU_UNITS } from '@nxstack/core';
import type { ResourceCompileContext } from '../resource-types/resource-type';

export interface FargateSize {
  /** CPU units (1024 = 1 vCPU). */
  readonly cpu: number;
  readonly memory: number;
}

/** `resources: { cpu, memory }` checked against the pairs Fargate accepts (before any AWS call). */
export function fargateSize(ctx: ResourceCompileContext): FargateSize {
  const resources = ctx.properties.resources as { cpu: number; memory: number };
  const at = [...ctx.path, 'properties', 'resources'];
  const cpu = fargateCpuUnits(resources.cpu);
  const memories = fargateMemoryOptions(resources.cpu);
  if (!memories.length) {
    throw new NxstackError('NXS_FARGATE_CPU_INVALID', `resources.cpu ${resources.cpu} of '${ctx.name}' is not a Fargate CPU size.`, {
      location: ctx.locate([...at, 'cpu']),
      hint: `Use vCPUs ${FARGATE_CPU_UNITS.map((u) => u / 1024).join(', ')} (or units ${FARGATE_CPU_UNITS.join(', ')}).`,
    });
  }
  if (!memories.includes(resources.memory)) {
    throw new NxstackError('NXS_FARGATE_MEMORY_INVALID', `resources.memory ${resources.memory} of '${ctx.name}' does not go with cpu ${resources.cpu} on Fargate.`, {
      location: ctx.locate([...at, 'memory']),
      hint: `With cpu ${resources.cpu} (${cpu} units) Fargate accepts memory ${describeMemoryOptions(memories)} MiB.`,
    });
  }
  return { cpu, memory: resources.memory };
}
