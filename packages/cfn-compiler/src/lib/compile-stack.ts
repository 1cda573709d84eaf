import { checkCfResourceParams, NxstackError, stackExportName, stackName as stackNameOf, type LoadedStack } from '@nxstack/core';
import { formatTemplate } from './canonical-json';
import { findDependencyCycle } from './dependency-cycles';
import { DirectiveResolver } from './directives';
import { assertDomainsUnique, HOSTED_ZONE_PLACEHOLDER } from './domains/custom-domains';
import { finishDeploymentScripts } from './deployment-scripts/script-tokens';
import { logicalId } from './logical-ids';
import { applyOverrides } from './overrides';
import { resourceTypeModule, supportedResourceTypes } from './resource-types/registry';
import type { ResourceCompileContext, StackPath } from './resource-types/resource-type';
import { TemplateBuilder } from './template-builder';
import type { AnyCompiledArtifact, CfnResource, CompileStackInput, CompileStackOutput, CompiledImageArtifact, CompiledZipArtifact } from './types';

/** CloudFormation's limit for a template read from S3. */
export const MAX_TEMPLATE_BYTES = 1024 * 1024;

/**
 * stack.yml (already loaded and schema-checked) + published artifacts → CloudFormation template.
 * Pure: no I/O, the same input always gives the same template.
 */
export function compileStack(input: CompileStackInput): CompileStackOutput {
  const { stack, projectName, stage } = input;
  const builder = new TemplateBuilder(`nxstack stack of project ${projectName}, stage ${stage}`);
  const resolver = new DirectiveResolver(stack, resourceTypeModule, { projectName, stage }, input.stackReferences);
  const locate = (path: StackPath) => stack.locate(path);

  // Raw resources go in first: a generated id that lands on one of them is reported as a clash
  // pointing at the cloudformationResources key.
  for (const [id, resource] of Object.entries(stack.config.cloudformationResources ?? {})) {
    const path = ['cloudformationResources', id];
    builder.addResource(id, resolver.resolve(resource, path) as CfnResource, { kind: 'cloudformationResources', name: id, location: locate(path) });
  }

  assertDomainsUnique(stack);
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
      stack,
      projectName,
      stage,
      region: input.region,
      now: input.now ?? new Date(),
      locate,
      resourceConfig: (other) => (Object.prototype.hasOwnProperty.call(stack.config.resources, other) ? stack.config.resources[other] : undefined),
      hostedZoneId: (domainName) => input.hostedZones?.get(domainName) ?? HOSTED_ZONE_PLACEHOLDER,
      warn: (message) => warnings.push(message),
      resolve: (value, at) => resolver.resolve(value, at),
      artifact: () => artifactOf(input, name, locate(path), 'zip') as CompiledZipArtifact,
      imageArtifact: (unit) => artifactOf(input, unit ?? name, locate(path), 'image') as CompiledImageArtifact,
    };
    module.compile(ctx);

    outputsByResource[name] = {};
    for (const [suffix, param] of Object.entries(module.outputs)) {
      const key = logicalId(name, suffix);
      // Params may depend on the properties (a port, a load-balancing mode); undefined = not available.
      const value = module.params[param](name, config.properties ?? {}, { projectName, stage });
      if (value === undefined) continue;
      builder.addOutput(key, { Value: value, Description: `${param} of ${config.type} '${name}'` });
      outputsByResource[name][param] = key;
    }
  }

  addUserOutputs(input, builder, resolver);
  const { template, parameters } = builder.build();
  applyOverrides(stack, template, builder, (value, at) => resolver.resolve(value, at));
  finishDeploymentScripts(template, parameters);
  // Every $CfResourceParam (the one check of them): its logical id exists in the finished
  // template or cloudformationResources, and its type returns the attribute.
  checkCfResourceParams(stack as unknown as LoadedStack, Object.fromEntries(Object.entries(template.Resources).map(([id, r]) => [id, r.Type])));
  const cycle = findDependencyCycle(template.Resources);
  if (cycle) {
    const names = [...new Set(cycle.map((id) => builder.originOf(id)?.name ?? id))];
    throw new NxstackError('NXS_DEPENDENCY_CYCLE', `Resources depend on each other in a cycle: ${cycle.join(' → ')}.`, {
      location: builder.originOf(cycle[0])?.location ?? locate([]),
      // Edges come from the user's $ResourceParam/$CfResourceParam and from what connectTo and
      // events generate (a bucket's own name and ARN never make one: they are built from its name).
      hint: `Each of ${names.join(', ')} references the next one (through $ResourceParam/$CfResourceParam, connectTo or an event), so CloudFormation cannot create any of them first; remove one of those references.`,
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

/** `stackConfig.outputs`: Outputs with the user's names; `export: true` exports `<stackName>-<name>`. */
function addUserOutputs(input: CompileStackInput, builder: TemplateBuilder, resolver: DirectiveResolver): void {
  (input.stack.config.stackConfig?.outputs ?? []).forEach((o, i) => {
    const path = ['stackConfig', 'outputs', i];
    try {
      builder.addOutput(o.name, {
        Value: resolver.resolve(o.value, [...path, 'value']),
        ...(o.description ? { Description: o.description } : {}),
        ...(o.export ? { Export: { Name: stackExportName(stackNameOf(input.projectName, input.stage), o.name) } } : {}),
      });
    } catch (e) {
      if (!(e instanceof NxstackError) || e.code !== 'NXS_OUTPUT_ID_DUPLICATE') throw e;
      throw new NxstackError('NXS_OUTPUT_ID_DUPLICATE', `stack output '${o.name}' has the name of an output nxstack generates for a resource`, {
        location: input.stack.locate([...path, 'name']),
        hint: `Rename it (generated outputs are <resource><Param>, e.g. ${[...builder.outputIds()].slice(0, 4).join(', ')}).`,
      });
    }
  });
}

function artifactOf(input: CompileStackInput, name: string, location: ReturnType<CompileStackInput['stack']['locate']>, kind: AnyCompiledArtifact['kind']): AnyCompiledArtifact {
  const artifact = input.artifacts[name];
  if (!artifact) {
    throw new NxstackError('NXS_ARTIFACT_MISSING', `Resource '${name}' has no packaged artifact.`, {
      location,
      hint: `Run the package--${name} target (nx run <project>:package--${name}) before compiling.`,
    });
  }
  if (artifact.kind !== kind) {
    throw new NxstackError('NXS_ARTIFACT_KIND_UNSUPPORTED', `Resource '${name}' was packaged as '${artifact.kind}', but its packaging needs '${kind}'.`, {
      location,
      hint: kind === 'zip'
        ? 'Package it again: stacktape-lambda-buildpack / custom-artifact give a zip.'
        : 'Package it again: image packagings (stacktape-image-buildpack, external-buildpack, custom-dockerfile, prebuilt-image) give an image.',
    });
  }
  return artifact;
}
