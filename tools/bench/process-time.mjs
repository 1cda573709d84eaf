// Wall and CPU seconds of a whole process tree (GNU time's user+sys of the command and the
// children it waited for), and medians: on a machine shared with other jobs the CPU figure moves
// far less than the wall clock.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
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

const PROCESS_CPU_PRELOAD = join(import.meta.dirname, 'process-cpu-preload.cjs');

/** What a Node process of an nx command is, from its argv: the nx CLI, a plugin worker (of which plugin), a task process. */
function processKind([script = '', , plugin = '']) {
  if (script.endsWith('plugin-worker.js')) return plugin.startsWith('@nxstack/') ? `plugin worker ${plugin}` : 'plugin workers of nx';
  if (script.endsWith('run-executor.js')) return 'task processes';
  if (/\/(\.bin\/nx|bin\/nx\.js)$/.test(script)) return 'nx CLI';
  return 'other node processes';
}

/**
 * timedWithCpu() plus `processes`: the CPU seconds of every Node process of the command, summed per
 * kind (processKind), measured inside each process (process-cpu-preload.cjs), plus `all`, their sum.
 */
export function timedWithProcessCpu(argv, opts = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-process-cpu-'));
  try {
    const nodeOptions = [opts.env?.NODE_OPTIONS ?? process.env.NODE_OPTIONS, `--require ${PROCESS_CPU_PRELOAD}`].filter(Boolean).join(' ');
    const res = timedWithCpu(argv, { ...opts, env: { ...opts.env, NODE_OPTIONS: nodeOptions, PROCESS_CPU_DIR: dir } });
    const processes = { all: 0 };
    for (const f of readdirSync(dir)) {
      const { argv: a, cpuMs } = JSON.parse(readFileSync(join(dir, f), 'utf8'));
      const kind = processKind(a);
      processes[kind] = (processes[kind] ?? 0) + cpuMs / 1000;
      processes.all += cpuMs / 1000;
    }
    return { ...res, processes };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
