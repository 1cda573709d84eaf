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
