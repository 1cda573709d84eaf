import type { TargetConfiguration } from '@nx/devkit';
import { COMMAND_LINE_STAGE_ENV, commandLineArgEnvName, resourceOutputDir, type LocalDirectiveUse, type LocalDirectiveUses } from '@nxstack/core';
import { configHash, configHashInput } from './config-hash';
import { customArtifactInputs, packageInputs, unionInputs, type TargetInput } from './package-inputs';
import { runTargets } from './run-targets';
import { hostingFolderInputs } from './hosting-inputs';
import { hostingCommandTargets } from './hosting-targets';
import { dependOnBeforeDeploy, scriptTargets } from './script-targets';
import type { NormalizedPluginOptions } from './plugin-options';
import { isNodeResource, PACKAGE_EXECUTORS, packageExecutor, type ImageBuildpackCode, type PackagedResource } from './resource-packaging';

export interface StackTargetsInput {
  readonly projectRoot: string;
  readonly workspaceRoot: string;
  /** Workspace-relative path of stack.yml. */
  readonly stackFile: string;
  readonly resources: readonly PackagedResource[];
  /** Each packaged resource's own stack.yml section (hashed into `configHash`). */
  readonly resourceConfigs: Readonly<Record<string, unknown>>;
  /** What the local directives of stack.yml read ($File files, stage, region, arguments). */
  readonly localDirectives?: LocalDirectiveUses;
  readonly options: NormalizedPluginOptions;
  /** The stack imports other stacks' outputs ($CfStackOutput): their deploys go first. */
  readonly importsStacks?: boolean;
  /** Top-level script names and whether hooks.beforeDeploy names any (script-targets.ts). */
  readonly scripts?: readonly string[];
  readonly hasBeforeDeploy?: boolean;
}

const TECH = { technologies: ['nxstack'] };

const isLayerImage = (r: PackagedResource) => r.kind === 'image' && r.layerImage === true;

/**
 * Environment that decides the stage (NXSTACK_STAGE, the executors' fallback), the region and the
 * credentials (so the account) of an AWS stage.
 *
 * The command line's --stage/--region/--profile arrive the same way (COMMAND_LINE_STAGE_ENV, set by
 * the plugin's preTasksExecution), not as forwarded overrides: Nx hashes every forwarded flag, so
 * deploy's --hotswap or --approve would make validate and the build miss the cache.
 */
