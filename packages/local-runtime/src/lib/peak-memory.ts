import { readFileSync } from 'node:fs';

/**
 * Peak resident memory of a process in MB (`VmHWM` of /proc/<pid>/status), like Lambda's
 * "Max Memory Used" for the execution environment; undefined when the process is gone.
 */
export function peakMemoryMB(pid: number): number | undefined {
  try {
    const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.ceil(Number(m[1]) / 1024) : undefined;
  } catch {
    return undefined;
  }
}
