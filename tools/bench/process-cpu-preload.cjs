// Preloaded into every Node process of a benchmarked command (NODE_OPTIONS=--require): writes the
// process's own CPU time (user+sys ms) and what it is to <PROCESS_CPU_DIR>/<pid>.json when it ends
// (exit, or SIGTERM/SIGINT from Nx). GNU time's figure for the command misses Nx's plugin workers
// (nx does not wait for them when it exits), so a change in the plugin does not show there.
const { mkdirSync, writeFileSync } = require('node:fs');
const path = require('node:path');

const dir = process.env.PROCESS_CPU_DIR;
if (dir) {
  let written = false;
  const write = () => {
    if (written) return;
    written = true;
    const cpu = process.cpuUsage();
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, `${process.pid}.json`), JSON.stringify({ argv: process.argv.slice(1), cpuMs: (cpu.user + cpu.system) / 1000 }));
  };
  process.on('exit', write);
  for (const sig of ['SIGTERM', 'SIGINT']) {
    process.on(sig, () => {
      write();
      process.exit(128 + (sig === 'SIGTERM' ? 15 : 2));
    });
  }
}
