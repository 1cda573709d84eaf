import { isLocalStage, NxstackError } from '@nxstack/core';
import type { ResourceCompileContext } from '../resource-types/resource-type';

/**
 * The day AWS Lambda stops creating functions on a runtime, and what to move to (AWS's published
 * deprecation schedule, as cfn-lint also carries it). A template naming a blocked runtime would
 * fail mid-deploy, so it is refused at compile time. Update when AWS publishes new dates.
 */
const CREATE_BLOCKED: Readonly<Record<string, { readonly from: string; readonly successor: string }>> = {
  'nodejs18.x': { from: '2026-06-01', successor: 'nodejs22.x or nodejs24.x' },
  'nodejs20.x': { from: '2026-06-01', successor: 'nodejs22.x or nodejs24.x' },
  'nodejs22.x': { from: '2027-06-01', successor: 'nodejs24.x' },
  'nodejs24.x': { from: '2028-06-01', successor: 'a newer nodejs runtime' },
  'python3.9': { from: '2026-06-01', successor: 'python3.12 or newer' },
  'python3.10': { from: '2026-07-31', successor: 'python3.12 or newer' },
  'python3.11': { from: '2026-07-31', successor: 'python3.12 or newer' },
  'python3.12': { from: '2028-11-30', successor: 'python3.13 or newer' },
  'python3.13': { from: '2029-07-31', successor: 'a newer python runtime' },
  'python3.14': { from: '2029-07-31', successor: 'a newer python runtime' },
  java11: { from: '2026-07-31', successor: 'java21 or java25' },
  java17: { from: '2026-07-31', successor: 'java21 or java25' },
  java21: { from: '2029-07-31', successor: 'java25' },
  java25: { from: '2029-07-31', successor: 'a newer java runtime' },
  'provided.al2': { from: '2026-07-31', successor: 'provided.al2023' },
  'provided.al2023': { from: '2029-07-31', successor: 'a newer provided runtime' },
};

/**
 * Refuses a runtime Lambda no longer creates functions on at `now`. The `local` stage runs the
 * artifact on this machine, not on Lambda, so there it is only a warning: configs moved over
 * from Stacktape keep working locally while their owners update the runtime.
 */
export function assertRuntimeCreatable(ctx: ResourceCompileContext, runtime: string, where: ReadonlyArray<string | number>): void {
  const blocked = CREATE_BLOCKED[runtime];
  if (!blocked || ctx.now.toISOString().slice(0, 10) < blocked.from) return;
  const error = new NxstackError('NXS_RUNTIME_DEPRECATED', `Runtime '${runtime}' of resource '${ctx.name}' is deprecated: AWS Lambda stopped creating functions on it on ${blocked.from}.`, {
    location: ctx.locate(where),
    hint: `Use ${blocked.successor} (set runtime in stack.yml, or update the packager default).`,
  });
  if (isLocalStage(ctx.stage)) ctx.warn(`${error.format()}\n  (deploying to the local stage anyway; AWS stages refuse it)`);
  else throw error;
}
