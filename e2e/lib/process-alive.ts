import { readFileSync } from 'node:fs';

/**
 * Whether a process with this pid runs (signal 0 checks without sending anything). A zombie (ended,
 * not yet reaped by the parent it was handed to) does not run: kill(pid, 0) alone still finds it.
 */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    // /proc/<pid>/stat: `pid (comm) state ...`; comm may hold spaces and parentheses.
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').startsWith('Z');
  } catch {
    return false;
  }
}

/** Waits until none of the pids runs (a process that was signalled takes a moment to end); returns those still running after `timeoutMs`. */
export async function processesGone(pids: readonly number[], timeoutMs = 15_000): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  while (pids.some(processAlive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  return pids.filter(processAlive);
}
