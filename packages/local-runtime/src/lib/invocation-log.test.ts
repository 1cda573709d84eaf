import { appendFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseReportLine } from './aws/invoke-deployed';
import { appendInvocationLog, invocationLogPath, readInvocationLog } from './invocation-log';
import type { InvokeResult } from './local-function';
import { parseSince } from './logs-since';

const result = (requestId: string, logs: string): InvokeResult => ({
  requestId,
  outcome: 'success',
  payload: '{}',
  logs,
  durationMs: 12.5,
  billedDurationMs: 13,
  memorySizeMB: 128,
  maxMemoryUsedMB: 40,
  notes: [],
});

describe('local invocation log', () => {
  it('records START, output, END and REPORT per invocation under .nxstack/<stage>/logs/<project>/<resource>.jsonl, read back incrementally', async () => {
    const target = { workspaceRoot: mkdtempSync(path.join(tmpdir(), 'nxs-log-')), stage: 'local', projectName: 'api', resource: 'seed' };
    const file = invocationLogPath(target);
    expect(path.relative(target.workspaceRoot, file)).toBe('.nxstack/local/logs/api/seed.jsonl');
    await appendInvocationLog(target, result('r1', 'line one\nline two\n'), 1000, 2000);
    const first = await readInvocationLog(file);
    expect(first.entries.map((e) => [e.timestamp, e.message.split('\t')[0]])).toEqual([
      [1000, 'START RequestId: r1 Version: $LATEST'],
      [1000, 'line one'],
      [1000, 'line two'],
      [2000, 'END RequestId: r1'],
      [2000, 'REPORT RequestId: r1'],
    ]);
    // A line being written is left for the next read.
    appendFileSync(file, '{"timestamp":3000,"requestId":"r2","mes');
    const partial = await readInvocationLog(file, first.next);
    expect(partial).toEqual({ entries: [], next: first.next });
    appendFileSync(file, 'sage":"late"}\n');
    expect((await readInvocationLog(file, partial.next)).entries).toEqual([{ timestamp: 3000, requestId: 'r2', message: 'late' }]);
  });

  it('reads nothing from a resource that never ran', async () => {
    expect(await readInvocationLog(path.join(tmpdir(), 'nxs-no-such-log.jsonl'))).toEqual({ entries: [], next: 0 });
  });
});

describe('--since', () => {
  it('takes a duration back from now or an ISO date, and refuses anything else', () => {
    expect(parseSince('10m', 1_000_000)).toBe(400_000);
    expect(parseSince('2h', 10_000_000)).toBe(10_000_000 - 7_200_000);
    expect(parseSince('2026-01-31T12:00:00Z')).toBe(Date.parse('2026-01-31T12:00:00Z'));
    expect(parseSince(undefined)).toBeUndefined();
    for (const bad of ['yesterday', '10', '5 min', '-1m']) expect(() => parseSince(bad), bad).toThrow(expect.objectContaining({ code: 'NXS_LOGS_SINCE_INVALID' }));
  });
});

describe("Lambda's REPORT line", () => {
  it('gives duration, billed duration, memory size, max memory used and init duration', () => {
    const tail = 'START RequestId: a Version: $LATEST\nhello\nEND RequestId: a\nREPORT RequestId: a\tDuration: 3.51 ms\tBilled Duration: 4 ms\tMemory Size: 128 MB\tMax Memory Used: 67 MB\tInit Duration: 150.02 ms\t\n';
    expect(parseReportLine(tail)).toEqual({ durationMs: 3.51, billedDurationMs: 4, memorySizeMB: 128, maxMemoryUsedMB: 67, initDurationMs: 150.02 });
    expect(parseReportLine('no report here')).toBeUndefined();
  });
});
