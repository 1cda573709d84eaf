import { NxstackError } from '@nxstack/core';

/** Something serve runs from packaged images (a service, a workload) and restarts when one changes. */
export interface ServedUnit {
  readonly resource: string;
  start(): Promise<void>;
  /** Restarts it when its package task wrote another image; true when it did. */
  refresh(): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * Starts the units side by side (loading images and start-up dominate, and they do not depend on
 * each other): when one fails every one is stopped and its error thrown. Then checks each for a
 * new image every `pollMs` (default 1 s). Returns close(): stop polling, stop every unit.
 */
export async function startServedUnits<T extends ServedUnit>(units: readonly T[], o: { readonly pollMs?: number; readonly restarted: (unit: T) => void }): Promise<() => Promise<void>> {
  let timer: NodeJS.Timeout | undefined;
  let polling: Promise<unknown> = Promise.resolve();
  const close = async () => {
    if (timer) clearInterval(timer);
    await polling.catch(() => undefined);
    await Promise.all(units.map((u) => u.close()));
  };
  const started = await Promise.allSettled(units.map((u) => u.start()));
  const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    await close();
    throw failed.reason instanceof Error ? failed.reason : new NxstackError('NXS_SERVE_SERVICE_FAILED', String(failed.reason));
  }
  timer = setInterval(() => {
    polling = Promise.all(units.map((u) => u.refresh().then((changed) => changed && o.restarted(u))));
  }, o.pollMs ?? 1000);
  timer.unref();
  return close;
}

/**
 * Replaces a running unit by its new image: stops it, launches the new one. A launch that fails is
 * logged and reported through `failed` (serve goes on, and does not retry the same images), never thrown.
 */
export async function relaunchUnit(o: { readonly resource: string; readonly log: (line: string) => void; readonly why: string; stop(): Promise<void>; launch(): Promise<void>; failed(): void }): Promise<void> {
  o.log(`${o.resource}: ${o.why}`);
  await o.stop();
  await o.launch().catch((e: unknown) => {
    o.failed();
    o.log(`${o.resource}: ${e instanceof NxstackError ? e.format() : String(e)}`);
  });
}

/** One image change at a time per unit and none once it is closed; close() waits for the change under way, then stops it. */
export abstract class RestartingUnit {
  protected closed = false;
  private changing: Promise<unknown> = Promise.resolve();

  protected abstract stopRunning(): Promise<void>;

  /** Runs `step` after the change before it (skipped once closed); resolves with its answer: whether it restarted the unit. */
  protected serialized(step: () => Promise<boolean>): Promise<boolean> {
    const run = this.changing.then(() => (this.closed ? false : step()));
    this.changing = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.changing;
    await this.stopRunning();
  }
}
