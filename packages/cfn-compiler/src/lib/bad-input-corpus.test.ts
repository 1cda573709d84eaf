// One table test over the malformed stack.yml corpus in __fixtures__/bad/: each file's first
// line says `# expect: NXS_CODE line:col`; loading + validating it for an AWS stage (what the
// `validate` target does before any publish: pure, no AWS call, no artifact) must fail with
// exactly that code, at that stack.yml position, with a hint.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { isNxstackError, loadStack, type NxstackError } from '@nxstack/core';
import { validateStack } from './validate-stack';

const dir = join(__dirname, '__fixtures__', 'bad');
const EXPECT = /^# expect: (NXS_[A-Z0-9_]+) (\d+):(\d+)\s*$/;
const corpus = readdirSync(dir).filter((f) => f.endsWith('.yml')).sort();

async function firstProblem(file: string): Promise<NxstackError> {
  try {
    const stack = await loadStack(file, { workspaceRoot: dir });
    validateStack({ stack, projectName: 'bad', stage: 'dev', now: new Date('2026-06-01T00:00:00Z') });
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
