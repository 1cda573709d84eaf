import type { InvokeResult } from './local-function';

/** An invocation as Lambda shows it: START/END/REPORT around the logs, then the result. */
export function formatReport(r: InvokeResult): { logs: string; result: string; summary: string } {
  const logs = `START RequestId: ${r.requestId} Version: $LATEST\n${r.logs}${r.logs && !r.logs.endsWith('\n') ? '\n' : ''}END RequestId: ${r.requestId}\n`;
  const fields = [
    `Duration: ${r.durationMs.toFixed(2)} ms`,
    `Billed Duration: ${r.billedDurationMs} ms`,
    `Memory Size: ${r.memorySizeMB} MB`,
    `Max Memory Used: ${r.maxMemoryUsedMB ?? 'unknown'} MB`,
    ...(r.initDurationMs !== undefined ? [`Init Duration: ${r.initDurationMs.toFixed(2)} ms`] : []),
  ];
  const status = r.outcome === 'success' ? '' : `Status: ${r.outcome}${r.errorType ? ` (${r.errorType})` : ''}\n`;
  const notes = r.notes.map((n) => `note: ${n}\n`).join('');
  return { logs, result: `${r.payload}\n`, summary: `REPORT RequestId: ${r.requestId}\t${fields.join('\t')}\n${status}${notes}` };
}
