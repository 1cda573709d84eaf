/**
 * The shared first half of deploy and diff: load stack.yml, read every manifest, open the
 * stage, compile the template with content-addressed artifact locations, hash it.
 */
import { collectArtifacts, compileStack, templateHash, type CompiledArtifact, type CompiledImageArtifact } from '@nxstack/cfn-compiler';
import { assertArtifactsMatchTemplate } from './artifact-consistency';
import { HASH_TAG } from './cfn-stack-deployer';
import { publishedImages } from './published-images';
import { hostedZonesFor } from './hosted-zones';
import { loadStack, resolveStackReferences, stackName as stackNameOf, validateStageName, type LoadedStack, type ResolvedStackReference } from '@nxstack/core';
import { resolveLocalImports } from './local-imports';
import { IMPORTS_TAG } from './stack-importers';
import { stageValues } from './stage-values';
import { openStage, type StageOptions, type StageTarget } from './stage-target';

export interface StackCommandOptions extends StageOptions {
  readonly projectRoot: string;
  readonly stackFile: string;
  /** Every workspace project with a stack.yml (core's workspaceStackFiles): `$CfStackOutput` providers. */
  readonly stackFiles?: ReadonlyMap<string, string>;
}

export interface StackPlan {
  readonly stack: LoadedStack;
  readonly stackName: string;
  readonly target: StageTarget;
  /** Zip artifacts (checked in the stage's store before deploying). */
  readonly artifacts: Record<string, CompiledArtifact>;
  /** Images, pinned at the reference their push recorded. */
  readonly images: Record<string, CompiledImageArtifact>;
  readonly template: Record<string, any>;
  readonly templateBody: string;
  readonly parameters: Record<string, string>;
  readonly hash: string;
  readonly tags: Record<string, string>;
}

export interface PlanOptions {
  /** Diff only: images not pushed yet keep a placeholder URI instead of failing. */
  readonly allowUnpublishedImages?: boolean;
  /** promote: the artifacts and images another stage runs, instead of this workspace's packages. */
  readonly released?: { readonly artifacts: Record<string, CompiledArtifact>; readonly images: Record<string, CompiledImageArtifact> };
}

export async function planStack(opts: StackCommandOptions, planOptions: PlanOptions = {}): Promise<StackPlan> {
  const stackName = stackNameOf(opts.projectName, validateStageName(opts.stage));
  const values = await stageValues(opts);
  const stack = await loadStack(opts.stackFile, { workspaceRoot: opts.workspaceRoot, values });
  // Manifests before any AWS call: a missing package task fails fast and offline. The bucket
  // is only known after bootstrap, so locations are pointed at it afterwards.
  const unplaced = planOptions.released?.artifacts ?? (await collectArtifacts({ workspaceRoot: opts.workspaceRoot, projectName: opts.projectName, projectRoot: opts.projectRoot, stack, stage: opts.stage }));
  const images =
    planOptions.released?.images ??
    (await publishedImages({
      workspaceRoot: opts.workspaceRoot,
      projectName: opts.projectName,
      projectRoot: opts.projectRoot,
      stack,
      stage: opts.stage,
      region: values.region,
      allowUnpublished: planOptions.allowUnpublishedImages,
      onPlaceholder: (resource, why) => opts.log(`${resource}: image not pushed to stage ${opts.stage} (${why}); the diff shows a placeholder image URI`),
    }));
  // $CfStackOutput providers checked (known, output exported, no cycle) before any AWS call.
  const refs = await resolveStackReferences({ stack, projectName: opts.projectName, stage: opts.stage, workspaceRoot: opts.workspaceRoot, stackFiles: opts.stackFiles ?? new Map() });
  // Compile once before any AWS call (bootstrap included): bad config never reaches AWS.
  const checked = compileStack({ stack, projectName: opts.projectName, stage: opts.stage, artifacts: { ...unplaced, ...images }, stackReferences: refs.stackNames });
  // Each artifact was built for the architecture/runtime the template deploys it as (stale cache, overriding project.json targets).
  assertArtifactsMatchTemplate({ stack, projectName: opts.projectName, projectRoot: opts.projectRoot, template: checked.template, manifests: { ...unplaced, ...images } });
  for (const warning of checked.warnings) console.warn(`warning: ${warning}`);
  // customDomains: their hosted zones (read-only calls), before bootstrap or any write.
  const zones = await hostedZonesFor(stack, opts);
  if (zones) compileStack({ stack, projectName: opts.projectName, stage: opts.stage, region: zones.clients.region, artifacts: { ...unplaced, ...images }, stackReferences: refs.stackNames, hostedZones: zones.ids });
  const acceleration = stack.config.deploymentConfig?.useS3TransferAcceleration;
  const target = await openStage({ ...opts, clients: zones?.clients ?? opts.clients, useS3TransferAcceleration: opts.useS3TransferAcceleration ?? (typeof acceleration === 'boolean' ? acceleration : undefined) });
  const artifacts = Object.fromEntries(Object.entries(unplaced).map(([name, a]) => [name, { ...a, location: { ...a.location, bucket: target.bucket } }]));
  const compiled = compileStack({ stack, projectName: opts.projectName, stage: target.stage, region: target.kind === 'aws' ? target.region : undefined, artifacts: { ...artifacts, ...images }, stackReferences: refs.stackNames, hostedZones: zones?.ids });
  const parameters = compiled.parameters;
  // The local stage has no exports: imports take the provider's locally deployed outputs.
  const template = target.kind === 'local' ? await resolveLocalImports(compiled.template, refs.references, opts.workspaceRoot) : compiled.template;
  // The local stage runs deployment scripts itself (its template has no custom resource holding
  // their parameters): their settings join the hash, so a parameters-only change re-runs them.
  const hash = target.kind === 'local' ? templateHash({ template, deploymentScripts: deploymentScriptSettings(stack) }, parameters) : templateHash(template, parameters);
  return {
    stack,
    stackName,
    target,
    artifacts,
    images,
    template: template as unknown as Record<string, any>,
    templateBody: JSON.stringify(template, null, 1),
    parameters,
    hash,
    tags: { [HASH_TAG]: hash, 'nxstack:project': opts.projectName, 'nxstack:stage': target.stage, ...localImportsTag(target.kind, refs.references) },
  };
}

/** On the local stage nothing else records imports: the state's tag lets destroy find consumers (stack-importers.ts). */
function localImportsTag(kind: StageTarget['kind'], references: readonly ResolvedStackReference[]): Record<string, string> {
  const providers = [...new Set(references.map((r) => r.stackName))].sort();
  return kind === 'local' && providers.length > 0 ? { [IMPORTS_TAG]: providers.join(',') } : {};
}

function deploymentScriptSettings(stack: LoadedStack): Record<string, unknown> {
  return Object.fromEntries(Object.entries(stack.config.resources).filter(([, r]) => r.type === 'deployment-script').map(([name, r]) => [name, r.properties]));
}
