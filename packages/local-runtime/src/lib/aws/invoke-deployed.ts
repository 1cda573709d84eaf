import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { NxstackError } from '@nxstack/core';
import { deployedFunctionName, stageClientConfig, type DeployedStageOptions } from './deployed-function';

export interface InvokeDeployedOptions extends DeployedStageOptions {
  readonly resource: string;
  readonly event: unknown;
}

/** Lambda's REPORT line, read from the tail of the invocation's log. */
export interface LambdaReport {
  readonly durationMs?: number;
  readonly billedDurationMs?: number;
  readonly memorySizeMB?: number;
  readonly maxMemoryUsedMB?: number;
  readonly initDurationMs?: number;
}

export interface DeployedInvokeResult {
  readonly functionName: string;
  readonly region: string;
  readonly outcome: 'success' | 'error';
  /** The response, or the error payload (`errorType`, `errorMessage`, `stackTrace`). */
  readonly payload: string;
  /** X-Amz-Function-Error (`Unhandled`, `Handled`). */
  readonly functionError?: string;
  /** The last 4 KB of the invocation's log (START … END and REPORT), as Lambda returns it. */
  readonly tail: string;
  readonly report?: LambdaReport;
}

/**
 * Invokes a function of a deployed stack (Lambda Invoke, RequestResponse, LogType Tail): the
 * function is the one the stack's CloudFormation resource names, the event is sent as JSON.
 */
export async function invokeDeployed(o: InvokeDeployedOptions): Promise<DeployedInvokeResult> {
  const config = await stageClientConfig(o);
  const functionName = await deployedFunctionName(config, o);
  let out;
  try {
    out = await new LambdaClient(config).send(new InvokeCommand({ FunctionName: functionName, InvocationType: 'RequestResponse', LogType: 'Tail', Payload: Buffer.from(JSON.stringify(o.event ?? {})) }));
  } catch (cause) {
    throw new NxstackError('NXS_LAMBDA_INVOKE_FAILED', `Invoking ${functionName} (${config.region}) failed: ${(cause as Error).name}: ${(cause as Error).message}`, {
      hint: 'Check that your credentials may call lambda:InvokeFunction on it and that the stage is deployed.',
      cause,
    });
  }
  const tail = out.LogResult ? Buffer.from(out.LogResult, 'base64').toString('utf8') : '';
  return {
    functionName,
    region: config.region,
    outcome: out.FunctionError ? 'error' : 'success',
    payload: out.Payload ? Buffer.from(out.Payload).toString('utf8') : '',
    functionError: out.FunctionError,
    tail,
    report: parseReportLine(tail),
  };
}

/** Fields of the `REPORT RequestId: …` line of a Lambda log, undefined when there is none. */
export function parseReportLine(log: string): LambdaReport | undefined {
  const line = log.split('\n').find((l) => l.startsWith('REPORT '));
  if (!line) return undefined;
  const field = (name: string) => {
    const m = new RegExp(`${name}: ([\\d.]+) (ms|MB)`).exec(line);
    return m ? Number(m[1]) : undefined;
  };
  return {
    durationMs: field('Duration'),
    billedDurationMs: field('Billed Duration'),
    memorySizeMB: field('Memory Size'),
    maxMemoryUsedMB: field('Max Memory Used'),
    initDurationMs: field('Init Duration'),
  };
}

/** What the executors print for a deployed invocation: the log tail, the result, a summary line. */
export function formatDeployedReport(r: DeployedInvokeResult): { logs: string; result: string; summary: string } {
  const logs = r.tail ? (r.tail.endsWith('\n') ? r.tail : `${r.tail}\n`) : `(Lambda returned no log tail for ${r.functionName})\n`;
  const rep = r.report;
  const summary = rep
    ? `${r.functionName}: duration ${rep.durationMs ?? '?'} ms, billed ${rep.billedDurationMs ?? '?'} ms, memory ${rep.maxMemoryUsedMB ?? '?'}/${rep.memorySizeMB ?? '?'} MB used${rep.initDurationMs !== undefined ? `, init ${rep.initDurationMs} ms` : ''}\n`
    : `${r.functionName}: the log tail has no REPORT line (duration and memory unknown)\n`;
  const status = r.outcome === 'success' ? '' : `Status: error (${r.functionError ?? 'Unhandled'})\n`;
  return { logs, result: `${r.payload}\n`, summary: summary + status };
}
