import { BATCH_TRIGGER_EVENT_TYPES } from '@nxstack/core';
import { RUNNER_RUNTIME } from '../deployment-scripts/script-run';
import { compileFunctionEvents, eventRoleStatements } from '../lambda/function-events';
import { lambdaFunctionName } from '../lambda/function-name';
import { addLambdaLogGroup, LAMBDA_ASSUME_ROLE_POLICY, lambdaIds } from '../lambda/lambda-resources';
import { getAtt, ref, type ResourceCompileContext } from '../resource-types/resource-type';

/**
 * The code of a batch job's trigger function, inlined as `Code.ZipFile` (Node runtimes ship the
 * AWS SDK v3): it starts the job's state machine with the event it got as the execution input,
 * so the container sees that event in STP_TRIGGER_EVENT_DATA, as with EventBridge-started runs.
 * The execution is named after the invocation's request id: Lambda's retry of an asynchronous
 * invocation (SNS, CloudWatch Logs) keeps the id, and Step Functions answers a start with a
 * known name and the same input with that execution, so a retry never runs the job twice. An
 * input over Step Functions' 256 KiB fails the invocation (the queue keeps the messages). The
 * answer suits HTTP API and ALB callers: 200 with the execution's ARN, as Stacktape answers.
 */
export const BATCH_TRIGGER_SOURCE = String.raw`const { SFNClient, StartExecutionCommand } = require('@aws-sdk/client-sfn');
const sfn = new SFNClient({});
exports.handler = async (event, context) => {
  const started = await sfn.send(new StartExecutionCommand({ stateMachineArn: process.env.STATE_MACHINE_ARN, name: context.awsRequestId, input: JSON.stringify(event) }));
  console.log('started ' + started.executionArn);
  const body = JSON.stringify({ executionArn: started.executionArn, startDate: started.startDate });
  return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: body, isBase64Encoded: false };
};
`;

/** The trigger's own resources: `<Job>TriggerFunction`, `<Job>TriggerRole`, `<Job>TriggerLogGroup`. */
export const batchTriggerIds = (job: string) => lambdaIds(`${job}Trigger`);

/**
 * A batch job's events that are Lambda event sources (BATCH_TRIGGER_EVENT_TYPES: http-api-gateway,
 * sns, sqs, kinesis-stream, dynamo-db-stream, cloudwatch-log, application-load-balancer) invoke
 * one trigger function of the job, which starts its state machine (Stacktape's way, with our own
 * function). The events compile exactly as a function's (same settings, defaults and checks,
 * function-events.ts), targeting the trigger.
 */
export function compileBatchJobTrigger(ctx: ResourceCompileContext, stateMachineId: string): void {
  const events = (ctx.properties.events ?? []) as Array<{ type: string }>;
  if (!events.some((e) => BATCH_TRIGGER_EVENT_TYPES.includes(e.type))) return;
  const ids = batchTriggerIds(ctx.name);
  // The events' own resources keep the job's name (`<Job>SqsEventSourceMapping1` …) and its locations.
  const trigger: ResourceCompileContext = { ...ctx, eventFunctionId: ids.fn };
  const functionName = lambdaFunctionName(ctx.projectName, ctx.stage, `${ctx.name}-trigger`);
  addLambdaLogGroup(ctx, ids.logGroup, functionName);
  ctx.builder.addResource(ids.role, {
    Type: 'AWS::IAM::Role',
    Properties: {
      AssumeRolePolicyDocument: LAMBDA_ASSUME_ROLE_POLICY,
      Policies: [{
        PolicyName: 'StartBatchJob',
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: getAtt(ids.logGroup, 'Arn') },
            { Effect: 'Allow', Action: 'states:StartExecution', Resource: ref(stateMachineId) },
            // Polling its queues and streams (Lambda's event source mappings act as the function).
            ...eventRoleStatements(trigger),
          ],
        },
      }],
    },
  }, ctx.origin);
  ctx.builder.addResource(ids.fn, {
    Type: 'AWS::Lambda::Function',
    Properties: {
      FunctionName: functionName,
      Description: `Starts batch-job ${ctx.name} with the event as its input (nxstack)`,
      Runtime: RUNNER_RUNTIME,
      Handler: 'index.handler',
      Code: { ZipFile: BATCH_TRIGGER_SOURCE },
      MemorySize: 128,
      Timeout: 30,
      Role: getAtt(ids.role, 'Arn'),
      Environment: { Variables: { STATE_MACHINE_ARN: ref(stateMachineId) } },
      LoggingConfig: { LogGroup: ref(ids.logGroup), LogFormat: 'Text' },
    },
  }, ctx.origin);
  compileFunctionEvents(trigger, BATCH_TRIGGER_EVENT_TYPES);
}
