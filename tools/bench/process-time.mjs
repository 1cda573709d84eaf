// Wall and CPU seconds of a whole process tree (GNU time's user+sys of the command and the
// children it waited for), and medians: on a machine shared with other jobs the CPU figure moves
// far less than the wall clock.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { timed } from './lib.mjs';

const GNU_TIME = '/usr/bin/time';

/** timed() plus `cpu` (seconds) when GNU time is installed (undefined otherwise). */
export function timedWithCpu(argv, opts) {
  if (!existsSync(GNU_TIME)) return { ...timed(argv, opts), cpu: undefined };
  const dir = mkdtempSync(join(tmpdir(), 'bench-time-'));
  const out = join(dir, 'time');
  try {
    const res = timed([GNU_TIME, '-o', out, '-f', '%U %S', ...argv], opts);
    const [user, sys] = readFileSync(out, 'utf8').trim().split('\n').pop().split(' ').map(Number);
    return { ...res, cpu: user + sys };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// One owner of medians and load averages for every bench.
export { loadAverage, median } from './side-by-side.mjs';
