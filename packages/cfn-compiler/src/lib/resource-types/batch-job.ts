import { compileWorkloadConnections } from '../connections/workload-connections';
import { containerEnvironment } from '../ecs/container-environment';
import { containerImage, needsBuiltImage } from '../ecs/container-image';
import { compileTaskRoles, workloadIds } from '../ecs/container-workload';
import { BATCH_IDS } from '../ecs/shared-batch';
import { batchJobPlacement } from '../ecs/batch-job-placement';
import { compileBatchJobEvents } from '../ecs/batch-job-events';
import { logRetentionDays } from '../lambda/log-retention';
import { logicalId } from '../logical-ids';
import { getAtt, ref, type ResourceTypeModule } from './resource-type';

export function batchJobIds(name: string) {
  return {
    ...workloadIds(name),
    jobDefinition: logicalId(name, 'JobDefinition'),
    stateMachine: logicalId(name, 'StateMachine'),
    stateMachineRole: logicalId(name, 'StateMachineRole'),
  };
}

interface RetryConfig {
  attempts?: number;
  retryIntervalSeconds?: number;
  retryIntervalMultiplier?: number;
}

/**
 * `type: batch-job` — an AWS Batch job definition on the stack's shared queue of its kind (Fargate;
 * EC2 Spot with `useSpotInstances`, EC2 GPU instances with `resources.gpu`), and a Step
 * Functions state machine that submits it, waits for it (`submitJob.sync`) and retries a failed
 * run per `retryConfig`. Start an execution of the state machine to run the job; `events` are
 * EventBridge rules that start it.
 */
export const batchJobType: ResourceTypeModule = {
  type: 'batch-job',
  params: {
    jobDefinitionArn: (name) => ref(batchJobIds(name).jobDefinition),
    stateMachineArn: (name) => ref(batchJobIds(name).stateMachine),
  },
  packaged: (properties) => needsBuiltImage((properties.container as { packaging?: unknown } | undefined)?.packaging),
  outputs: { JobDefinitionArn: 'jobDefinitionArn', StateMachineArn: 'stateMachineArn' },
  compile(ctx) {
    const ids = batchJobIds(ctx.name);
    const placement = batchJobPlacement(ctx);
    const image = containerImage(ctx, ['container', 'packaging']);
    // Fargate jobs run with the compute environment's security group, so connectTo ingress opens targets to it.
    const connections = compileWorkloadConnections(ctx, { securityGroupId: BATCH_IDS.securityGroup });
    const env = containerEnvironment(ctx, ['container', 'environment'], {}, connections.environment);
    const family = `${ctx.projectName}-${ctx.stage}-${ctx.name}`;

    ctx.builder.addResource(ids.logGroup, {
      Type: 'AWS::Logs::LogGroup',
      DeletionPolicy: 'Delete',
      UpdateReplacePolicy: 'Delete',
      Properties: { LogGroupName: `/nxstack/batch/${family}`, RetentionInDays: logRetentionDays(ctx) },
    }, ctx.origin);
    compileTaskRoles(ctx, env.secretArns, image.repositoryCredentialsSecretArn ? [image.repositoryCredentialsSecretArn] : [], connections.policyStatements);

    const container: Record<string, unknown> = {
      Image: image.image,
      ExecutionRoleArn: getAtt(ids.executionRole, 'Arn'),
      JobRoleArn: getAtt(ids.taskRole, 'Arn'),
      ResourceRequirements: placement.resourceRequirements,
      Environment: env.environment,
      ...placement.containerProperties,
      LogConfiguration: { LogDriver: 'awslogs', Options: { 'awslogs-group': ref(ids.logGroup), 'awslogs-region': ref('AWS::Region'), 'awslogs-stream-prefix': ctx.name } },
    };
    if (env.secrets.length) container.Secrets = env.secrets;
    if (image.command) container.Command = image.command;
    if (image.repositoryCredentialsSecretArn) container.RepositoryCredentials = { CredentialsParameter: image.repositoryCredentialsSecretArn };
    const jobDefinition: Record<string, unknown> = {
      Type: 'container',
      JobDefinitionName: family,
      PlatformCapabilities: [placement.platform],
      ContainerProperties: container,
      // One Batch attempt per state machine attempt: retries (with back-off) are the state machine's.
      RetryStrategy: { Attempts: 1 },
    };
    const timeout = ctx.properties.timeout as number | undefined;
    if (timeout) jobDefinition.Timeout = { AttemptDurationSeconds: timeout };
    ctx.builder.addResource(ids.jobDefinition, { Type: 'AWS::Batch::JobDefinition', Properties: jobDefinition }, ctx.origin);

    ctx.builder.addResource(ids.stateMachineRole, {
      Type: 'AWS::IAM::Role',
      Properties: {
        AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'states.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
        Policies: [{
          PolicyName: 'SubmitBatchJob',
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              { Effect: 'Allow', Action: ['batch:SubmitJob'], Resource: [ref(ids.jobDefinition), placement.jobQueue] },
              // submitJob.sync polls and stops jobs through these; Batch does not scope them to a job.
              { Effect: 'Allow', Action: ['batch:DescribeJobs', 'batch:TerminateJob'], Resource: '*' },
              // The .sync integration waits through an EventBridge rule Step Functions manages.
              {
                Effect: 'Allow',
                Action: ['events:PutTargets', 'events:PutRule', 'events:DescribeRule'],
                Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:rule/StepFunctionsGetEventsForBatchJobsRule' },
              },
            ],
          },
        }],
      },
    }, ctx.origin);

    const retry = (ctx.properties.retryConfig ?? {}) as RetryConfig;
    const submit: Record<string, unknown> = {
      Type: 'Task',
      // Service-integration ARN as Step Functions documents it (cfn-lint validates this exact form).
      Resource: 'arn:aws:states:::batch:submitJob.sync',
      Parameters: {
        JobName: ctx.name,
        JobDefinition: '${JobDefinitionArn}',
        JobQueue: '${JobQueueArn}',
        // What started the execution (an event's payload, or the input a caller gave), for the container, as Stacktape passes it.
        ContainerOverrides: { Environment: [{ Name: 'STP_TRIGGER_EVENT_DATA', 'Value.$': 'States.JsonToString($)' }] },
      },
      End: true,
    };
    if ((retry.attempts ?? 0) > 0) {
      submit.Retry = [{ ErrorEquals: ['States.ALL'], MaxAttempts: retry.attempts, IntervalSeconds: retry.retryIntervalSeconds ?? 1, BackoffRate: retry.retryIntervalMultiplier ?? 1 }];
    }
    ctx.builder.addResource(ids.stateMachine, {
      Type: 'AWS::StepFunctions::StateMachine',
      Properties: {
        StateMachineName: family,
        RoleArn: getAtt(ids.stateMachineRole, 'Arn'),
        // DefinitionString + Fn::Sub (rather than Definition + DefinitionSubstitutions): the same
        // state machine, in the form every CloudFormation implementation (moto included) resolves.
        DefinitionString: {
          'Fn::Sub': [
            JSON.stringify({ Comment: `Runs batch-job ${ctx.name}`, StartAt: 'SubmitJob', States: { SubmitJob: submit } }),
            { JobDefinitionArn: ref(ids.jobDefinition), JobQueueArn: placement.jobQueue },
          ],
        },
      },
    }, ctx.origin);
    compileBatchJobEvents(ctx, ids.stateMachine);
  },
};
