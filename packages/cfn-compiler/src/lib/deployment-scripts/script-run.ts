import { isLocalStage, NxstackError } from '@nxstack/core';
import { lambdaFunctionName } from '../lambda/function-name';
import { addLambdaLogGroup, LAMBDA_ASSUME_ROLE_POLICY, lambdaIds } from '../lambda/lambda-resources';
import { logicalId } from '../logical-ids';
import { getAtt, ref, type ResourceCompileContext } from '../resource-types/resource-type';
import { RUNNER_SOURCE } from './runner-source';

/** The custom resource type of a deployment script's run (what the deployer and the token pass look for). */
export const SCRIPT_RUN_TYPE = 'Custom::DeploymentScript';
/** Node runtime of the runner (inline code needs Node or Python; Node ships the AWS SDK v3). */
export const RUNNER_RUNTIME = 'nodejs24.x';
/** Lambda's longest timeout: the runner waits up to this long for the script. */
const MAX_LAMBDA_TIMEOUT = 900;
/** Time the runner keeps beyond the script's own timeout to invoke it and answer CloudFormation. */
const RUNNER_EXTRA_SECONDS = 30;

export function scriptRunIds(resourceName: string) {
  return {
    run: logicalId(resourceName, 'Run'),
    runner: logicalId(resourceName, 'RunnerFunction'),
    runnerRole: logicalId(resourceName, 'RunnerRole'),
    runnerLogGroup: logicalId(resourceName, 'RunnerLogGroup'),
  };
}

/**
 * The CloudFormation side of a deployment script on an AWS stage: a custom resource whose
 * ServiceToken is a small runner function of ours (RUNNER_SOURCE) that invokes the script's
 * function with the resolved `parameters`. The local stage runs scripts itself, so it gets none.
 * DependsOn and the re-run token are filled in once the whole template is known (script-tokens.ts).
 */
export function compileScriptRun(ctx: ResourceCompileContext): void {
  if (isLocalStage(ctx.stage)) return;
  const ids = scriptRunIds(ctx.name);
  const scriptFn = lambdaIds(ctx.name).fn;
  const props = ctx.properties as { trigger: string; timeout: number; parameters?: unknown };
  const runnerName = lambdaFunctionName(ctx.projectName, ctx.stage, `${ctx.name}-runner`);

  // before:delete runs while its stack is deleted: its runner's log group outlives the stack so
  // destroy can read what the script did (then destroy deletes it: script-results.ts in the
  // deployer). Not on create: a first deploy that rolls back leaves no group behind to clash with.
  addLambdaLogGroup(ctx, ids.runnerLogGroup, runnerName, props.trigger === 'before:delete' ? 'RetainExceptOnCreate' : 'Delete');
  ctx.builder.addResource(ids.runnerRole, {
    Type: 'AWS::IAM::Role',
    Properties: {
      AssumeRolePolicyDocument: LAMBDA_ASSUME_ROLE_POLICY,
      Policies: [{
        PolicyName: 'RunDeploymentScript',
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: getAtt(ids.runnerLogGroup, 'Arn') },
            { Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: getAtt(scriptFn, 'Arn') },
            // Tells a stack deletion from a rollback or a removed script.
            { Effect: 'Allow', Action: 'cloudformation:DescribeStacks', Resource: ref('AWS::StackId') },
          ],
        },
      }],
    },
  }, ctx.origin);
  ctx.builder.addResource(ids.runner, {
    Type: 'AWS::Lambda::Function',
    Properties: {
      FunctionName: runnerName,
      Description: `Runs the ${props.trigger} deployment script ${ctx.name} for CloudFormation (nxstack)`,
      Runtime: RUNNER_RUNTIME,
      Handler: 'index.handler',
      Code: { ZipFile: RUNNER_SOURCE },
      MemorySize: 128,
      Timeout: Math.min(MAX_LAMBDA_TIMEOUT, props.timeout + RUNNER_EXTRA_SECONDS),
      Role: getAtt(ids.runnerRole, 'Arn'),
      LoggingConfig: { LogGroup: ref(ids.runnerLogGroup), LogFormat: 'Text' },
    },
  }, ctx.origin);

  const properties: Record<string, unknown> = {
    ServiceToken: getAtt(ids.runner, 'Arn'),
    ScriptName: ctx.name,
    Trigger: props.trigger,
    ScriptFunction: ref(scriptFn),
  };
  if (props.parameters !== undefined) {
    const path = [...ctx.path, 'properties', 'parameters'];
    Object.assign(properties, encodeParameters(ctx.resolve(props.parameters, path), ctx, path));
  }
  ctx.builder.addResource(ids.run, { Type: SCRIPT_RUN_TYPE, Properties: properties }, ctx.origin);
}

const MARKER = '$nxs';

/**
 * `parameters` as the runner rebuilds them: the literal structure as JSON text (CloudFormation
 * would turn numbers and booleans in custom resource properties into strings) with each
 * intrinsic replaced by `{"$nxs": i}`, and the intrinsics in ParameterValues for CloudFormation
 * to resolve.
 */
export function encodeParameters(resolved: unknown, ctx: ResourceCompileContext, path: ReadonlyArray<string | number>): { ParametersJson: string; ParameterValues?: unknown[] } {
  const values: unknown[] = [];
  const walk = (v: unknown, at: ReadonlyArray<string | number>): unknown => {
    if (Array.isArray(v)) return v.map((item, i) => walk(item, [...at, i]));
    if (typeof v !== 'object' || v === null) return v;
    const keys = Object.keys(v);
    if (keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'))) {
      values.push(v);
      return { [MARKER]: values.length - 1 };
    }
    if (keys.length === 1 && keys[0] === MARKER) {
      throw new NxstackError('NXS_INVALID_VALUE', `parameters of deployment script '${ctx.name}' use the key '${MARKER}', which nxstack reserves.`, {
        location: ctx.locate(at),
        hint: `Rename the key '${MARKER}' (nxstack marks CloudFormation-resolved values with it).`,
      });
    }
    return Object.fromEntries(keys.map((k) => [k, walk((v as Record<string, unknown>)[k], [...at, k])]));
  };
  const json = JSON.stringify(walk(resolved, path));
  return values.length ? { ParametersJson: json, ParameterValues: values } : { ParametersJson: json };
}
