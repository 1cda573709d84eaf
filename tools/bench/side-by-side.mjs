// Runs benchmark cases side by side: every round runs each case once, in turn, so a load spike
// from the other jobs on this shared machine hits all cases alike; reports medians.
import { loadavg } from 'node:os';

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/**
 * cases: { name: () => seconds }. Each round calls every case once, in the order given.
 * Returns { name: { median, all } }.
 */
export function alternate(rounds, cases) {
  const all = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
  for (let i = 0; i < rounds; i++) {
    for (const [name, run] of Object.entries(cases)) all[name].push(run());
  }
  return Object.fromEntries(Object.entries(all).map(([k, xs]) => [k, { median: median(xs), all: xs }]));
}

/** `1.23 / 0.98 / 0.71` — the 1, 5 and 15 minute load averages. */
export const loadAverage = () => loadavg().map((x) => x.toFixed(2)).join(' / ');
