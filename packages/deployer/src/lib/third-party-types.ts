/**
 * Resource types outside AWS's own namespaces (`MongoDB::Atlas::Cluster`, ...) are registry
 * extensions that must be activated in each account and region before a stack can use them;
 * without that CloudFormation fails the change set with a bare "unrecognized resource type". Before
 * the change set, each such type of the template is looked up with DescribeType, and the missing
 * ones fail the deploy at their place in stack.yml, with the command that activates them.
 */
import { DescribeTypeCommand, type CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { NxstackError, type LoadedStack, type SourceLocation } from '@nxstack/core';

/** MongoDB's publisher id in the CloudFormation registry (its public `MongoDB::Atlas::*` extensions). */
export const MONGODB_ATLAS_PUBLISHER_ID = 'bb989456c78c398a858fef18f2ca1bfc1fbba082';

const AWS_NAMESPACES = /^(AWS|Alexa|Custom)::/;

/** The template's resource types that are registry extensions, each with its first logical id. */
export function extensionTypes(template: Record<string, any>): Map<string, string> {
  const types = new Map<string, string>();
  for (const [id, r] of Object.entries<Record<string, unknown>>(template.Resources ?? {})) {
    const type = String(r.Type ?? '');
    if (!AWS_NAMESPACES.test(type) && !type.endsWith('::MODULE') && !types.has(type)) types.set(type, id);
  }
  return types;
}

export async function assertExtensionTypesActivated(o: { cloudformation: CloudFormationClient; template: Record<string, any>; stack: LoadedStack; region: string }): Promise<void> {
  const types = extensionTypes(o.template);
  if (types.size === 0) return;
  const missing: string[] = [];
  for (const type of [...types.keys()].sort()) {
    try {
      const described = await o.cloudformation.send(new DescribeTypeCommand({ Type: 'RESOURCE', TypeName: type }));
      if (described.IsActivated === false) missing.push(type);
    } catch (e) {
      if ((e as { name?: string }).name !== 'TypeNotFoundException') throw e;
      missing.push(type);
    }
  }
  if (missing.length === 0) return;
  throw new NxstackError('NXS_CFN_TYPE_NOT_ACTIVATED', `CloudFormation resource type${missing.length > 1 ? 's' : ''} ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} not activated in region ${o.region} of this account.`, {
    location: locateType(o.stack, o.template, types.get(missing[0])!),
    hint: activationHint(missing, o.region),
  });
}

function activationHint(types: readonly string[], region: string): string {
  const mongo = types.filter((t) => t.startsWith('MongoDB::Atlas::'));
  const lines = mongo.map(
    (t) =>
      `aws cloudformation activate-type --region ${region} --type RESOURCE --public-type-arn arn:aws:cloudformation:${region}::type/resource/${MONGODB_ATLAS_PUBLISHER_ID}/${t.replace(/::/g, '-')} --execution-role-arn <role>`,
  );
  const others = types.filter((t) => !mongo.includes(t));
  return [
    ...(mongo.length
      ? [
          `MongoDB's public extensions are activated once per account and region (CloudFormation console > Registry > Public extensions > Third party, or): ${lines.join('; ')}.`,
          '<role> is an IAM role CloudFormation and Lambda may assume (resources.cloudformation.amazonaws.com, lambda.amazonaws.com) allowed secretsmanager:GetSecretValue on cfn/atlas/profile/*, where the stack keeps the Atlas API key.',
        ]
      : []),
    ...(others.length ? [`Activate or register ${others.join(', ')} in the CloudFormation registry of region ${region} (aws cloudformation activate-type / register-type).`] : []),
  ].join(' ');
}

/** The stack.yml place a template resource comes from: its cloudformationResources entry, else the resource type that emits it. */
function locateType(stack: LoadedStack, template: Record<string, any>, logicalId: string): SourceLocation {
  if (stack.config.cloudformationResources?.[logicalId]) return stack.locate(['cloudformationResources', logicalId, 'Type']);
  const type = String(template.Resources?.[logicalId]?.Type ?? '');
  const emitter = type.startsWith('MongoDB::Atlas::') ? Object.entries(stack.config.resources).find(([, r]) => r.type === 'mongo-db-atlas-cluster') : undefined;
  return emitter ? stack.locate(['resources', emitter[0], 'type']) : { file: stack.file };
}
