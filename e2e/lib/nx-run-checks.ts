import type { NxRun } from './sample-workspace';

export function expectSuccess(run: NxRun): void {
  if (run.status !== 0) throw new Error(`nx failed (exit ${run.status}):\n${run.output.slice(-6000)}`);
}

export function expectFailure(run: NxRun): NxRun {
  if (run.status === 0) throw new Error(`nx should have failed:\n${run.output.slice(-6000)}`);
  return run;
}

/** The JSON result line invoke prints (the first line that parses as a JSON object). */
export function resultOf(run: NxRun): Record<string, unknown> {
  for (const line of run.output.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      return JSON.parse(line) as Record<string, unknown>;
    } catch {
      // not the result
    }
  }
  throw new Error(`no JSON result in:\n${run.output.slice(-4000)}`);
}
