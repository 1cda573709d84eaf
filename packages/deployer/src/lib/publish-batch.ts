/**
 * Every `publish--*` task of an Nx run in one process (executors.json `preferBatch`): each
 * artifact is checked locally as publish does, the stage is opened once per stage/region/
 * credentials (one bootstrap check), every key is looked up in one concurrent pass, and only
 * the missing artifacts are uploaded. Each task still gets its own result and output.
 */
import { isNxstackError } from '@nxstack/core';
import { preparePublish, readStackIfPresent, uploadPrepared, UPLOAD_CONCURRENCY, type PreparedPublish, type PublishOptions, type PublishResult } from './publish';
import { hostedZonesFor } from './hosted-zones';
import { openStage } from './stage-target';
import { mapConcurrently } from './concurrently';

export interface PublishTask {
  readonly id: string;
  readonly options: PublishOptions;
  /** Identifies the environment the task runs with (tasks with another one form their own group). */
  readonly envKey: string;
  /** Runs fn with the task's environment in process.env (the SDK's credential chain reads it). */
  readonly withEnv: <T>(fn: () => Promise<T>) => Promise<T>;
}

export interface PublishTaskOutcome {
  readonly id: string;
  readonly success: boolean;
  readonly lines: readonly string[];
  readonly result?: PublishResult;
}

/** Outcomes in completion order; a failure fails only its own task (or its group's, when the stage cannot be opened). */
export async function* publishBatch(tasks: readonly PublishTask[]): AsyncGenerator<PublishTaskOutcome> {
  const stacks = new Map<string, ReturnType<typeof readStackIfPresent>>();
  const groups = new Map<string, Array<{ task: PublishTask; prepared: PreparedPublish; lines: string[] }>>();
  for (const task of tasks) {
    const lines: string[] = [];
    const o = { ...task.options, log: (l: string) => lines.push(l) };
    try {
      const stackKey = JSON.stringify([o.stackFile, o.stage, o.region, task.envKey]);
      if (o.stackFile && !stacks.has(stackKey)) stacks.set(stackKey, task.withEnv(() => readStackIfPresent(o.stackFile!, o)));
      const stack = o.stackFile ? ((await stacks.get(stackKey)) ?? null) : null;
      const prepared = await preparePublish({ ...o, stack });
      const key = JSON.stringify([o.stage, o.region ?? '', o.profile ?? '', task.envKey, prepared.useAcceleration ?? null]);
      const group = groups.get(key) ?? [];
      group.push({ task, prepared, lines });
      groups.set(key, group);
    } catch (e) {
      yield failed(task.id, lines, e);
    }
  }
  // Groups one after another: each may set its own environment in process.env.
  for (const group of groups.values()) yield* publishGroup(group);
}

async function* publishGroup(group: Array<{ task: PublishTask; prepared: PreparedPublish; lines: string[] }>): AsyncGenerator<PublishTaskOutcome> {
  const [first] = group;
  // What the stage says while open (bootstrap waits, upload retries) belongs to no one task: it
  // is printed as it happens (Nx shows a batch process's own output), not held in a task's result.
  const stageLog = (line: string) => console.info(line);
  const outcomes: PublishTaskOutcome[] = await first.task.withEnv(async () => {
    // customDomains' hosted zones, per stack, before the stage is opened (bootstrap) or anything
    // uploaded: the tasks of a stack missing one fail, the others go on.
    const refused = new Map<unknown, unknown>();
    let clients = first.task.options.clients;
    for (const stack of new Set(group.map((g) => g.prepared.stack))) {
      if (!stack) continue;
      try {
        clients = (await hostedZonesFor(stack, { ...first.task.options, clients }))?.clients ?? clients;
      } catch (e) {
        refused.set(stack, e);
      }
    }
    const failedNow = group.filter((g) => refused.has(g.prepared.stack)).map(({ task, lines, prepared }) => failed(task.id, lines, refused.get(prepared.stack)));
    group = group.filter((g) => !refused.has(g.prepared.stack));
    if (group.length === 0) return failedNow;
    let target;
    try {
      target = await openStage({ ...first.task.options, clients, useS3TransferAcceleration: first.task.options.useS3TransferAcceleration ?? first.prepared.useAcceleration, log: stageLog });
    } catch (e) {
      return [...failedNow, ...group.map(({ task, lines }) => failed(task.id, lines, e))];
    }
    const opened = target;
    // One pass over every key of the group: a no-op publish costs one round of lookups.
    const present = await Promise.all(group.map(({ prepared }) => opened.store.has(prepared.key).catch(() => undefined)));
    const uploaded = await mapConcurrently(group, UPLOAD_CONCURRENCY, async ({ task, prepared, lines }, i): Promise<PublishTaskOutcome> => {
      try {
        const result = await uploadPrepared(prepared, opened, (l) => lines.push(l), present[i]);
        return { id: task.id, success: true, lines, result };
      } catch (e) {
        return failed(task.id, lines, e);
      }
    });
    return [...failedNow, ...uploaded];
  });
  yield* outcomes;
}

function failed(id: string, lines: readonly string[], e: unknown): PublishTaskOutcome {
  const text = isNxstackError(e) ? e.format() : e instanceof Error ? (e.stack ?? e.message) : String(e);
  return { id, success: false, lines: [...lines, text] };
}
