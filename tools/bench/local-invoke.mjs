#!/usr/bin/env node
// Benchmark (issue 12): warm invoke latency of a TypeScript function through the local Lambda
// Runtime API emulation (@nxstack/local-runtime: HTTP round trip, runtime client, log capture),
// p50/p99 over --invokes invocations, against the floor: `node -e` loading the same unpacked
// bundle and calling its handler directly in a loop. Also the same function behind the local
// HTTP API gateway (`serve`: HTTP request → payload 2.0 event → warm function → HTTP response).
//   node tools/bench/local-invoke.mjs [--invokes 200]
// Needs the packages built (node tools/build.mjs).
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { printTable, ratio } from './lib.mjs';

const args = process.argv.slice(2);
const opt = (name, def) => { const i = args.indexOf(`--${name}`); return i >= 0 ? Number(args[i + 1]) : def; };
const N = opt('invokes', 200);
const WARMUP = 20;
const repo = resolve(import.meta.dirname, '..', '..');
const work = join(repo, 'tools/bench/.work/local-invoke');
const require = createRequire(import.meta.url);
const packager = require(join(repo, 'packages/packager-node/dist/index.js'));
const runtime = require(join(repo, 'packages/local-runtime/dist/index.js'));

rmSync(work, { recursive: true, force: true });
mkdirSync(join(work, 'src'), { recursive: true });
writeFileSync(
  join(work, 'src/handler.ts'),
  // Called directly with the order, or behind the HTTP API with it as the JSON body.
  'interface Order { id: string; items: number[] }\nexport const handler = async (event: Order | { body: string }) => {\n  const o: Order = "body" in event ? JSON.parse(event.body) : event;\n  return { id: o.id, total: o.items.reduce((a, b) => a + b, 0) };\n};\n',
);
const event = { id: 'o-1', items: [1, 2, 3, 4] };

const pkg = await packager.packageNodeFunction({ workspaceRoot: work, projectRoot: '.', resourceName: 'bench', entryfilePath: 'src/handler.ts', runtime: 'nodejs20.x', outputPath: join(work, 'out') });
const manifest = JSON.parse(execFileSync('cat', [join(work, 'out/manifest.json')], { encoding: 'utf8' }));

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const stats = (ms) => {
  const s = [...ms].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p99: percentile(s, 99) };
};

// Through the emulation: one warm execution environment, invoked N times after a warm-up.
const opened = await runtime.openLocalFunction({ zip: pkg.artifactPath, runtime: manifest.runtime, handler: manifest.handler, architecture: manifest.architecture, environment: { ...manifest.environment }, timeout: 10, memory: 1024, functionName: 'bench', region: 'us-east-1' });
let emulated;
try {
  for (let i = 0; i < WARMUP; i++) await opened.fn.invoke(event);
  const ms = [];
  const inRuntime = [];
  for (let i = 0; i < N; i++) {
    const t = process.hrtime.bigint();
    const r = await opened.fn.invoke(event);
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
    inRuntime.push(r.durationMs);
    if (r.outcome !== 'success' || JSON.parse(r.payload).total !== 10) throw new Error(`bad result: ${r.payload}`);
  }
  emulated = { ...stats(ms), runtimeP50: stats(inRuntime).p50 };
} finally {
  await opened.close();
}

// Through the serve gateway: the function behind an HTTP API route, packaged where the plugin's
// package--bench task would write it, requests over one keep-alive connection.
mkdirSync(join(work, 'api'), { recursive: true });
writeFileSync(join(work, 'api/stack.yml'), [
  'resources:',
  '  benchApi:',
  '    type: http-api-gateway',
  "    properties: { payloadFormat: '2.0' }",
  '  bench:',
  '    type: function',
  '    properties:',
  '      packaging: { type: stacktape-lambda-buildpack, properties: { entryfilePath: src/handler.ts } }',
  '      timeout: 10',
  '      memory: 1024',
  '      events:',
  "        - { type: http-api-gateway, properties: { httpApiGatewayName: benchApi, path: '/orders/{id}', method: POST } }",
  '',
].join('\n'));
const core = require(join(repo, 'packages/core/dist/index.js'));
const outDir = join(work, core.resourceOutputDir('api', 'bench'));
rmSync(outDir, { recursive: true, force: true });
cpSync(join(work, 'out'), outDir, { recursive: true });
const gateway = await runtime.startLocalGateway({ workspaceRoot: work, projectName: 'bench', stackFile: 'api/stack.yml', region: 'us-east-1', log: () => {} });
let viaHttp;
try {
  const url = `${gateway.urls.benchApi}/orders/o-1`;
  const call = async () => {
    const res = await fetch(url, { method: 'POST', body: JSON.stringify(event), headers: { 'content-type': 'application/json' } });
    const body = await res.json();
    if (res.status !== 200) throw new Error(`bad answer ${res.status}: ${JSON.stringify(body)}`);
  };
  for (let i = 0; i < WARMUP; i++) await call();
  const ms = [];
  for (let i = 0; i < N; i++) {
    const t = process.hrtime.bigint();
    await call();
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  viaHttp = stats(ms);
} finally {
  await gateway.close();
}

// The floor: the same unpacked bundle, its handler called directly in one node process.
const taskRoot = join(work, 'task');
await runtime.unpack(pkg.artifactPath, taskRoot);
const floorScript = `
  const h = require(${JSON.stringify(join(taskRoot, 'index.js'))}).handler;
  const event = ${JSON.stringify(event)};
  (async () => {
    for (let i = 0; i < ${WARMUP}; i++) await h(event, {});
    const ms = [];
    for (let i = 0; i < ${N}; i++) { const t = process.hrtime.bigint(); await h(event, {}); ms.push(Number(process.hrtime.bigint() - t) / 1e6); }
    process.stdout.write(JSON.stringify(ms));
  })();`;
const floor = stats(JSON.parse(execFileSync(process.execPath, ['--enable-source-maps', '-e', floorScript], { encoding: 'utf8' })));

const ms = (v) => `${v.toFixed(3)} ms`;
printTable(`Warm invoke latency, ${N} invocations (TypeScript handler, ${manifest.runtime} zip)`, [
  ['emulation p50', ms(emulated.p50)],
  ['emulation p99', ms(emulated.p99)],
  ['  of which event delivered → answer (p50)', ms(emulated.runtimeP50)],
  ['node -e direct call p50 (floor)', ms(floor.p50)],
  ['node -e direct call p99 (floor)', ms(floor.p99)],
  ['p50 overhead', `${ms(emulated.p50 - floor.p50)} (${ratio(emulated.p50, floor.p50)})`],
  ['serve gateway (HTTP API, payload 2.0) p50', ms(viaHttp.p50)],
  ['serve gateway (HTTP API, payload 2.0) p99', ms(viaHttp.p99)],
  ['serve p50 overhead over the emulation', `${ms(viaHttp.p50 - emulated.p50)} (${ratio(viaHttp.p50, emulated.p50)})`],
]);
rmSync(work, { recursive: true, force: true });
