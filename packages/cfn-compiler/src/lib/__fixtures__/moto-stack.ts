import { CloudFormationClient, CreateStackCommand, DescribeStackEventsCommand, DescribeStackResourcesCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { motoEnv } from '../../../../../tools/test-services/aws-env';
import { formatTemplate } from '../canonical-json';
import type { CfnTemplate } from '../types';

export function clientConfig() {
  const env = motoEnv();
  return { region: env.AWS_REGION, endpoint: env.AWS_ENDPOINT_URL, credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY } };
}

export interface DeployedStack {
  readonly status: string;
  /** Why it failed (stack events with a reason), empty on success. */
  readonly reasons: string[];
  /** logical id → physical id */
  readonly physical: Record<string, string>;
  readonly outputs: Record<string, string>;
}

/** Creates a stack on moto's CloudFormation and waits until it settles. */
export async function deployToMoto(stackName: string, template: CfnTemplate): Promise<DeployedStack> {
  // One attempt: a retried CreateStack would only report 'already exists' and hide the real error.
  const cfn = new CloudFormationClient({ ...clientConfig(), maxAttempts: 1 });
  await cfn.send(new CreateStackCommand({ StackName: stackName, TemplateBody: formatTemplate(template), Capabilities: ['CAPABILITY_IAM'] }));
  let status = 'UNKNOWN';
  for (let i = 0; i < 240; i++) {
    const { Stacks } = await cfn.send(new DescribeStacksCommand({ StackName: stackName }));
    status = Stacks?.[0]?.StackStatus ?? 'UNKNOWN';
    if (!status.endsWith('_IN_PROGRESS')) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  const { StackEvents = [] } = await cfn.send(new DescribeStackEventsCommand({ StackName: stackName }));
  const reasons = StackEvents.filter((e) => e.ResourceStatus?.endsWith('FAILED')).map((e) => `${e.LogicalResourceId}: ${e.ResourceStatusReason}`);
  const { StackResources = [] } = await cfn.send(new DescribeStackResourcesCommand({ StackName: stackName }));
  const { Stacks } = await cfn.send(new DescribeStacksCommand({ StackName: stackName }));
  return {
    status,
    reasons,
    // moto lists resource types it does not implement without a physical id; leave those out.
    physical: Object.fromEntries(StackResources.filter((r) => r.PhysicalResourceId).map((r) => [r.LogicalResourceId!, r.PhysicalResourceId!])),
    outputs: Object.fromEntries((Stacks?.[0]?.Outputs ?? []).map((o) => [o.OutputKey!, o.OutputValue!])),
  };
}