const COMMAND_LINE_ENV = Object.values(COMMAND_LINE_STAGE_ENV);
const STAGE_IDENTITY_ENV = [...COMMAND_LINE_ENV, 'NXSTACK_STAGE', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_PROFILE', 'AWS_ACCESS_KEY_ID', 'AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_STS'];
// A Dockerfile build reads DOCKERFILE_PATH (the project's .env, which Nx hashes per task) when
// stack.yml names no dockerfilePath: another value must rebuild, never restore the other image.
const DOCKERFILE_BUILD_ENV = [...STAGE_IDENTITY_ENV, 'DOCKERFILE_PATH'];

/** What build-image writes into the resource's output folder (code/ belongs to package-code--<resource>). */
const IMAGE_OUTPUT_ENTRIES = ['image', 'manifest.json', 'image.json'];

/**
 * `package-code--<resource>` of a stacktape-image-buildpack: the language packager, spelled out
 * (its stackFile mode reads Lambda zip packagings only), writing to `<output>/code`.
 */
function imageCodeTarget(input: { r: { resource: string; isScript: boolean; code: ImageBuildpackCode }; projectRoot: string; workspaceRoot: string; name: string; configHash: string; directiveFiles: string[] }): Record<string, TargetConfiguration> {
  const { r, projectRoot, workspaceRoot, name } = input;
  const codeDir = `${resourceOutputDir(projectRoot, r.resource)}/code`;
  // Not narrowed by the node packager's code/inputs.json: narrowing changes the hash after the
  // first run, so the first repeat would package again; the project's sources are the inputs.
  const asBuildpack: PackagedResource = {
    resource: r.resource,
    kind: 'lambda-buildpack',
    language: r.code.language,
    isScript: r.isScript,
    source: { entryfilePath: r.code.entryfilePath, includeFiles: r.code.packagerOptions['includeFiles'] as string[] | undefined, languageSpecificConfig: r.code.packagerOptions['languageSpecificConfig'] as Record<string, unknown> | undefined },
  };
  return {
    [name]: {
      executor: PACKAGE_EXECUTORS[r.code.language],
      options: { ...r.code.packagerOptions, resourceName: r.resource, entryfilePath: r.code.entryfilePath, outputPath: codeDir },
      cache: true,
      inputs: [...packageInputs(asBuildpack, projectRoot, workspaceRoot), ...input.directiveFiles, configHashInput(r.resource, input.configHash)],
      outputs: [`{workspaceRoot}/${codeDir}`],
      metadata: { ...TECH, description: `Package the code of image resource '${r.resource}' into ${codeDir}` },
    },
  };
}

/**
 * `validate`: compiles the whole stack for the stage (no AWS call, no artifact), so a bad
 * stack.yml fails before any publish--* bootstraps the stage or uploads. Its inputs are what the
 * compile reads: stack.yml and the compiler packages; the stage comes in through the options.
 */
function validateTarget(stackFile: string, stageOptions: Record<string, string>, local: LocalDirectiveUses | undefined, importsStacks: boolean): TargetConfiguration {
  // A stack importing other stacks' outputs is checked against their stack.yml files (output
  // declared and exported, no cycle through them): every stack.yml of the workspace is an input.
  const stackFiles = importsStacks ? ['{workspaceRoot}/**/stack.yml'] : [`{workspaceRoot}/${stackFile}`];
  return {
    executor: '@nxstack/cfn-compiler:validate',
    options: { stackFile, ...stageOptions, stageFromCommandLine: true },
    cache: true,
    inputs: [...stackFiles, ...directiveInputs(local?.stack), ...COMMAND_LINE_ENV.map((env) => ({ env })), { externalDependencies: ['@nxstack/cfn-compiler', '@nxstack/core', '@nxstack/connect-to'] }],
    outputs: [],
    metadata: { ...TECH, description: 'Check stack.yml for a stage (compiles the whole stack; no AWS call)' },
  };
}

/**
 * What stack.yml's local directives read, as task inputs: the files `$File` parses, the
 * environment the default stage and the region come from when `$Stage()` / `$Region()` are used
 * (--stage / --region arrive as options or through COMMAND_LINE_ENV), and the variables carrying
 * the command-line options `$CliArgs` reads (the plugin's preTasksExecution sets them).
 */
function directiveInputs(use: LocalDirectiveUse | undefined): Array<string | { env: string }> {
  if (!use) return [];
  const env = [
    ...(use.stage || use.region ? ['NXSTACK_STAGE'] : []),
    ...(use.region ? ['AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_PROFILE', 'AWS_CONFIG_FILE'] : []),
    ...use.cliArgNames.map(commandLineArgEnvName),
  ];
  return [...use.files.map((f) => `{workspaceRoot}/${f}`), ...env.map((name) => ({ env: name }))];
}

/** All inferred targets of one project holding a stack.yml. */
export function stackTargets(input: StackTargetsInput): Record<string, TargetConfiguration> {
  const { projectRoot, workspaceRoot, stackFile, resources, resourceConfigs, options } = input;
  const t = (name: string) => `${options.targetPrefix}${name}`;
  const stageOptions = { ...(options.stage ? { stage: options.stage } : {}), ...(options.region ? { region: options.region } : {}) };
  const outputOf = (r: PackagedResource) => `{workspaceRoot}/${resourceOutputDir(projectRoot, r.resource)}`;
  const targets: Record<string, TargetConfiguration> = {};

  targets[t('validate')] = validateTarget(stackFile, stageOptions, input.localDirectives, input.importsStacks === true);
  // `nx run api:deploy --stage dev` validates for dev: the stage comes through the environment
  // (stageFromCommandLine), and so do the options $CliArgs('name') reads (env inputs, one per
  // name): deploy's other flags (--hotswap) stay out of validate's hash, so it is not forwarded any.
  const validateDep = t('validate');

  const hashes = Object.fromEntries(resources.map((r) => [r.resource, configHash(resourceConfigs[r.resource])]));
  // Files read by $File in the resource's section (its variables included): editing one re-packages it.
  const filesOf = (r: PackagedResource) => (input.localDirectives?.resources[ownerOf(r)]?.files ?? []).map((f) => `{workspaceRoot}/${f}`);
  // A layer image's build context is its own input, not the other resources': a changed extension
  // reaches the functions using it through their dependency on its package task, and no others.
  const layerContexts = resources.flatMap((r) => (r.kind === 'image' && r.layerImageContext ? [`!{projectRoot}/${r.layerImageContext}/**`] : []));
  const inputsOf = (r: PackagedResource) => [...unitSourceInputs(r, projectRoot, workspaceRoot), ...(isLayerImage(r) ? [] : layerContexts), ...filesOf(r), configHashInput(r.resource, hashes[r.resource])];
  for (const r of resources) {
    const code = r.kind === 'image' ? r.code : undefined;
    if (code) Object.assign(targets, imageCodeTarget({ r: { resource: r.resource, isScript: r.isScript, code }, projectRoot, workspaceRoot, name: t(`package-code--${r.resource}`), configHash: hashes[r.resource], directiveFiles: filesOf(r) }));
    // A Dockerfile build receives stage, region and account: the stage (plugin option in its
    // options, or the command line's --stage through the environment) and the region and
    // credentials' identity are in its hash, so a build for one stage or account is never
    // restored for another, and a deploy flag (--hotswap) never rebuilds it.
    const stageDependent = r.kind === 'image' && r.stageDependent === true;
    const stageInputs = stageDependent ? DOCKERFILE_BUILD_ENV.map((env) => ({ env })) : [];
    // The layer images it merges into /opt are built first; their outputs (the image digest in
    // manifest.json) are inputs, so a changed extension re-packages exactly the functions using it.
    // Not `params: 'forward'`: invoke's --resource or publish's --stage would reach the layer
    // image's build; a layer image is built once for the plugin's stage, not per command.
    const layerImageDeps = (r.kind === 'image' ? r.usesLayerImages ?? [] : []).map((l) => t(`package--${l}`));
    // A hosting-bucket's `build` writes the folder it uploads: its files arrive as the build task's outputs.
    const hostingBuild = r.kind === 'hosting' && r.build ? [t(`build--${r.resource}`)] : [];
    const dependsOn = [...(code ? [t(`package-code--${r.resource}`)] : []), ...layerImageDeps, ...hostingBuild];
    if (r.kind === 'hosting') Object.assign(targets, hostingCommandTargets({ r, projectRoot, workspaceRoot, stackFile, resourceConfig: resourceConfigs[r.resource], stageOptions, afterHook: input.hasBeforeDeploy === true, t }));
    targets[t(`package--${r.resource}`)] = {
      executor: packageExecutor(r),
      options: { stackFile, resource: r.resource, ...(stageDependent ? { ...stageOptions, stageFromCommandLine: true } : {}) },
      cache: true,
      ...(dependsOn.length
        ? {
            // The image layers the code package-code--<resource> wrote to <output>/code.
            dependsOn,
            inputs: [...inputsOf(r), ...stageInputs, { dependentTasksOutputFiles: '**/*' }],
            outputs: code ? IMAGE_OUTPUT_ENTRIES.map((e) => `${outputOf(r)}/${e}`) : [outputOf(r)],
          }
        : r.kind === 'hosting'
          ? hostingPackageCaching(r, inputsOf(r), targets[t('before-deploy')] !== undefined || input.hasBeforeDeploy === true, outputOf(r))
          : { inputs: [...inputsOf(r), ...stageInputs], outputs: [outputOf(r)] }),
      metadata: { ...TECH, configHash: hashes[r.resource], description: `Package resource '${r.resource}' into ${resourceOutputDir(projectRoot, r.resource)}` },
    };
    // A layer image reaches AWS only inside the function images it was merged into.
    if (isLayerImage(r)) continue;
    if (r.kind === 'hosting' && !hostingFolderInputs(r.uploadDirectoryPath, projectRoot, workspaceRoot)) targets[t(`package--${r.resource}`)].cache = false;
    // A hosting bucket's files go to its own bucket, which exists only after the stack update: deploy uploads them.
    if (r.kind === 'hosting') continue;
    targets[t(`publish--${r.resource}`)] = {
      // Zips go to the stage's bucket through the deployer; images are pushed by the image builder.
      // Nothing reaches the stage before the stack validated for that same stage.
      executor: r.kind === 'image' ? '@nxstack/image-builder:push-image' : '@nxstack/deployer:publish',
      options: { stackFile, resource: r.resource, ...stageOptions },
      // Not `params: 'forward'`: the stage reaches a stage-dependent build through the environment.
      dependsOn: [t(`package--${r.resource}`), validateDep],
      cache: false,
      metadata: { ...TECH, description: `Upload the '${r.resource}' artifact to the stage's content-addressed store` },
    };
  }

  const packageTargets = resources.map((r) => t(`package--${r.resource}`));
  const nodeResources = resources.filter(isNodeResource);
  const otherPackageTargets = resources.filter((r) => !isNodeResource(r)).map((r) => t(`package--${r.resource}`));
  targets[t('package')] =
    nodeResources.length > 0
      ? {
          // One esbuild run for every JS/TS resource (fast path); the others through their own tasks.
          executor: PACKAGE_EXECUTORS.node,
          options: { stackFile, resources: nodeResources.map((r) => r.resource) },
          dependsOn: otherPackageTargets,
          cache: true,
          inputs: unionInputs(nodeResources.map(inputsOf)),
          outputs: nodeResources.map(outputOf),
          metadata: { ...TECH, description: 'Package every resource of the stack' },
        }
      : {
          executor: 'nx:noop',
          dependsOn: packageTargets,
          cache: false,
          metadata: { ...TECH, description: 'Package every resource of the stack' },
        };

  // deploy uploads the zips itself (one task process for a no-op deploy, not one more for the
  // publish checks): it waits for their package tasks. Images are pushed by their publish tasks;
  // `params: 'forward'` hands the deploy's command-line overrides (--stage, --region, --profile)
  // to each image publish task (not cached, so the other flags cost nothing), so `nx run api:deploy
  // --stage dev` pushes to the dev stage. Package tasks read the stage from the command line
  // (not forwarded: forwarded flags would be in their cache hash).
  const publishDeps = resources
    .filter((r) => !isLayerImage(r))
    .map((r) => (r.kind === 'image' ? { target: t(`publish--${r.resource}`), params: 'forward' as const } : t(`package--${r.resource}`)));
  targets[t('deploy')] = {
    executor: '@nxstack/deployer:deploy',
    options: { stackFile, ...stageOptions },
    // The stacks it imports from (project dependencies from $CfStackOutput) deploy first, to the
    // same stage (`params: 'forward'`).
    dependsOn: [validateDep, ...publishDeps, ...(input.importsStacks ? [{ target: t('deploy'), dependencies: true, params: 'forward' as const }] : [])],
    cache: false,
    metadata: { ...TECH, description: 'Deploy the stack to a stage (--stage, default local)' },
  };
  targets[t('diff')] = {
    executor: '@nxstack/deployer:diff',
    options: { stackFile, ...stageOptions },
    dependsOn: [validateDep, ...packageTargets],
    cache: false,
    metadata: { ...TECH, description: 'Show what a deploy would change' },
  };
  targets[t('destroy')] = {
    executor: '@nxstack/deployer:destroy',
    options: { stackFile, ...stageOptions },
    cache: false,
    metadata: { ...TECH, description: 'Delete the stack of a stage' },
  };
  // promote deploys what another stage runs: no package or publish task (nothing is built).
  targets[t('promote')] = {
    executor: '@nxstack/deployer:promote',
    options: { stackFile, ...(options.region ? { region: options.region } : {}) },
    cache: false,
    metadata: { ...TECH, description: 'Deploy to --to the artifacts stage --from runs (same S3 keys; no package task)' },
  };
  // Every packaged resource is a compute resource (function, script, service, job): it can print
  // the environment it gets on a deployed stage, to run it locally against that stage. (A
  // workload's container images are units of one resource, not resources.)
  for (const r of resources.filter((x) => !isLayerImage(x) && x.kind !== 'hosting' && ownerOf(x) === x.resource)) {
    targets[t(`env--${r.resource}`)] = {
      executor: '@nxstack/connect-to:env',
      options: { stackFile, resource: r.resource, ...stageOptions },
      cache: false,
      metadata: { ...TECH, description: `Print the environment of '${r.resource}' on a deployed stage (dotenv or JSON)` },
    };
  }
  // invoke runs one packaged Lambda locally (`--resource`, `--event` from the command line): a zip
  // through the Runtime API emulation, an image function as a container under Docker. The
  // resource is only known at run time, so it waits for the (cached) package of the stack.
  const isImageFunction = (r: PackagedResource) => (resourceConfigs[r.resource] as { type?: string } | undefined)?.type === 'function';
  if (resources.some((r) => (r.kind !== 'image' && r.kind !== 'hosting') || isImageFunction(r))) {
    targets[t('invoke')] = {
      executor: '@nxstack/local-runtime:invoke',
      options: { stackFile },
      dependsOn: [t('package')],
      cache: false,
      metadata: { ...TECH, description: 'Invoke a packaged function locally: --resource <name> [--event event.json]' },
    };
  }
  Object.assign(targets, runTargets({ resources, stackFile, stageOptions, t }));
  Object.assign(targets, scriptTargets({ scripts: input.scripts ?? [], hasBeforeDeploy: input.hasBeforeDeploy === true, stackFile, stageOptions, t }));
  dependOnBeforeDeploy(targets, t);
  // serve: the stack's HTTP APIs and function URLs on 127.0.0.1 until stopped (an Nx continuous
  // task, so other tasks can depend on it); it packages first and then follows re-packages itself.
  if (servesHttp(resourceConfigs)) {
    targets[t('serve')] = {
      executor: '@nxstack/local-runtime:serve',
      options: { stackFile },
      dependsOn: [t('package')],
      continuous: true,
      cache: false,
      metadata: { ...TECH, description: 'Serve the HTTP APIs, function URLs and services locally on 127.0.0.1 (runs until stopped)' },
    };
  }
  return targets;
}

/** Whether the stack has something `serve` serves: an http-api-gateway, a function URL, a hosting bucket or a service it runs. */
function servesHttp(resourceConfigs: Readonly<Record<string, unknown>>): boolean {
  return Object.values(resourceConfigs).some((r) => {
    const c = r as { type?: string; properties?: { url?: { enabled?: boolean } } } | undefined;
    // Multi-container workloads and load balancers get the target too: serve refuses them with a located error (not "no such target").
    return c?.type === 'http-api-gateway' || c?.type === 'hosting-bucket' || (c?.type === 'function' && c.properties?.url?.enabled === true) || ['web-service', 'private-service', 'worker-service', 'multi-container-workload', 'application-load-balancer', 'network-load-balancer'].includes(c?.type ?? '');
  });
}

/**
 * package--<hosting bucket>: the folder is usually written by a hooks.beforeDeploy script, so with
 * one the task reads its dependencies' outputs (`dependentTasksOutputFiles`), which makes Nx hash
 * it only after before-deploy ran (hash-task.ts: readsDependencyOutputs), when the folder digest
 * input sees the new files.
 */
function hostingPackageCaching(r: PackagedResource, inputs: ReturnType<typeof packageInputs>, afterHook: boolean, output: string): Pick<TargetConfiguration, 'inputs' | 'outputs'> {
  return { inputs: [...inputs, ...(afterHook ? [{ dependentTasksOutputFiles: '**/*' }] : [])], outputs: [output] };
}

/** The stack.yml resource a package unit belongs to (a workload for `<workload>--<container>`). */
function ownerOf(r: PackagedResource): string {
  return r.kind === 'image' && r.owner ? r.owner : r.resource;
}

/**
 * Source inputs of a package task. An image built from a folder reads only that folder
 * (custom-dockerfile context, external-buildpack source; a Dockerfile's artifact code arrives as
 * a dependency output), and a workload container's buildpack image only the code its
 * package-code--<unit> task wrote, so editing another resource's sources (a hotswapped function)
 * never rebuilds it.
 */
function unitSourceInputs(r: PackagedResource, projectRoot: string, workspaceRoot: string): TargetInput[] {
  if (r.kind === 'image' && r.sourceDirectory) return customArtifactInputs(r.sourceDirectory, projectRoot);
  if (r.kind === 'image' && r.owner && r.code) return [];
  return packageInputs(r, projectRoot, workspaceRoot);
}
