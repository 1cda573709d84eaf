import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { isLocalStage, NxstackError } from '@nxstack/core';
import { deployedLogGroupName, stageClientConfig } from './aws/deployed-function';
import { invocationLogPath, readInvocationLog } from './invocation-log';
import { parseSince } from './logs-since';

export interface StageLogsOptions {
  readonly workspaceRoot: string;
  readonly projectName: string;
  readonly resource: string;
  readonly stage: string;
  /** `10m`, `2h`, an ISO date; absent = everything recorded (local) / the last hour (AWS). */
  readonly since?: string;
  /** Keep printing new lines until the process is stopped. */
  readonly follow?: boolean;
  readonly region?: string;
  readonly profile?: string;
  /** Poll interval of --follow. */
  readonly pollMs?: number;
  readonly print: (line: string) => void;
  /** Stops --follow (tests); default: never. */
  readonly stop?: AbortSignal;
}

/** A log line as printed: ISO time, then the message. */
const formatLine = (timestamp: number, message: string) => `${new Date(timestamp).toISOString()} ${message.replace(/\n$/, '')}`;

/**
 * Prints a function's logs: on the local stage the invocations recorded under
 * `.nxstack/<stage>/logs/`, on an AWS stage CloudWatch Logs (FilterLogEvents on the function's
 * log group). Returns how many lines were printed.
 */
export async function stageLogs(o: StageLogsOptions): Promise<number> {
  const since = parseSince(o.since);
  return isLocalStage(o.stage) ? localLogs(o, since) : cloudWatchLogs(o, since ?? Date.now() - 3_600_000);
}

async function localLogs(o: StageLogsOptions, since: number | undefined): Promise<number> {
  const file = invocationLogPath(o);
  let printed = 0;
  let offset = 0;
  for (;;) {
    const { entries, next } = await readInvocationLog(file, offset);
    offset = next;
    for (const e of entries) {
      if (since !== undefined && e.timestamp < since) continue;
      o.print(formatLine(e.timestamp, e.message));
      printed++;
    }
    if (!o.follow || (await pause(o))) return printed;
  }
}

async function cloudWatchLogs(o: StageLogsOptions, since: number): Promise<number> {
  const config = await stageClientConfig(o);
  const logGroupName = await deployedLogGroupName(config, o);
  const client = new CloudWatchLogsClient(config);
  const seen = new Set<string>();
  let startTime = since;
  let printed = 0;
  for (;;) {
    let nextToken: string | undefined;
    do {
      let page;
      try {
        page = await client.send(new FilterLogEventsCommand({ logGroupName, startTime, nextToken }));
      } catch (cause) {
        throw new NxstackError('NXS_LOGS_UNREADABLE', `Cannot read log group ${logGroupName} (${config.region}): ${(cause as Error).name}: ${(cause as Error).message}`, {
          hint: 'Check that your credentials may call logs:FilterLogEvents; a function that never ran has no log streams yet.',
          cause,
        });
      }
      const events = [...(page.events ?? [])].sort((a, b) => (a.timestamp ?? 0) - (b.timestamp ?? 0));
      for (const e of events) {
        const id = e.eventId ?? `${e.logStreamName}/${e.timestamp}/${e.message}`;
        if (seen.has(id)) continue;
        seen.add(id);
        o.print(formatLine(e.timestamp ?? 0, e.message ?? ''));
        printed++;
        startTime = Math.max(startTime, e.timestamp ?? 0);
      }
      nextToken = page.nextToken;
    } while (nextToken);
    if (!o.follow || (await pause(o))) return printed;
  }
}

/** Waits one poll interval; true when --follow was stopped. */
function pause(o: StageLogsOptions): Promise<boolean> {
  if (o.stop?.aborted) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), o.pollMs ?? 1000);
    o.stop?.addEventListener('abort', () => (clearTimeout(timer), resolve(true)), { once: true });
  });
}
