/** Plain-text tables and lines the commands print (through whatever `log` the caller passes). */
import type { ChangeSummary, StackEvent } from '@nxstack/core';

export function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (c ?? '').padEnd(widths[i])).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

export function formatChanges(changes: readonly ChangeSummary[]): string[] {
  if (!changes.length) return ['no changes'];
  return table(
    ['action', 'logical id', 'type', 'replacement', 'changed properties'],
    changes.map((c) => [c.action, c.logicalId, c.resourceType, c.replacement ?? '', c.details.join(', ')]),
  );
}

export function formatEvent(e: StackEvent): string {
  return [e.timestamp.toISOString(), e.logicalId.padEnd(28), e.status.padEnd(20), e.reason ?? ''].join('  ').trimEnd();
}

export function formatOutputs(outputs: Readonly<Record<string, string>>): string[] {
  const keys = Object.keys(outputs).sort();
  if (!keys.length) return ['outputs: none'];
  return ['outputs:', ...table(['key', 'value'], keys.map((k) => [k, outputs[k]]))];
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

/**
 * Machine-readable one-liners (parsed by the e2e test and CI scripts): `nxstack: <kind> k=v …`,
 * always at the start of a line on stdout, values without spaces.
 */
export function summaryLine(kind: 'publish' | 'deploy', fields: Readonly<Record<string, string | number>>): string {
  return `nxstack: ${kind} ${Object.entries(fields).map(([k, v]) => `${k}=${String(v).replace(/\s+/g, '_')}`).join(' ')}`;
}
