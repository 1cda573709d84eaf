// Fargate accepts only these CPU (units, 1024 = 1 vCPU) / memory (MiB) combinations.

const range = (from: number, to: number, step: number) => Array.from({ length: (to - from) / step + 1 }, (_, i) => from + i * step);

export const FARGATE_MEMORY_BY_CPU: Readonly<Record<number, readonly number[]>> = {
  256: [512, 1024, 2048],
  512: range(1024, 4096, 1024),
  1024: range(2048, 8192, 1024),
  2048: range(4096, 16384, 1024),
  4096: range(8192, 30720, 1024),
  8192: range(16384, 61440, 4096),
  16384: range(32768, 122880, 8192),
};

export const FARGATE_CPU_UNITS = Object.keys(FARGATE_MEMORY_BY_CPU).map(Number);

/**
 * Stacktape writes `cpu` in vCPUs (0.25, 0.5, 1, 2, 4, 8, 16); ECS task definitions use units
 * (256 … 16384). Both spellings are accepted: values below 256 are vCPUs.
 */
export function fargateCpuUnits(cpu: number): number {
  return cpu < 256 ? Math.round(cpu * 1024) : cpu;
}

/** Memories Fargate accepts with `cpu` (vCPUs or units); empty when the cpu itself is not valid. */
export function fargateMemoryOptions(cpu: number): readonly number[] {
  return FARGATE_MEMORY_BY_CPU[fargateCpuUnits(cpu)] ?? [];
}

/** Short text of a memory list for hints: `1024, 2048, 3072, 4096` or `16384-61440 in steps of 4096`. */
export function describeMemoryOptions(memories: readonly number[]): string {
  if (memories.length <= 4) return memories.join(', ');
  return `${memories[0]}-${memories[memories.length - 1]} in steps of ${memories[1] - memories[0]}`;
}
