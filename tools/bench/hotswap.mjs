#!/usr/bin/env node
// Benchmark (issue 13): `deploy --hotswap` vs a full CloudFormation deploy of a one-function code
// change, on moto, through the real nx CLI on the packed packages (the e2e sample workspace).
// Each round edits the function, publishes it, then times the deploy task alone
// (--exclude-task-dependencies: package and publish are the same work either way) and the whole
// `nx run api:deploy` with its package/publish tasks. Goal: hotswap deploy ≤ 0.2× the full one.
// On moto a change set is applied synchronously, so the full deploy is far cheaper than on AWS
// and both modes are dominated by what they share (nx start-up, stack.yml load and compile).
// Modes alternate within each round; medians of wall and CPU (user+sys of the process tree), with
// the load average of each round.
//   node tools/bench/hotswap.mjs [--rounds 3]
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { sampleOnMoto } from './sample-on-moto.mjs';
import { fmt, printTable, ratio, timed } from './lib.mjs';
import { loadAverage, median, timedWithCpu } from './process-time.mjs';

const args = process.argv.slice(2);
const rounds = Number(args[args.indexOf('--rounds') + 1] || 3) || 3;
const repo = resolve(import.meta.dirname, '..', '..');
const { ws, env, nx, stopMoto } = sampleOnMoto(repo, 'hotswap');
const stage = ['--stage', 'bench', '--region', 'us-east-1'];
const handler = join(ws, 'api/src/my-lambda.ts');
const original = readFileSync(handler, 'utf8');
let edits = 0;
const edit = () => writeFileSync(handler, original.replace('ok: true', `ok: true, round: ${++edits}`));

try {
  timed(nx('run', 'api:deploy', ...stage), { cwd: ws, env, label: 'first deploy' });
  const results = { full: [], hot: [], fullAll: [], hotAll: [] };
  const cpu = { full: [], hot: [], fullAll: [], hotAll: [] };
  const loads = [];
  for (let i = 0; i < rounds; i++) {
    loads.push(loadAverage());
    for (const mode of ['full', 'hot']) {
      const flags = mode === 'hot' ? ['--hotswap'] : [];
      edit();
      timed(nx('run', 'api:publish--myLambda', ...stage), { cwd: ws, env, label: 'publish' });
      const step = timedWithCpu(nx('run', 'api:deploy', ...stage, ...flags, '--exclude-task-dependencies'), { cwd: ws, env, label: `${mode} deploy` });
      if (mode === 'hot' && !step.stdout.includes('mode=hotswap')) throw new Error(`the hotswap deploy did not hotswap:\n${step.stdout.slice(-3000)}`);
      if (mode === 'full' && !step.stdout.includes('change(s) deployed')) throw new Error(`the full deploy deployed nothing:\n${step.stdout.slice(-3000)}`);
      results[mode].push(step.seconds);
      cpu[mode].push(step.cpu ?? NaN);
      edit();
      const all = timedWithCpu(nx('run', 'api:deploy', ...stage, ...flags), { cwd: ws, env, label: `${mode} nx run api:deploy` });
      results[`${mode}All`].push(all.seconds);
      cpu[`${mode}All`].push(all.cpu ?? NaN);
    }
  }
  const m = (k) => median(results[k]);
  const c = (k) => median(cpu[k]);
  printTable(`one-function code change on moto, medians of ${rounds} rounds; load average per round: ${loads.join(' | ')}`, [
    ['deploy task alone, full (CloudFormation)', `${fmt(m('full'))} wall, ${fmt(c('full'))} CPU`],
    ['deploy task alone, --hotswap', `${fmt(m('hot'))} wall, ${fmt(c('hot'))} CPU`],
    ['ratio hotswap / full (deploy task)', `${ratio(m('hot'), m('full'))} wall, ${ratio(c('hot'), c('full'))} CPU`],
    ['nx run api:deploy, full', `${fmt(m('fullAll'))} wall, ${fmt(c('fullAll'))} CPU`],
    ['nx run api:deploy --hotswap', `${fmt(m('hotAll'))} wall, ${fmt(c('hotAll'))} CPU`],
    ['ratio hotswap / full (whole run)', `${ratio(m('hotAll'), m('fullAll'))} wall, ${ratio(c('hotAll'), c('fullAll'))} CPU`],
  ]);
} finally {
  writeFileSync(handler, original);
  stopMoto();
}
