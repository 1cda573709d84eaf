import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { localInvocationLogFile, NxstackError } from '@nxstack/core';
import { formatReport } from './format-report';
import type { InvokeResult } from './local-function';

/** One recorded log line, as CloudWatch Logs keeps it: when, which request, the text. */
export interface InvocationLogEntry {
  /** Epoch milliseconds. */
  readonly timestamp: number;
  readonly requestId: string;
  readonly message: string;
}

export interface InvocationLogTarget {
  readonly workspaceRoot: string;
  readonly stage: string;
  readonly projectName: string;
  /** stack.yml resource name of the function or deployment script. */
  readonly resource: string;
}

/** Absolute path of a resource's local invocation log. */
export function invocationLogPath(t: InvocationLogTarget): string {
  return path.join(t.workspaceRoot, localInvocationLogFile(t.stage, t.projectName, t.resource));
}

/**
 * Appends one local invocation (START, the runtime's output, END, REPORT) to the resource's log
 * file. Every local invocation goes through here (invoke, run-script, deploy scripts, serve), so
 * `logs--<resource>` shows them all. `startedAt` stamps START and the output, the end the rest.
 */
export async function appendInvocationLog(t: InvocationLogTarget, result: InvokeResult, startedAt: number, endedAt = Date.now()): Promise<void> {
  const report = formatReport(result);
  const lines = report.logs.split('\n').filter((l) => l !== '');
  const end = lines.pop() ?? `END RequestId: ${result.requestId}`;
  const entries: InvocationLogEntry[] = [
    ...lines.map((message) => ({ timestamp: startedAt, requestId: result.requestId, message })),
    { timestamp: endedAt, requestId: result.requestId, message: end },
    ...report.summary.split('\n').filter((l) => l !== '').map((message) => ({ timestamp: endedAt, requestId: result.requestId, message })),
  ];
  const file = invocationLogPath(t);
  await fs.mkdir(path.dirname(file), { recursive: true });
  // One append per invocation: concurrent invocations never interleave inside one.
  await fs.appendFile(file, entries.map((e) => JSON.stringify(e)).join('\n') + '\n');
}

/** Entries of the log from byte `offset` on (a partial last line stays for the next read). */
export async function readInvocationLog(file: string, offset = 0): Promise<{ entries: InvocationLogEntry[]; next: number }> {
  let buf: Buffer;
  try {
    buf = await fs.readFile(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], next: 0 };
    throw e;
  }
  if (buf.length < offset) offset = 0; // the file was removed and written anew
  const text = buf.subarray(offset).toString('utf8');
  const complete = text.lastIndexOf('\n') + 1;
  const entries = text
    .slice(0, complete)
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      try {
        return JSON.parse(line) as InvocationLogEntry;
      } catch (cause) {
        throw new NxstackError('NXS_LOGS_UNREADABLE', `${file} has a line that is not a log entry: ${line.slice(0, 80)}`, {
          hint: 'The file is written by nxstack only; delete it to start a fresh log.',
          cause,
        });
      }
    });
  return { entries, next: offset + Buffer.byteLength(text.slice(0, complete)) };
}
