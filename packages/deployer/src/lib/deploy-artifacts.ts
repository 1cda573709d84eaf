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
import { preparePublish, uploadPrepared, UPLOAD_CONCURRENCY, type PublishResult } from './publish';

export async function publishPlanArtifacts(plan: StackPlan, opts: StackCommandOptions): Promise<PublishResult[]> {
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
  return mapConcurrently(prepared, UPLOAD_CONCURRENCY, (p, i) => uploadPrepared(p, plan.target, opts.log, present[i]));
}
