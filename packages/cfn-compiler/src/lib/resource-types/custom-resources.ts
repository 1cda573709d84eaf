import { DEFAULT_LAMBDA_ARCHITECTURE, isLocalStage, LAMBDA_DEFAULTS, NxstackError, walkDirectives, type CustomResourceDefinitionProperties, type CustomResourceInstanceProperties } from '@nxstack/core';
import { compileLambda, lambdaParams } from '../lambda/lambda-resources';
import { logicalId, pascalCase } from '../logical-ids';
import { getAtt, type ResourceTypeModule } from './resource-type';

/**
 * `type: custom-resource-definition` — a Lambda (role, log group) like a function's. Its handler
 * answers CloudFormation's custom resource requests itself (the event's ResponseURL), as under
 * Stacktape, so it is each instance's ServiceToken directly, with no runner of ours in between.
 */
export const customResourceDefinitionType: ResourceTypeModule<CustomResourceDefinitionProperties> = {
  type: 'custom-resource-definition',
  params: { arn: lambdaParams.arn },
  packaged: true,
  outputs: { Arn: 'arn' },
  compile(ctx) {
    // Stacktape's definition sets no architecture, ephemeral storage or VPC: Lambda's defaults.
    compileLambda({ ...ctx, properties: { ...ctx.properties, architecture: DEFAULT_LAMBDA_ARCHITECTURE, storage: LAMBDA_DEFAULTS.storage } });
  },
};

/** Logical id of an instance's custom resource. */
export const customResourceId = (resourceName: string) => logicalId(resourceName, 'CustomResource');

/** `Custom::<Definition>`: CloudFormation allows 60 characters after `Custom::`. */
const customResourceType = (definitionName: string) => `Custom::${pascalCase(definitionName).slice(0, 60)}`;

/**
 * `type: custom-resource-instance` — one custom resource whose ServiceToken is its definition's
 * function and whose other properties are `resourceProperties` (directives resolved; CloudFormation
 * hands scalars to the function as strings). `$ResourceParam('<instance>', '<key>')` reads the
 * `Data` the function answered (Fn::GetAtt), so the resources that use it wait for the answer.
 */
export const customResourceInstanceType: ResourceTypeModule<CustomResourceInstanceProperties> = {
  type: 'custom-resource-instance',
  params: {},
  anyParam: (name, param) => getAtt(customResourceId(name), param),
  outputs: {},
  compile(ctx) {
    if (isLocalStage(ctx.stage)) {
      throw new NxstackError('NXS_NOT_SUPPORTED_YET', `custom-resource-instance '${ctx.name}' on the local stage is not supported yet: nxstack does not run custom resource functions locally`, {
        location: ctx.locate([...ctx.path, 'type']),
        hint: 'Deploy this stack to an AWS stage (--stage <name>), where CloudFormation invokes the custom-resource-definition; the local stage would have no value for its Data.',
      });
    }
    const { definitionName, resourceProperties } = ctx.properties;
    const resolved = ctx.resolve(resourceProperties, [...ctx.path, 'properties', 'resourceProperties']) as Record<string, unknown>;
    ctx.builder.addResource(customResourceId(ctx.name), {
      Type: customResourceType(definitionName),
      Properties: { ServiceToken: lambdaParams.arn(definitionName), ...resolved },
    }, ctx.origin);
    // Each Data key stack.yml reads becomes an Output (`<Name><Key>`), as other types' params are,
    // so env--<resource> and run-script resolve it from the deployed stack.
    for (const key of referencedKeys(ctx.stack.config, ctx.name)) {
      ctx.builder.addOutput(logicalId(ctx.name, key[0].toUpperCase() + key.slice(1)), { Value: getAtt(customResourceId(ctx.name), key), Description: `${key} of custom-resource-instance '${ctx.name}'` });
    }
  },
};

/** The `$ResourceParam('<instance>', '<key>')` keys of the stack that can name an Output (alphanumeric). */
function referencedKeys(config: unknown, instance: string): string[] {
  const keys = new Set<string>();
  walkDirectives(config, (d) => {
    if (d.$directive === 'ResourceParam' && d.resource === instance && /^[A-Za-z0-9]+$/.test(d.param)) keys.add(d.param);
  });
  return [...keys].sort();
}
