import { NxstackError } from '@nxstack/core';
import { formatTemplate } from './canonical-json';
import { findDependencyCycle } from './dependency-cycles';
import { DirectiveResolver } from './directives';
import { logicalId } from './logical-ids';
import { resourceTypeModule, supportedResourceTypes } from './resource-types/registry';
import type { ResourceCompileContext, StackPath } from './resource-types/resource-type';
import { TemplateBuilder } from './template-builder';
import type { CfnResource, CompileStackInput, CompileStackOutput, CompiledArtifact } from './types';

/** CloudFormation's limit for a template read from S3. */
export const MAX_TEMPLATE_BYTES = 1024 * 1024;

/**
 * stack.yml (already loaded and schema-checked) + published artifacts → CloudFormation template.
 * Pure: no I/O, the same input always gives the same template.
 */
export function compileStack(input: CompileStackInput): CompileStackOutput {
  const { stack, projectName, stage } = input;
  const builder = new TemplateBuilder(`nxstack stack of project ${projectName}, stage ${stage}`);
  const resolver = new DirectiveResolver(stack, resourceTypeModule);
  const locate = (path: StackPath) => stack.locate(path);

  // Raw resources go in first: a generated id that lands on one of them is reported as a clash
  // pointing at the cloudformationResources key.
  for (const [id, resource] of Object.entries(stack.config.cloudformationResources ?? {})) {
    const path = ['cloudformationResources', id];
    builder.addResource(id, resolver.resolve(resource, path) as CfnResource, { kind: 'cloudformationResources', name: id, location: locate(path) });
  }

  const outputsByResource: Record<string, Record<string, string>> = {};
  const warnings: string[] = [];
  for (const [name, config] of Object.entries(stack.config.resources)) {
    const path = ['resources', name];
    const module = resourceTypeModule(config.type);
    if (!module) {
      throw new NxstackError('NXS_RESOURCE_TYPE_UNSUPPORTED', `Resource '${name}' has type '${config.type}', which this version of nxstack cannot deploy yet.`, {
        location: locate([...path, 'type']),
        hint: `Supported types: ${supportedResourceTypes().join(', ')}.`,
      });
    }
    const ctx: ResourceCompileContext = {
      name,
      config,
      properties: config.properties ?? {},
      path,
      origin: { kind: 'generated', name, location: locate(path) },
      builder,
      projectName,
      stage,
      region: input.region,
      now: input.now ?? new Date(),
      locate,
      warn: (message) => warnings.push(message),
      resolve: (value, at) => resolver.resolve(value, at),
      artifact: () => artifactOf(input, name, locate(path)),
    };
    module.compile(ctx);

    outputsByResource[name] = {};
    for (const [suffix, param] of Object.entries(module.outputs)) {
      const key = logicalId(name, suffix);
      builder.addOutput(key, { Value: module.params[param](name), Description: `${param} of ${config.type} '${name}'` });
      outputsByResource[name][param] = key;
    }
  }

  resolver.verifyCfReferences(new Set(builder.resourceIds()));
  const { template, parameters } = builder.build();
  const cycle = findDependencyCycle(template.Resources);
  if (cycle) {
    const names = [...new Set(cycle.map((id) => builder.originOf(id)?.name ?? id))];
    throw new NxstackError('NXS_DEPENDENCY_CYCLE', `Resources depend on each other in a cycle: ${cycle.join(' → ')}.`, {
      location: builder.originOf(cycle[0])?.location ?? locate([]),
      hint: `A resource cannot reference itself (or one that references it back) through $ResourceParam/$CfResourceParam; break the cycle between ${names.join(', ')}.`,
    });
  }
  const size = Buffer.byteLength(formatTemplate(template));
  if (size > MAX_TEMPLATE_BYTES) {
    throw new NxstackError('NXS_TEMPLATE_TOO_LARGE', `The compiled template is ${size} bytes; CloudFormation accepts at most ${MAX_TEMPLATE_BYTES}.`, {
      location: locate([]),
      hint: 'Split the project into several stacks, or move large literal values (policies, environment) out of stack.yml.',
    });
  }
  return { template, parameters, outputsByResource, warnings };
}

function artifactOf(input: CompileStackInput, name: string, location: ReturnType<CompileStackInput['stack']['locate']>): CompiledArtifact {
  const artifact = input.artifacts[name];
  if (!artifact) {
    throw new NxstackError('NXS_ARTIFACT_MISSING', `Resource '${name}' has no packaged artifact.`, {
      location,
      hint: `Run the package--${name} target (nx run <project>:package--${name}) before compiling.`,
    });
  }
  if (artifact.kind !== 'zip') {
    throw new NxstackError('NXS_ARTIFACT_KIND_UNSUPPORTED', `Resource '${name}' was packaged as '${(artifact as { kind: string }).kind}', but only zip Lambdas are compiled so far.`, {
      location,
      hint: 'Use stacktape-lambda-buildpack or custom-artifact packaging for this resource.',
    });
  }
  return artifact;
}
