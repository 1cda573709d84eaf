import { CloudFormationClient, DescribeStackResourceCommand } from '@aws-sdk/client-cloudformation';
import { assertAwsCredentials, awsClientConfig, logicalId, NxstackError, resolveStageRegion, stackName as stackNameOf, type AwsClientConfig } from '@nxstack/core';

export interface DeployedStageOptions {
  readonly projectName: string;
  readonly stage: string;
  readonly region?: string;
  readonly profile?: string;
}

/** Client configuration for an AWS stage, credentials checked before the first call. */
export async function stageClientConfig(o: DeployedStageOptions): Promise<AwsClientConfig> {
  const region = await resolveStageRegion(o.stage, { region: o.region, profile: o.profile });
  const config = await awsClientConfig({ region, profile: o.profile });
  await assertAwsCredentials(() => config.credentials(), { stage: o.stage, region, profile: o.profile });
  return config;
}

/**
 * The physical name of a function (or deployment script) of a deployed stack: the stack's
 * physical id of `<Resource>Function`, as CloudFormation reports it (never a name rebuilt here).
 */
export function deployedFunctionName(config: AwsClientConfig, o: DeployedStageOptions & { readonly resource: string }): Promise<string> {
  return deployedPhysicalId(config, o, 'Function');
}

/** The log group the deployed function writes to (`<Resource>LogGroup`, which its LoggingConfig names). */
export function deployedLogGroupName(config: AwsClientConfig, o: DeployedStageOptions & { readonly resource: string }): Promise<string> {
  return deployedPhysicalId(config, o, 'LogGroup');
}

async function deployedPhysicalId(config: AwsClientConfig, o: DeployedStageOptions & { readonly resource: string }, suffix: string): Promise<string> {
  const stackName = stackNameOf(o.projectName, o.stage);
  const logical = logicalId(o.resource, suffix);
  try {
    const out = await new CloudFormationClient(config).send(new DescribeStackResourceCommand({ StackName: stackName, LogicalResourceId: logical }));
    const id = out.StackResourceDetail?.PhysicalResourceId;
    if (id) return id;
  } catch (cause) {
    const message = String((cause as Error).message);
    if (/stack .*does not exist/i.test(message)) {
      throw new NxstackError('NXS_STAGE_NOT_DEPLOYED', `Stack ${stackName} does not exist in ${config.region}.`, {
        hint: `Deploy it first (nx run ${o.projectName}:deploy --stage ${o.stage}) or pass the right --region / --profile.`,
        cause,
      });
    }
    if (!/does not exist|not found/i.test(message)) {
      throw new NxstackError('NXS_FUNCTION_NOT_DEPLOYED', `Cannot read ${logical} of stack ${stackName}: ${message}`, { hint: 'Check your AWS credentials, region and profile.', cause });
    }
  }
  throw new NxstackError('NXS_FUNCTION_NOT_DEPLOYED', `Stack ${stackName} (${config.region}) has no resource ${logical}: '${o.resource}' is not deployed on stage ${o.stage}.`, {
    hint: `Deploy the current stack.yml first: nx run ${o.projectName}:deploy --stage ${o.stage}.`,
  });
}
