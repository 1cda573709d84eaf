/**
 * What the deployment scripts of an AWS stage did. CloudFormation ran them (custom resources), so
 * deploy and destroy have no answer of their own: each runner logs `nxstack-result <Token>
 * <payload>`, or a before:delete failure, to its log group (RUNNER_LINES in cfn-compiler).
 * - deploy prints the line of this run's token for each after:deploy script the change set
 *   created or modified;
 * - destroy prints what each before:delete script of the deleted template did during the delete
 *   (its runner's log group outlives the stack for that), then deletes that log group.
 */
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { RUNNER_LINES, SCRIPT_RUN_TYPE, scriptRunIds } from '@nxstack/cfn-compiler';
import type { ChangeSummary } from '@nxstack/core';
import { sleep } from './cfn-stack-events';
import { serviceErrorText } from './service-error';

/** The SDK module, loaded when a script's result is read (every deploy imports this file; most run no script). */
const logsSdk = () => require('@aws-sdk/client-cloudwatch-logs') as typeof import('@aws-sdk/client-cloudwatch-logs');

/** CloudWatch Logs may take a moment to show a line; a result not there by then is said so. */
const WAIT_MS = 10_000;
/** Clock skew allowed between this machine and the log timestamps. */
const SKEW_MS = 60_000;

interface TemplateLike {
  readonly Resources: Record<string, { Type?: string; Properties?: Record<string, unknown> }>;
}

interface ReadOptions {
  /** Called only when a script ran (the client's SDK module loads then). */
  readonly logs: () => CloudWatchLogsClient;
  /** When the change set (or the delete) started executing. */
  readonly since: Date;
  readonly log: (line: string) => void;
  readonly pollIntervalMs?: number;
  readonly waitMs?: number;
}

export interface ScriptResultsOptions extends ReadOptions {
  readonly templateBody: string;
  readonly changes: readonly ChangeSummary[];
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
    const found = await findLine(opts, group, [RUNNER_LINES.result(props.Token)]).catch((e: unknown) => new Error(serviceErrorText(e)));
    const payload = found instanceof Error ? found : found?.text;
    if (payload instanceof Error) opts.log(`after:deploy script ${name}: ran; its result could not be read from ${group}: ${payload.message}`);
    else opts.log(payload === undefined ? `after:deploy script ${name}: ran; its result is not in ${group} yet` : `after:deploy script ${name} returned: ${payload}`);
  }
}

export interface DeleteScriptResultsOptions extends ReadOptions {
  /** The template of the deployment that was deleted (its scripts, not today's stack.yml). */
  readonly templateBody: string;
}

/**
 * After the stack is gone: what each before:delete script did, from its runner's log group, which
 * is then deleted (it was kept only for this). A failure is a warning: the delete went on, as the
 * script's trigger says. Anything unreadable is said in one line, never skipped.
 */
export async function printDeleteScriptResults(opts: DeleteScriptResultsOptions): Promise<void> {
  const template = JSON.parse(opts.templateBody) as TemplateLike;
  for (const props of Object.values(template.Resources).filter((r) => r.Type === SCRIPT_RUN_TYPE).map((r) => r.Properties ?? {})) {
    if (props.Trigger !== 'before:delete') continue;
    const name = String(props.ScriptName);
    const group = template.Resources[scriptRunIds(name).runnerLogGroup]?.Properties?.LogGroupName;
    if (typeof group !== 'string') continue;
    const failure = RUNNER_LINES.deleteFailure(name);
    const found = await findLine(opts, group, [RUNNER_LINES.result(props.Token), failure]).catch((e: unknown) => new Error(serviceErrorText(e)));
    if (found instanceof Error) opts.log(`before:delete script ${name}: what it did could not be read from ${group}: ${found.message}`);
    else if (found === undefined) opts.log(`before:delete script ${name}: ${group} has no line of this delete; the script may not have run`);
    else if (found.prefix === failure) opts.log(`warning: before:delete script ${name} failed: ${found.text}\n  the stack is deleted anyway`);
    else opts.log(`before:delete script ${name} returned: ${found.text}`);
    if (found instanceof Error && /ResourceNotFound/.test(found.message)) continue;
    await opts.logs().send(new (logsSdk().DeleteLogGroupCommand)({ logGroupName: group })).then(
      () => opts.log(`deleted the runner log group ${group} of before:delete script ${name}`),
      (e: unknown) => opts.log(`warning: the runner log group ${group} of before:delete script ${name} is left behind: ${serviceErrorText(e)}`),
    );
  }
}

/** The newest line since `opts.since` holding one of the prefixes, and what follows it. */
async function findLine(opts: ReadOptions, logGroupName: string, prefixes: readonly string[]): Promise<{ prefix: string; text: string } | undefined> {
  const deadline = Date.now() + (opts.waitMs ?? WAIT_MS);
  for (;;) {
    let found: { prefix: string; text: string } | undefined;
    let nextToken: string | undefined;
    do {
      const page = await opts.logs().send(new (logsSdk().FilterLogEventsCommand)({ logGroupName, startTime: opts.since.getTime() - SKEW_MS, nextToken }));
      for (const e of page.events ?? []) {
        for (const prefix of prefixes) {
          const at = e.message?.indexOf(prefix) ?? -1;
          if (at >= 0) found = { prefix, text: e.message!.slice(at + prefix.length).trim() }; // the newest wins
        }
      }
      nextToken = page.nextToken;
    } while (nextToken);
    if (found !== undefined || Date.now() >= deadline) return found;
    await sleep(opts.pollIntervalMs ?? 1000);
  }
}
