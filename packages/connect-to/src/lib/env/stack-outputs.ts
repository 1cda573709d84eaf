import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DEFAULT_STAGE, localStackStateFile, NxstackError, stackName as stackNameOf, type AwsClientConfig, type LocalStackStateOutputs } from '@nxstack/core';

/** Outputs of the `local` stage: `.nxstack/local/<project>/state.json`, written by the deployer. */
export async function readLocalOutputs(workspaceRoot: string, projectName: string, stage = DEFAULT_STAGE): Promise<Record<string, string>> {
  const file = join(workspaceRoot, localStackStateFile(stage, projectName));
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new NxstackError('NXS_STAGE_NOT_DEPLOYED', `Stage '${stage}' of '${projectName}' is not deployed (no ${file}).`, {
      hint: `Deploy it first: nx run ${projectName}:deploy --stage ${stage}.`,
    });
  }
  return { ...(JSON.parse(text) as LocalStackStateOutputs).outputs };
}

/** Outputs of a stage on AWS (CloudFormation DescribeStacks). */
export async function readCloudFormationOutputs(config: AwsClientConfig, projectName: string, stage: string): Promise<Record<string, string>> {
  const stackName = stackNameOf(projectName, stage);
  try {
    const { Stacks = [] } = await new CloudFormationClient(config).send(new DescribeStacksCommand({ StackName: stackName }));
    return Object.fromEntries((Stacks[0]?.Outputs ?? []).map((o) => [o.OutputKey ?? '', o.OutputValue ?? '']));
  } catch (cause) {
    const missing = /does not exist/i.test(String((cause as Error).message));
    throw new NxstackError(missing ? 'NXS_STAGE_NOT_DEPLOYED' : 'NXS_STACK_OUTPUTS_UNREADABLE', missing ? `Stack ${stackName} does not exist in ${config.region}.` : `Cannot read the outputs of stack ${stackName}: ${(cause as Error).message}`, {
      hint: missing ? `Deploy it first (nx run ${projectName}:deploy --stage ${stage}) or pass the right --region / --profile.` : 'Check your AWS credentials, region and profile.',
      cause,
    });
  }
}
