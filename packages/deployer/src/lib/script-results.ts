/**
 * What the after:deploy scripts of an AWS deploy returned. CloudFormation ran them (custom
 * resources), so deploy has no answer of its own: each runner logs `nxstack-result <Token>
 * <payload>` (runner-source.ts in cfn-compiler) to its log group, and this prints the line of
 * this run's token for each script the change set created or modified.
 */
import { FilterLogEventsCommand, type CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { SCRIPT_RUN_TYPE, scriptRunIds } from '@nxstack/cfn-compiler';
import type { ChangeSummary } from '@nxstack/core';
import { sleep } from './cfn-stack-events';
import { serviceErrorText } from './service-error';

const MARKER = 'nxstack-result';
/** CloudWatch Logs may take a moment to show a line; a result not there by then is said so. */
const WAIT_MS = 10_000;
/** Clock skew allowed between this machine and the log timestamps. */
const SKEW_MS = 60_000;

interface TemplateLike {
  readonly Resources: Record<string, { Type?: string; Properties?: Record<string, unknown> }>;
}

export interface ScriptResultsOptions {
  /** Called only when a script ran (the client's SDK module loads then). */
  readonly logs: () => CloudWatchLogsClient;
  readonly templateBody: string;
  readonly changes: readonly ChangeSummary[];
  /** When the change set started executing. */
  readonly since: Date;
  readonly log: (line: string) => void;
  readonly pollIntervalMs?: number;
  readonly waitMs?: number;
}

export async function printScriptResults(opts: ScriptResultsOptions): Promise<void> {
  const template = JSON.parse(opts.templateBody) as TemplateLike;
  const runs = opts.changes.filter((c) => c.resourceType === SCRIPT_RUN_TYPE && (c.action === 'Add' || c.action === 'Modify'));
  for (const run of runs) {
    const props = template.Resources[run.logicalId]?.Properties ?? {};
    if (props.Trigger !== 'after:deploy') continue;
    const name = String(props.ScriptName);
    const group = template.Resources[scriptRunIds(name).runnerLogGroup]?.Properties?.LogGroupName;
    if (typeof group !== 'string') continue;
    // The deploy itself succeeded: a log group this identity cannot read is said, not a failure.
    const payload = await findResult(opts, group, `${MARKER} ${String(props.Token)} `).catch((e: unknown) => new Error(serviceErrorText(e)));
    if (payload instanceof Error) opts.log(`after:deploy script ${name}: ran; its result could not be read from ${group}: ${payload.message}`);
    else opts.log(payload === undefined ? `after:deploy script ${name}: ran; its result is not in ${group} yet` : `after:deploy script ${name} returned: ${payload}`);
  }
}

async function findResult(opts: ScriptResultsOptions, logGroupName: string, prefix: string): Promise<string | undefined> {
  const deadline = Date.now() + (opts.waitMs ?? WAIT_MS);
  for (;;) {
    let found: string | undefined;
    let nextToken: string | undefined;
    do {
      const page = await opts.logs().send(new FilterLogEventsCommand({ logGroupName, startTime: opts.since.getTime() - SKEW_MS, nextToken }));
      for (const e of page.events ?? []) {
        const at = e.message?.indexOf(prefix) ?? -1;
        if (at >= 0) found = e.message!.slice(at + prefix.length).trim(); // the newest wins
      }
      nextToken = page.nextToken;
    } while (nextToken);
    if (found !== undefined || Date.now() >= deadline) return found;
    await sleep(opts.pollIntervalMs ?? 1000);
  }
}
