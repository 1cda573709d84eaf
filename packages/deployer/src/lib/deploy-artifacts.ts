/**
 * deploy publishes its stack's zip artifacts itself, in its own process: what a `publish--*` task
 * did in a process of its own (Nx's task start, Node, the AWS SDK and our modules, loaded again)
 * costs a no-op deploy nothing more than one HeadObject per artifact here. Runs under the stage
 * lock, before the up-to-date check: an object deleted from the bucket is put back even when the
 * stack runs unchanged (promote and a rollback read it). Images are pushed by their own
 * `publish--*` tasks (the image builder) and only checked here (published-images.ts).
 */
import { NxstackError } from '@nxstack/core';
import { mapConcurrently } from './concurrently';
import type { StackCommandOptions, StackPlan } from './plan-stack';
import { preparePublish, uploadPrepared, UPLOAD_CONCURRENCY } from './publish';

declare const onStage: unique symbol;

/**
 * A plan whose zips are all in its stage's store. Only the two functions below make one, so
 * deployPlan cannot be handed a plan that merely claims its artifacts were published (a flag
 * could say so without it being true, and CloudFormation would then fail on a missing key).
 */
export type StagedPlan = StackPlan & { readonly [onStage]: true };

/** deploy: uploads the plan's zips that are not in the stage's store yet. */
export async function publishPlanArtifacts(plan: StackPlan, opts: StackCommandOptions): Promise<StagedPlan> {
  const names = Object.keys(plan.artifacts).sort();
  // The checks publish makes (artifact size, architecture/runtime against stack.yml), no AWS call.
  const prepared = await Promise.all(names.map((resource) => preparePublish({ ...opts, resource, stack: plan.stack })));
  for (const p of prepared) {
    const planned = plan.artifacts[p.resource].location.key;
    if (p.key !== planned) {
      // The manifest changed between the compile and now (a package task writing it meanwhile).
      throw new NxstackError('NXS_ARTIFACT_MISMATCH', `Artifact of resource '${p.resource}' changed while deploying: the template names ${planned}, the package output is now ${p.key}.`, {
        location: { file: opts.stackFile },
        hint: `Run the deploy again once no package task of ${opts.projectName} is running.`,
      });
    }
  }
  // One concurrent pass over every key: a no-op deploy costs one round of lookups.
  const present = await Promise.all(prepared.map((p) => plan.target.store.has(p.key)));
  await mapConcurrently(prepared, UPLOAD_CONCURRENCY, (p, i) => uploadPrepared(p, plan.target, opts.log, present[i]));
  return plan as StagedPlan;
}

/** promote: the zips were copied from another stage, not built here; each must be in this stage's store. */
export async function checkPlanArtifacts(plan: StackPlan, opts: StackCommandOptions): Promise<StagedPlan> {
  // All keys looked up at once: one round trip however many functions the stack has.
  const artifacts = Object.entries(plan.artifacts);
  const present = await Promise.all(artifacts.map(([, a]) => plan.target.store.has(a.location.key)));
  const missing = artifacts.filter((_, i) => !present[i]).map(([name, a]) => `${name} (${plan.target.store.location}/${a.location.key})`);
  if (missing.length) {
    throw new NxstackError('NXS_ARTIFACT_NOT_PUBLISHED', `Artifacts missing from stage ${plan.target.stage}: ${missing.join(', ')}.`, {
      location: { file: opts.stackFile },
      hint: `Publish them first: nx run ${opts.projectName}:deploy --stage ${plan.target.stage} uploads them itself, or nx run ${opts.projectName}:publish--<resource> --stage ${plan.target.stage}.`,
    });
  }
  return plan as StagedPlan;
}
