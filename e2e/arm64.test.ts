/**
 * Issue 9.1: stack.yml wins over executor schema defaults. arm64 functions in TypeScript, Python,
 * Go and Java, packaged through the inferred `package--<fn>` targets of the real nx CLI, are
 * arm64 artifacts (ELF e_machine, wheel tags, class file version) whose manifests and compiled
 * template say arm64; hand-written project.json targets of the Go packager get stack.yml's (or
 * their own explicit) architecture, and the stack model's default otherwise; an artifact that
 * disagrees with the stack is refused by publish and by deploy before anything is uploaded.
 * Stage: a hand-written target with no stage option takes NXSTACK_STAGE (no schema default beats it).
 */
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { readZip, type ReadZipEntry } from '@nxstack/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { elfMachine, wheelTags } from './lib/artifact-inspection';
import { createWorkspaceFromTemplate, REPO_ROOT, runNx, taskResults, type NxRun } from './lib/sample-workspace';
import { removeWorkspaceAfterAll } from './lib/suite';

const FIFTEEN_MINUTES = 900_000;
const AARCH64 = 183;
const X86_64 = 62;
const FUNCTIONS = ['tsFn', 'pyFn', 'goFn', 'javaFn'] as const;
type Fn = (typeof FUNCTIONS)[number];

let ws: string;

function expectSuccess(run: NxRun): void {
  if (run.status !== 0) throw new Error(`nx failed (exit ${run.status}):\n${run.output.slice(-8000)}`);
}

function expectFailure(run: NxRun): void {
  if (run.status === 0) throw new Error(`nx succeeded but should have failed:\n${run.output.slice(-8000)}`);
}

interface Manifest {
  readonly artifact: string;
  readonly sha256: string;
  readonly runtime: string;
  readonly architecture: string;
}

function manifestAt(dir: string): Manifest {
  return JSON.parse(readFileSync(path.join(ws, dir, 'manifest.json'), 'utf8')) as Manifest;
}

async function zipAt(dir: string): Promise<ReadZipEntry[]> {
  return readZip(path.join(ws, dir, manifestAt(dir).artifact));
}

const outputOf = (fn: Fn) => `dist/stack/poly/${fn}`;

/** The ELF machine of the `bootstrap` in a Go package output folder. */
async function goMachine(dir: string): Promise<number> {
  const bootstrap = (await zipAt(dir)).find((e) => e.path === 'bootstrap');
  expect(bootstrap, `${dir} has a bootstrap`).toBeDefined();
  return elfMachine(bootstrap!.content);
}

/** The major version of a .class file (61 = Java 17, 65 = Java 21). */
function classMajor(content: Buffer): number {
  expect(content.readUInt32BE(0)).toBe(0xcafebabe);
  return content.readUInt16BE(6);
}

function localArtifacts(fn: Fn): string[] {
  const dir = path.join(ws, '.nxstack/local/artifacts/poly', fn);
  return existsSync(dir) ? readdirSync(dir).sort() : [];
}

