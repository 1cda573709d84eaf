import { NxstackError } from '../errors';
import { didYouMeanText } from './did-you-mean';
import type { StackConfig } from './stack-schema';
import type { YamlSource } from './yaml-source';

/** The CloudFormation property nxstack sets on every custom resource (the definition's function ARN). */
const SERVICE_TOKEN = 'ServiceToken';

/**
 * A custom-resource-instance names a custom-resource-definition of the same stack.yml, and its
 * resourceProperties leave ServiceToken to nxstack (it is the definition's function).
 */
export function checkCustomResourceInstances(config: StackConfig, source: YamlSource): NxstackError[] {
  const problems: NxstackError[] = [];
  const definitions = Object.entries(config.resources).filter(([, r]) => r.type === 'custom-resource-definition').map(([n]) => n);
  for (const [name, resource] of Object.entries(config.resources)) {
    if (resource.type !== 'custom-resource-instance') continue;
    const base = ['resources', name, 'properties'];
    const { definitionName, resourceProperties } = resource.properties;
    if (!definitions.includes(definitionName)) {
      const other = config.resources[definitionName];
      problems.push(
        new NxstackError('NXS_UNKNOWN_RESOURCE_REFERENCE', other ? `definitionName '${definitionName}' of '${name}' is a ${other.type}, not a custom-resource-definition` : `definitionName '${definitionName}' of '${name}' is not a resource of this stack`, {
          location: source.locate([...base, 'definitionName']),
          hint: `${didYouMeanText(definitionName, definitions)}Name a custom-resource-definition of this stack.yml (${definitions.join(', ') || 'there is none'}).`,
        }),
      );
    }
    if (Object.prototype.hasOwnProperty.call(resourceProperties, SERVICE_TOKEN)) {
      problems.push(
        new NxstackError('NXS_INVALID_VALUE', `resourceProperties of '${name}' set ${SERVICE_TOKEN}, which nxstack sets to the definition's function`, {
          location: source.locateKey([...base, 'resourceProperties', SERVICE_TOKEN]),
          hint: `Remove ${SERVICE_TOKEN}: definitionName chooses the function CloudFormation invokes.`,
        }),
      );
    }
  }
  return problems;
}
