// Preloaded into every Node process of a profiled `nx run` (NODE_OPTIONS=--require; Node 20
// refuses --cpu-prof there): starts V8's CPU profiler through the in-process inspector and writes
// <CPU_PROFILE_DIR>/<pid>.cpuprofile when the process ends (exit, or SIGTERM/SIGINT from Nx).
const { Session } = require('node:inspector');
const { writeFileSync } = require('node:fs');
const path = require('node:path');

const dir = process.env.CPU_PROFILE_DIR;
if (dir) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 1000 });
  session.post('Profiler.start');
  let written = false;
  const write = () => {
    if (written) return;
    written = true;
    session.post('Profiler.stop', (err, res) => {
      if (!err) writeFileSync(path.join(dir, `${process.pid}.cpuprofile`), JSON.stringify({ ...res.profile, argv: process.argv }));
    });
  };
  process.on('exit', write);
  for (const sig of ['SIGTERM', 'SIGINT']) {
    process.on(sig, () => {
      write();
      process.exit(128 + (sig === 'SIGTERM' ? 15 : 2));
    });
  }
}
