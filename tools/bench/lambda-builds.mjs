#!/usr/bin/env node
// Benchmark (issue 4): nxstack's Python, Go and Java packagers vs `sam build` (aws-sam-cli from
// PyPI, no container) on the same sources, measured side by side in one run.
//   node tools/bench/lambda-builds.mjs [--runs 2] [--fast-runs 3] [--only python,go,java]
// Both sides always in the same cache state, and the table says which:
// - python cold: each run gets its own empty UV_CACHE_DIR and PIP_CACHE_DIR (our packager uses uv
//   or pip, sam build pip: neither has a wheel or HTTP cache), our dependency cache and outputs
//   and SAM's .aws-sam/ deleted;
// - python warm: both use one pair of cache dirs warmed by the warm-up build, outputs deleted;
// - go / java: the machine's Go module + build caches and Maven's ~/.m2, warm for both.
// Python rows alternate the sides run by run and report medians (side-by-side.mjs).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { bestOf, fmt, printTable, ratio, timed } from './lib.mjs';
import { alternate, loadAverage } from './side-by-side.mjs';
import { generateLambdaWorkspace, pyHandler } from './lambda-workspace.mjs';

const args = process.argv.slice(2);
const opt = (name, def) => { const i = args.indexOf(`--${name}`); return i >= 0 ? Number(args[i + 1]) : def; };
const RUNS = opt('runs', 2);
const ONLY = args.includes('--only') ? args[args.indexOf('--only') + 1].split(',') : ['python', 'go', 'java'];
const runs = (lang) => ONLY.includes(lang);
const FAST_RUNS = opt('fast-runs', 3);
const repo = resolve(import.meta.dirname, '..', '..');
const work = join(repo, 'tools/bench/.work');
const ws = join(work, 'lambda-builds');
const samVenv = join(work, 'sam-venv');
const sam = join(samVenv, 'bin', 'sam');

// aws-sam-cli lives in its own venv, never in the system Python.
if (!existsSync(sam)) {
  execFileSync('python3', ['-m', 'venv', samVenv], { stdio: 'inherit' });
  execFileSync(join(samVenv, 'bin', 'pip'), ['install', '-q', '--disable-pip-version-check', 'aws-sam-cli'], { stdio: 'inherit' });
}

// sam build without a container needs python3.12 on PATH; our packager runs the same python3.
const py312 = join(execFileSync('pyenv', ['root'], { encoding: 'utf8' }).trim(), 'versions', '3.12.1', 'bin');
// No JDK 21 may be installed: both sides compile --release 21 with the oldest JDK >= 21 found.
const javaHome = process.env.BENCH_JAVA_HOME ?? oldestJdk(21);
const env = {
  PATH: [py312, join(javaHome, 'bin'), process.env.PATH].join(':'),
  JAVA_HOME: javaHome,
  SAM_CLI_TELEMETRY: '0',
  NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', NX_SKIP_LOG_GROUPING: 'true',
};

