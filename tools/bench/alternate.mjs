// Side-by-side timing on a loaded machine: every case runs once per round, rounds repeat, and
// each case reports its median, so a burst of load hits all cases alike instead of one.
import { loadavg } from 'node:os';

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/**
 * Runs `cases` (name → () => ({ seconds })) `rounds` times, alternating; returns name → median
 * seconds, plus the 1-minute load averages seen at each round's start.
 */
export function alternating(rounds, cases) {
  const seen = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
  const loads = [];
  for (let r = 0; r < rounds; r++) {
    loads.push(loadavg()[0]);
    for (const [name, run] of Object.entries(cases)) {
      seen[name].push(run().seconds);
      // As it goes (stderr): a run cut short by a deadline still leaves its measurements.
      console.error(`round ${r + 1} load ${loads[r].toFixed(1)} ${name} ${seen[name].at(-1).toFixed(2)} s`);
    }
  }
  return { medians: Object.fromEntries(Object.entries(seen).map(([k, xs]) => [k, median(xs)])), loads };
}
