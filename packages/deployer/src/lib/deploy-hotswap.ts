/**
 * deploy's two hotswap steps: `--hotswap` itself (code-only changes straight to Lambda / ECS,
 * recorded as drift) and, on a full deploy, reconciling the drift an earlier hotswap left.
 */
import { clearDriftRecord, readDriftRecord, writeDriftRecord, type DriftRecord } from './drift-record';
import type { HotswapTarget } from './hotswap';
import { changeFromTemplate, type HotswapChange, type TemplateDoc } from './hotswap-plan';
import type { StackPlan } from './plan-stack';

/** hotswap.ts (Lambda and ECS clients) is loaded only by a deploy that hotswaps or reconciles. */
const hotswapModule = () => import('./hotswap.js');

export type HotswapOutcome = { readonly updated: readonly string[] } | { readonly reason: string };

export function hotswapTarget(plan: StackPlan): HotswapTarget | undefined {
  const { target } = plan;
  return target.kind === 'aws' && target.clients && target.bucket ? { clients: target.clients, bucket: target.bucket, region: target.region } : undefined;
}

export async function driftOf(plan: StackPlan): Promise<DriftRecord | undefined> {
  const t = hotswapTarget(plan);
  return t ? readDriftRecord(t.clients.s3, t.bucket, plan.stackName) : undefined;
}

export async function tryHotswap(plan: StackPlan, stackExists: boolean, drift: DriftRecord | undefined, log: (line: string) => void): Promise<HotswapOutcome> {
  const t = hotswapTarget(plan);
  if (!t) return { reason: 'the local stage always deploys in full' };
  if (!stackExists) return { reason: `stack ${plan.stackName} does not exist yet` };
  const { applyHotswap, planStackHotswap } = await hotswapModule();
  const template = plan.template as TemplateDoc;
  const planned = await planStackHotswap(t.clients.cloudformation, plan.stackName, template, plan.parameters);
  const changes: HotswapChange[] = 'changes' in planned ? [...planned.changes] : [];
  if ('reason' in planned && !(drift && planned.reason === 'no function code or image changed')) return planned;
  // Resources an earlier hotswap changed get this template's code too, even where it matches the stack's.
  for (const { logicalId } of drift?.resources ?? []) {
    const again = changes.some((c) => c.logicalId === logicalId) ? undefined : changeFromTemplate(logicalId, template);
    if (again) changes.push(again);
  }
  const updated = await applyHotswap(t, plan.stackName, changes, log);
  await writeDriftRecord(t.clients.s3, t.bucket, plan.stackName, drift, changes);
  return { updated };
}

/** After a successful full deploy: the drifted resources match the template again. */
export async function reconcileAfterDeploy(plan: StackPlan, drift: DriftRecord | undefined, log: (line: string) => void): Promise<void> {
  const t = hotswapTarget(plan);
  if (!t || !drift) return;
  const { reconcileDrift } = await hotswapModule();
  await reconcileDrift(t, plan.stackName, plan.template as TemplateDoc, drift, log);
  await clearDriftRecord(t.clients.s3, t.bucket, plan.stackName);
}