generateLambdaWorkspace({ repo, ws, env: { ...process.env, ...env } });
const nxBin = join(ws, 'node_modules', '.bin', 'nx');
const app = (name) => join(ws, 'apps', name);
// Python package caches per state: the same env for both sides (each reads the one it uses).
const cachesDir = join(work, 'lambda-caches');
const WARM_CACHES = { UV_CACHE_DIR: join(cachesDir, 'warm/uv'), PIP_CACHE_DIR: join(cachesDir, 'warm/pip') };
/** Runs fn with fresh, empty package caches, removed afterwards. */
function withColdCaches(fn) {
  mkdirSync(cachesDir, { recursive: true });
  const dir = mkdtempSync(join(cachesDir, 'cold-'));
  try {
    return fn({ UV_CACHE_DIR: join(dir, 'uv'), PIP_CACHE_DIR: join(dir, 'pip') });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const nx = (project, caches = WARM_CACHES) => timed([nxBin, 'run', `${project}:package`, '--skip-nx-cache'], { cwd: ws, env: { ...env, ...caches } });
const samBuild = (project, extra = [], caches = WARM_CACHES) => timed([sam, 'build', '--template-file', 'template.yaml', ...extra], { cwd: app(project), env: { ...env, ...caches } });
const ourZip = (project) => join(ws, 'dist/stack/apps', project, 'fn', 'fn.zip');
const clearOurs = (project) => rmSync(join(ws, 'dist/stack/apps', project), { recursive: true, force: true });
const clearSam = (project) => rmSync(join(app(project), '.aws-sam'), { recursive: true, force: true });
const pyDepsCache = join(ws, 'node_modules/.cache/nxstack/python-deps');
let edits = 0;
const editHandler = () => writeFileSync(join(app('py'), 'src/handler.py'), pyHandler(++edits));
// What the executor itself reports (dependency install or cache hit + zip), without Nx's start-up.
const executorMs = (stdout) => Number(/\((?:dependencies (?:cached|installed), )?(\d+) ms\)/.exec(stdout)?.[1] ?? NaN) / 1000;

/** SAM leaves a folder: zip it the way `sam package` would (deflate 6), report bytes and seconds. */
function samZip(project) {
  const dir = join(app(project), '.aws-sam/build/Fn');
  const zip = join(app(project), '.aws-sam/fn.zip');
  rmSync(zip, { force: true });
  const { seconds } = timed(['zip', '-qrX', '-6', zip, '.'], { cwd: dir });
  return { bytes: statSync(zip).size, seconds };
}

function oldestJdk(min) {
  const found = [];
  for (const name of existsSync('/usr/lib/jvm') ? readdirSync('/usr/lib/jvm') : []) {
    const home = join('/usr/lib/jvm', name);
    if (!existsSync(join(home, 'bin', 'javac'))) continue;
    const release = existsSync(join(home, 'release')) ? /JAVA_VERSION="(\d+)/.exec(readFileSync(join(home, 'release'), 'utf8'))?.[1] : undefined;
    if (Number(release) >= min) found.push([Number(release), home]);
  }
  found.sort((a, b) => a[0] - b[0]);
  if (!found.length) throw new Error(`no JDK >= ${min} under /usr/lib/jvm; set BENCH_JAVA_HOME`);
  return found[0][1];
}

const log = (line) => console.error(`[${new Date().toISOString().slice(11, 19)}] ${line}`);

// Warm-up: Nx's first project graph, pip's HTTP cache, Go's module/build caches, ~/.m2 (incl.
// the plugins `mvn install` needs for SAM) — each side once, not measured.
log('warm-up');
timed([nxBin, 'show', 'projects'], { cwd: ws, env });
const projectOf = { python: 'py', go: 'go', java: 'java' };
for (const lang of ONLY) {
  const p = projectOf[lang];
  rmSync(pyDepsCache, { recursive: true, force: true });
  clearOurs(p); clearSam(p);
  nx(p);
  samBuild(p);
}

// Nx's fixed cost in every `nx run` (start-up + project graph), for reading the rows below.
const nxFixed = bestOf(FAST_RUNS, () => timed([nxBin, 'show', 'projects'], { cwd: ws, env }));
const rows = [['nx show projects (Nx fixed cost of any nx run)', fmt(nxFixed)]];
const loadBefore = loadAverage();

if (runs('python')) {
  // --- Python: cold (both sides: empty caches) and warm (both: warmed caches); outputs deleted ---
  log('python cold and warm');
  let pyOurColdExec = Infinity;
  const py = alternate(RUNS, {
    ourCold: () => withColdCaches((caches) => {
      rmSync(pyDepsCache, { recursive: true, force: true });
      clearOurs('py');
      const r = nx('py', caches);
      pyOurColdExec = Math.min(pyOurColdExec, executorMs(r.stdout));
      return r.seconds;
    }),
    samCold: () => withColdCaches((caches) => { clearSam('py'); return samBuild('py', [], caches).seconds; }),
    ourWarm: () => { rmSync(pyDepsCache, { recursive: true, force: true }); clearOurs('py'); return nx('py').seconds; },
    samWarm: () => { clearSam('py'); return samBuild('py').seconds; },
  });
  const pyOurCold = py.ourCold.median;
  const pySamCold = py.samCold.median;
  const pyOurBytes = statSync(ourZip('py')).size;
  const pySamZip = samZip('py');

  // --- Python: code-only rebuild (handler.py edited each run) ---
  log('python code-only');
  let pyOurCodeExec = Infinity;
  const pyOurCode = bestOf(FAST_RUNS, () => { editHandler(); const r = nx('py'); pyOurCodeExec = Math.min(pyOurCodeExec, executorMs(r.stdout)); return r; });
  const pySamCode = bestOf(RUNS, () => { editHandler(); return samBuild('py'); });
  clearSam('py');
  samBuild('py', ['--cached']); // fills .aws-sam/cache and the dependency folder SAM reuses
  const pySamCachedCode = bestOf(FAST_RUNS, () => { editHandler(); return samBuild('py', ['--cached']); });
  rows.push(
    ['python cold: nx run py:package --skip-nx-cache', fmt(pyOurCold)],
    ['python cold: of which executor (install + zips)', fmt(pyOurColdExec)],
    ['python cold: sam build (no .aws-sam)', fmt(pySamCold)],
    ['python cold: zip of sam build output (deflate 6)', fmt(pySamZip.seconds)],
    ['python cold: nxstack / sam build (goal <= 0.5x)', ratio(pyOurCold, pySamCold)],
    ['python cold: nxstack / (sam build + zip)', ratio(pyOurCold, pySamCold + pySamZip.seconds)],
    ['python warm caches: nx run py:package --skip-nx-cache', fmt(py.ourWarm.median)],
    ['python warm caches: sam build (no .aws-sam)', fmt(py.samWarm.median)],
    ['python warm caches: nxstack / sam build', ratio(py.ourWarm.median, py.samWarm.median)],
    ['python code-only: nx run py:package (deps cache warm)', fmt(pyOurCode)],
    ['python code-only: of which executor', fmt(pyOurCodeExec)],
    ['python code-only: sam build', fmt(pySamCode)],
    ['python code-only: sam build --cached', fmt(pySamCachedCode)],
    ['python code-only / nxstack cold (goal <= 0.1x)', ratio(pyOurCode, pyOurCold)],
    ['python code-only / cold, executor time only', ratio(pyOurCodeExec, pyOurColdExec)],
    ['python code-only: nxstack / sam build --cached', ratio(pyOurCode, pySamCachedCode)],
    ['python zip bytes: nxstack / sam (zipped)', `${pyOurBytes} / ${pySamZip.bytes} = ${ratio(pyOurBytes, pySamZip.bytes)}`],
  );
}

if (runs('go')) {
  log('go cold');
  const goOur = bestOf(FAST_RUNS, () => { clearOurs('go'); return nx('go'); });
  const goOurBytes = statSync(ourZip('go')).size;
  const goSam = bestOf(FAST_RUNS, () => { clearSam('go'); return samBuild('go'); });
  const goSamZip = samZip('go');
  rows.push(
    ['go cold: nx run go:package --skip-nx-cache', fmt(goOur)],
    ['go cold: sam build', fmt(goSam)],
    ['go cold: nxstack / sam build', ratio(goOur, goSam)],
    ['go zip bytes: nxstack / sam (zipped)', `${goOurBytes} / ${goSamZip.bytes} = ${ratio(goOurBytes, goSamZip.bytes)}`],
  );
}

if (runs('java')) {
  // Java rows alternate: ours (Maven's JVM as the packager sets it), ours with MAVEN_OPTS='' (Maven's
  // default JVM: what the packager ran before it set the short-build options), and sam build.
  log('java cold');
  const clearJava = () => rmSync(join(app('java'), 'target'), { recursive: true, force: true });
  const java = alternate(RUNS, {
    ours: () => { clearOurs('java'); clearJava(); return nx('java').seconds; },
    oursDefaultJvm: () => { clearOurs('java'); clearJava(); return nx('java', { ...WARM_CACHES, MAVEN_OPTS: '' }).seconds; },
    sam: () => { clearSam('java'); clearJava(); return samBuild('java').seconds; },
  });
  clearOurs('java'); clearJava(); nx('java');
  const javaOurBytes = statSync(ourZip('java')).size;
  clearSam('java'); clearJava(); samBuild('java');
  const javaSamZip = samZip('java');
  rows.push(
    ['java cold: nx run java:package --skip-nx-cache', fmt(java.ours.median)],
    ["java cold: the same with MAVEN_OPTS='' (Maven's default JVM)", fmt(java.oursDefaultJvm.median)],
    ['java cold: sam build', fmt(java.sam.median)],
    ['java cold: nxstack / sam build (goal <= 0.5x)', ratio(java.ours.median, java.sam.median)],
    ["java cold: nxstack with MAVEN_OPTS='' / sam build", ratio(java.oursDefaultJvm.median, java.sam.median)],
    ['java zip bytes: nxstack / sam (zipped)', `${javaOurBytes} / ${javaSamZip.bytes} = ${ratio(javaOurBytes, javaSamZip.bytes)}`],
  );
}

const samVersion = execFileSync(sam, ['--version'], { encoding: 'utf8', env: { ...process.env, ...env } }).trim();
printTable(`nxstack packagers vs sam build (${samVersion}, no container; python cold/warm and java rows: medians of ${RUNS} alternating runs, others best of ${RUNS} / ${FAST_RUNS}; ${new Date().toISOString()})`, rows);
console.log(`  (python cold: empty UV_CACHE_DIR/PIP_CACHE_DIR per run for both sides; python warm and code-only: one warmed pair for both;`);
console.log(`   go/java: Go module + build cache and Maven ~/.m2 warm for both; python ${py312}, JAVA_HOME ${javaHome})`);
console.log(`  load average before the measured rows / at the end: ${loadBefore} | ${loadAverage()} (2 cores)`);
