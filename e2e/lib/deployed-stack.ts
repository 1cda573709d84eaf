/**
 * What a stack on moto runs, read back through CloudFormation and ECS: the template's container
 * images and function S3 keys (promote's byte-identical check), a service's task definition.
 */
import { CloudFormationClient, GetTemplateCommand, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { DescribeServicesCommand, DescribeTaskDefinitionCommand, ECSClient } from '@aws-sdk/client-ecs';
import { motoEnv } from '../../tools/test-services/aws-env';

type Template = { Resources: Record<string, { Type: string; Properties?: Record<string, any> }> };

const config = (region: string) => ({ region, endpoint: motoEnv(region).AWS_ENDPOINT_URL, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });

export async function deployedTemplate(stackName: string, region = 'us-east-1'): Promise<Template> {
  const body = (await new CloudFormationClient(config(region)).send(new GetTemplateCommand({ StackName: stackName }))).TemplateBody ?? '{}';
  return JSON.parse(body) as Template;
}

/** Container name → image of every task definition in the template. */
export function templateImages(template: Template): Record<string, string> {
  const out: Record<string, string> = {};
  for (const r of Object.values(template.Resources)) {
    if (r.Type !== 'AWS::ECS::TaskDefinition') continue;
    for (const c of (r.Properties?.['ContainerDefinitions'] ?? []) as Array<{ Name: string; Image: unknown }>) out[c.Name] = typeof c.Image === 'string' ? c.Image : JSON.stringify(c.Image);
  }
  return out;
}

/** Function logical id → Code.S3Key of every zip function in the template. */
export function templateZipKeys(template: Template): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [id, r] of Object.entries(template.Resources)) if (r.Type === 'AWS::Lambda::Function' && r.Properties?.['Code']?.S3Key) out[id] = String(r.Properties['Code'].S3Key);
  return out;
}

/** The ECS service of a stack whose task definition runs container `container`: its task definition ARN and that definition's images. */
export async function runningService(stackName: string, container: string, region = 'us-east-1'): Promise<{ taskDefinition: string; images: string[] }> {
  const resources = (await new CloudFormationClient(config(region)).send(new ListStackResourcesCommand({ StackName: stackName }))).StackResourceSummaries ?? [];
  const cluster = resources.find((r) => r.ResourceType === 'AWS::ECS::Cluster')?.PhysicalResourceId;
  const ecs = new ECSClient(config(region));
  const serviceArns = resources.filter((r) => r.ResourceType === 'AWS::ECS::Service').map((r) => r.PhysicalResourceId!);
  const { services = [] } = await ecs.send(new DescribeServicesCommand({ cluster, services: serviceArns }));
  for (const s of services) {
    const { taskDefinition } = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: s.taskDefinition }));
    const defs = taskDefinition?.containerDefinitions ?? [];
    if (defs.some((c) => c.name === container)) return { taskDefinition: s.taskDefinition!, images: defs.map((c) => c.image!) };
  }
  throw new Error(`no service of ${stackName} runs a container ${container}`);
}