describe('e2e: arm64 functions in every language through the real nx CLI', () => {
  beforeAll(() => {
    ws = createWorkspaceFromTemplate(path.join(REPO_ROOT, 'e2e', 'polyglot-workspace'), 'nxs-e2e-arm64-');
    // The same sources, with an all-arm64 stack.yml and hand-written Go targets.
    cpSync(path.join(REPO_ROOT, 'e2e', 'arm64-workspace'), ws, { recursive: true });
  }, FIFTEEN_MINUTES);

  removeWorkspaceAfterAll(() => ws);

  it('packages and deploys every function for arm64: artifacts, manifests and template agree', async () => {
    const run = runNx(ws, ['run', 'poly:deploy']);
    expectSuccess(run);
    const tasks = taskResults(run.output);
    for (const fn of FUNCTIONS) expect(tasks[`poly:package--${fn}`], `poly:package--${fn}`).toBe('run');

    for (const fn of FUNCTIONS) expect({ fn, architecture: manifestAt(outputOf(fn)).architecture }).toEqual({ fn, architecture: 'arm64' });
    const template = JSON.parse(readFileSync(path.join(ws, '.nxstack/local/poly/template.json'), 'utf8')) as {
      Resources: Record<string, { Type: string; Properties?: { Architectures?: string[]; Runtime?: string; Code?: { S3Key?: string } } }>;
    };
    const functions = Object.values(template.Resources).filter((r) => r.Type === 'AWS::Lambda::Function');
    expect(functions).toHaveLength(4);
    for (const fn of FUNCTIONS) {
      const m = manifestAt(outputOf(fn));
      const deployed = functions.find((f) => String(f.Properties?.Code?.S3Key).includes(m.sha256));
      expect(deployed?.Properties, fn).toMatchObject({ Architectures: ['arm64'], Runtime: m.runtime });
    }

    expect(await goMachine(outputOf('goFn'))).toBe(AARCH64);
    expect(manifestAt(outputOf('goFn')).runtime).toBe('provided.al2023');

    const py = await zipAt(outputOf('pyFn'));
    const coreTags = wheelTags(py, 'pydantic_core');
    expect(coreTags.length).toBeGreaterThan(0);
    for (const tag of coreTags) expect(tag).toMatch(/^cp312-cp312-manylinux.*_aarch64$/);
    const sharedObjects = py.filter((e) => e.path.endsWith('.so'));
    expect(sharedObjects.length).toBeGreaterThan(0);
    for (const so of sharedObjects) expect(elfMachine(so.content), so.path).toBe(AARCH64);

    const java = await zipAt(outputOf('javaFn'));
    const hello = java.find((e) => e.path === 'com/example/poly/Hello.class');
    expect(hello).toBeDefined();
    expect(classMajor(hello!.content)).toBe(65); // runtime java21
    expect(manifestAt(outputOf('javaFn')).runtime).toBe('java21');

    const ts = await zipAt(outputOf('tsFn'));
    expect(ts.map((e) => e.path)).toContain('index.js');
    expect(ts.filter((e) => e.path.endsWith('.node'))).toEqual([]); // no native dependency in this fixture
  }, FIFTEEN_MINUTES);

  it('hand-written Go targets: stackFile takes stack.yml architecture, explicit options win, the model default otherwise', async () => {
    const run = runNx(ws, ['run-many', '--projects', 'poly', '--targets', 'go-from-stack,go-inline-arm64,go-inline-default']);
    expectSuccess(run);
    expect(await goMachine('dist/custom/go-from-stack')).toBe(AARCH64);
    expect(manifestAt('dist/custom/go-from-stack').architecture).toBe('arm64');
    expect(await goMachine('dist/custom/go-inline-arm64')).toBe(AARCH64);
    expect(manifestAt('dist/custom/go-inline-arm64').architecture).toBe('arm64');
    // No schema default, no stack.yml: the stack model's default architecture (x86_64).
    expect(await goMachine('dist/custom/go-inline-default')).toBe(X86_64);
    expect(manifestAt('dist/custom/go-inline-default')).toMatchObject({ architecture: 'x86_64', runtime: 'provided.al2023' });
  }, FIFTEEN_MINUTES);

  it('a hand-written target without a stage option takes NXSTACK_STAGE, and --stage beats it', () => {
    const templates = () => readdirSync(path.join(ws, 'dist/stack/poly')).filter((f) => f.startsWith('template-')).sort();
    const before = templates();
    expectSuccess(runNx(ws, ['run', 'poly:synth-template'], { NXSTACK_STAGE: 'e2earm' }));
    expect(templates()).toEqual([...before, 'template-e2earm.json'].sort());
    expectSuccess(runNx(ws, ['run', 'poly:synth-template', '--stage', 'e2eflag'], { NXSTACK_STAGE: 'e2earm' }));
    expect(templates()).toEqual([...before, 'template-e2earm.json', 'template-e2eflag.json'].sort());
    expectSuccess(runNx(ws, ['run', 'poly:synth-template']));
    expect(templates()).toEqual([...new Set([...before, 'template-e2earm.json', 'template-e2eflag.json', 'template-local.json'])].sort());
  }, FIFTEEN_MINUTES);

  it('an artifact that disagrees with stack.yml is refused by publish and by deploy, before any upload', async () => {
    const projectFile = path.join(ws, 'poly/project.json');
    const original = readFileSync(projectFile, 'utf8');
    const project = JSON.parse(original) as { targets: Record<string, unknown> };
    // An explicit option overrides stack.yml (as designed): the Go function is built for x86_64.
    project.targets['package--goFn'] = { options: { architecture: 'x86_64' } };
    writeFileSync(projectFile, JSON.stringify(project, null, 2));
    const publishedBefore = localArtifacts('goFn');
    expect(publishedBefore).toHaveLength(1);
    try {
      const publish = runNx(ws, ['run', 'poly:publish--goFn']);
      expectFailure(publish);
      expect(await goMachine(outputOf('goFn'))).toBe(X86_64);
      expect(manifestAt(outputOf('goFn')).architecture).toBe('x86_64');
      expect(publish.output).toContain('NXS_ARTIFACT_MISMATCH poly/stack.yml:');
      expect(publish.output).toContain("Artifact of resource 'goFn' was built for architecture 'x86_64'");
      expect(publish.output).toContain("stack.yml deploys it as architecture 'arm64'");
      expect(localArtifacts('goFn')).toEqual(publishedBefore);

      // deploy on its own (no publish first) refuses the same artifact against the compiled template.
      const stateBefore = readFileSync(path.join(ws, '.nxstack/local/poly/template.json'), 'utf8');
      const deploy = runNx(ws, ['run', 'poly:deploy', '--exclude-task-dependencies']);
      expectFailure(deploy);
      const line = deploy.output.split('\n').find((l) => l.includes('NXS_ARTIFACT_MISMATCH'));
      expect(line).toMatch(/NXS_ARTIFACT_MISMATCH poly\/stack\.yml:\d+:\d+ Artifact of resource 'goFn' was built for architecture 'x86_64' \(dist\/stack\/poly\/goFn\/manifest\.json\), but the compiled template deploys it as architecture 'arm64'\./);
      expect(deploy.output).toContain('hint: Package it again from stack.yml: nx run poly:package--goFn --skip-nx-cache');
      expect(readFileSync(path.join(ws, '.nxstack/local/poly/template.json'), 'utf8')).toBe(stateBefore);
    } finally {
      writeFileSync(projectFile, original);
    }

    // Without the override the arm64 artifact comes back (from the cache) and deploys again.
    const again = runNx(ws, ['run', 'poly:deploy']);
    expectSuccess(again);
    expect(taskResults(again.output)['poly:package--goFn']).toBe('cache');
    expect(await goMachine(outputOf('goFn'))).toBe(AARCH64);
  }, FIFTEEN_MINUTES);
});
