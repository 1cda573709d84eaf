// One table test over the malformed stack.yml corpus in __fixtures__/bad/: each file's first
// line says `# expect: NXS_CODE line:col`; loading + compiling it (pure: no AWS call) must fail
// with exactly that code, at that stack.yml position, with a hint.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { isNxstackError, loadStack, type NxstackError } from '@nxstack/core';
import { compileStack } from './compile-stack';
import { imageArtifact } from './__fixtures__/compute-stack';
import { artifact, manifest } from './__fixtures__/sample-stack';
import type { CompiledArtifact } from './types';

const dir = join(__dirname, '__fixtures__', 'bad');
const EXPECT = /^# expect: (NXS_[A-Z0-9_]+) (\d+):(\d+)\s*$/;
const ZIP_TYPES = new Set(['function', 'deployment-script']);
const IMAGE_TYPES = new Set(['web-service', 'private-service', 'worker-service', 'batch-job']);

const corpus = readdirSync(dir).filter((f) => f.endsWith('.yml')).sort();

/** Artifacts as the package targets would have produced them, so only the config can fail. */
function artifactsFor(resources: Record<string, { type: string }>): Record<string, CompiledArtifact> {
  const out: Record<string, CompiledArtifact> = {};
  for (const [name, r] of Object.entries(resources)) {
    if (ZIP_TYPES.has(r.type)) out[name] = artifact('bad', manifest(name));
    if (IMAGE_TYPES.has(r.type)) out[name] = imageArtifact(name);
  }
  return out;
}

async function firstProblem(file: string): Promise<NxstackError> {
  try {
    const stack = await loadStack(file, { workspaceRoot: dir });
    compileStack({ stack, projectName: 'bad', stage: 'dev', artifacts: artifactsFor(stack.config.resources), now: new Date('2026-06-01T00:00:00Z') });
  } catch (e) {
    if (!isNxstackError(e)) throw e;
    const problems = (e as { problems?: NxstackError[] }).problems;
    return problems?.[0] ?? e;
  }
  throw new Error(`${file} loaded and compiled without an error`);
}

describe('bad input corpus', () => {
  beforeAll(() => {
    // Any AWS call would go nowhere: the corpus must fail before reaching AWS.
    vi.stubEnv('AWS_ENDPOINT_URL', 'http://127.0.0.1:9');
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'none');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'none');
  });

  it('holds at least 60 files, each expecting its own failure', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(60);
  });

  it.each(corpus)('%s', async (file) => {
    const header = readFileSync(join(dir, file), 'utf8').split('\n')[0];
    const m = EXPECT.exec(header);
    const problem = await firstProblem(file);
    const actual = `${problem.code} ${problem.location?.line}:${problem.location?.column}`;
    expect(m, `${file}: first line must be '# expect: NXS_CODE line:col' (actual failure: ${actual})`).not.toBeNull();
    expect(actual).toBe(`${m![1]} ${m![2]}:${m![3]}`);
    expect(problem.location?.file).toBe(file);
    expect(problem.hint, `${file}: ${problem.message}`).toBeTruthy();
  });
});
