/**
 * `type: edge-lambda-function` — a Lambda@Edge function: AWS::Lambda::Function (x86_64, no
 * environment variables, no VPC, no layers: Lambda@Edge refuses them), its role (trusted by
 * lambda and edgelambda, allowed to write the log groups Lambda@Edge creates in each region it
 * runs in), and the AWS::Lambda::Version CloudFront associates.
 *
 * Region: Lambda@Edge functions must be created in us-east-1. nxstack compiles them into the
 * project's own stack, so a stack with edge functions deploys to us-east-1; any other AWS region
 * is refused here, before any AWS call, with NXS_EDGE_FUNCTION_REGION. (Stacktape creates them
 * from the stack's region through a custom resource; a second, us-east-1 stack per project would
 * need a cross-region deploy and destroy order nxstack does not have.) A stack in another region
 * can still name a published version by ARN in `edgeFunctions`.
 *
 * Versions are immutable: the Version carries the code's sha256 and a digest of the settings in
 * CodeSha256/Description, so a change of either replaces it (a new version). Old versions and the
 * function itself are retained: Lambda refuses to delete a replicated function until CloudFront
 * has removed its replicas (hours after the distribution stops using it).
 */
import { createHash } from 'node:crypto';
import { cdnSettingsOf, EDGE_LAMBDA_RUNTIMES, edgeFunctionUses, isLocalStage, NxstackError, type EdgeLambdaFunctionProperties } from '@nxstack/core';
import { compileWorkloadConnections } from '../connections/workload-connections';
import { lambdaFunctionName } from '../lambda/function-name';
import { iamStatement, lambdaIds } from '../lambda/lambda-resources';
import { resolveRuntime } from '../lambda/runtimes';
import { logicalId } from '../logical-ids';
import { getAtt, ref, sub, type ResourceCompileContext, type ResourceTypeModule } from './resource-type';

export const EDGE_REGION = 'us-east-1';
/** Zipped code size Lambda@Edge accepts: viewer triggers 1 MB, origin triggers 50 MB. */
export const EDGE_CODE_LIMITS = { viewer: 1024 * 1024, origin: 50 * 1024 * 1024 } as const;

export const edgeLambdaIds = (name: string) => ({ ...lambdaIds(name), version: logicalId(name, 'EdgeVersion') });

/** What CloudFront associates for an `edgeFunctions` entry: a version ARN as given, or the Version of this stack's edge-lambda-function. */
export const edgeFunctionVersionArn = (nameOrArn: string): unknown => (nameOrArn.startsWith('arn:') ? nameOrArn : ref(edgeLambdaIds(nameOrArn).version));

export const edgeLambdaFunctionType: ResourceTypeModule<EdgeLambdaFunctionProperties> = {
  type: 'edge-lambda-function',
  params: { arn: (name) => edgeFunctionVersionArn(name) },
  packaged: true,
  outputs: { Arn: 'arn' },
  compile(ctx) {
    if (ctx.region !== undefined && !isLocalStage(ctx.stage) && ctx.region !== EDGE_REGION) {
      throw new NxstackError('NXS_EDGE_FUNCTION_REGION', `edge-lambda-function '${ctx.name}' must be deployed to ${EDGE_REGION}; this stage deploys to ${ctx.region}.`, {
        location: ctx.locate([...ctx.path, 'type']),
        hint: `Lambda@Edge functions live in ${EDGE_REGION}: deploy this project with --region ${EDGE_REGION}, or deploy the edge functions from a project in ${EDGE_REGION} and name their published version ARN in edgeFunctions.`,
      });
    }
    compileEdgeLambda(ctx);
  },
};

function compileEdgeLambda(ctx: ResourceCompileContext<EdgeLambdaFunctionProperties>): void {
  const artifact = ctx.artifact();
  const ids = edgeLambdaIds(ctx.name);
  const p = ctx.properties;
  if (artifact.architecture !== 'x86_64') {
    throw new NxstackError('NXS_EDGE_FUNCTION_INVALID', `edge-lambda-function '${ctx.name}' was packaged for ${artifact.architecture}; Lambda@Edge runs x86_64 only.`, { location: ctx.locate([...ctx.path, 'properties', 'packaging']), hint: 'Package it again (nx run <project>:package--<name>): edge functions are built for x86_64.' });
  }
  if (Object.keys(artifact.environment ?? {}).length) {
    throw new NxstackError('NXS_EDGE_FUNCTION_INVALID', `edge-lambda-function '${ctx.name}' needs environment variables (${Object.keys(artifact.environment ?? {}).join(', ')}), which Lambda@Edge does not allow.`, { location: ctx.locate([...ctx.path, 'properties', 'packaging']), hint: 'Package it without options that need them (source maps need NODE_OPTIONS).' });
  }
  // The zipped code must fit the strictest trigger that runs it.
  const uses = Object.entries(ctx.stack.config.resources).flatMap(([n, r]) => {
    const s = cdnSettingsOf(n, r);
    return s ? edgeFunctionUses(s).filter((u) => u.name === ctx.name) : [];
  });
  const viewer = uses.some((u) => u.trigger === 'onRequest' || u.trigger === 'onResponse');
  const limit = viewer ? EDGE_CODE_LIMITS.viewer : EDGE_CODE_LIMITS.origin;
  if (artifact.size > limit) {
    throw new NxstackError('NXS_EDGE_FUNCTION_INVALID', `edge-lambda-function '${ctx.name}' is ${artifact.size} bytes zipped; Lambda@Edge allows ${limit} for ${viewer ? 'viewer' : 'origin'} triggers.`, {
      location: ctx.locate([...ctx.path, 'properties', 'packaging']),
      hint: 'Make the bundle smaller (excludeDependencies, fewer includeFiles), or run it on an origin trigger (50 MB).',
    });
  }
  const functionName = lambdaFunctionName(ctx.projectName, ctx.stage, ctx.name);
  // Connections give IAM access only: no STP_* variables can reach an edge function.
  const connections = compileWorkloadConnections(ctx);
  const statements = (p.iamRoleStatements ?? []) as Array<Record<string, unknown>>;
  // Lambda@Edge logs to /aws/lambda/us-east-1.<name> in each region where it ran (deploy sets their
  // retention: deployer's edge-log-groups.ts); with logging disabled it may not write logs at all.
  const policies: unknown[] = p.logging?.disabled ? [] : [{
    PolicyName: 'EdgeLogs',
    PolicyDocument: {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'], Resource: sub(`arn:\${AWS::Partition}:logs:*:\${AWS::AccountId}:log-group:/aws/lambda/${EDGE_REGION}.${functionName}:*`) }],
    },
  }];
  if (connections.policyStatements.length) policies.push({ PolicyName: 'ConnectTo', PolicyDocument: { Version: '2012-10-17', Statement: connections.policyStatements } });
  if (statements.length) policies.push({ PolicyName: 'IamRoleStatements', PolicyDocument: { Version: '2012-10-17', Statement: statements.map((s, i) => iamStatement(ctx, s, i)) } });
  ctx.builder.addResource(ids.role, {
    Type: 'AWS::IAM::Role',
    Properties: {
      AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: ['lambda.amazonaws.com', 'edgelambda.amazonaws.com'] }, Action: 'sts:AssumeRole' }] },
      ...(policies.length ? { Policies: policies } : {}),
    },
  }, ctx.origin);

  const runtime = resolveRuntime(ctx as never, artifact.runtime, artifact.packager);
  if (!(EDGE_LAMBDA_RUNTIMES as readonly string[]).includes(runtime)) {
    throw new NxstackError('NXS_EDGE_FUNCTION_INVALID', `edge-lambda-function '${ctx.name}' was packaged for ${runtime}, which Lambda@Edge does not run.`, {
      location: ctx.locate([...ctx.path, 'properties', 'runtime']),
      hint: `Set runtime to one of ${EDGE_LAMBDA_RUNTIMES.join(', ')}.`,
    });
  }
  const settings = {
    Handler: artifact.handler,
    Runtime: runtime,
    MemorySize: p.memory,
    Timeout: p.timeout,
  };
  // The local stage has no replicas: its destroy removes everything.
  const retain = isLocalStage(ctx.stage) ? {} : { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' };
  ctx.builder.addResource(ids.fn, {
    Type: 'AWS::Lambda::Function',
    ...retain,
    Properties: { FunctionName: functionName, Code: { S3Bucket: artifact.location.bucket, S3Key: artifact.location.key }, ...settings, Architectures: ['x86_64'], Role: getAtt(ids.role, 'Arn') },
  }, ctx.origin);
  const digest = createHash('sha256').update(JSON.stringify(settings)).digest('hex').slice(0, 16);
  ctx.builder.addResource(ids.version, {
    Type: 'AWS::Lambda::Version',
    ...retain,
    Properties: {
      FunctionName: ref(ids.fn),
      // Lambda checks it against the function's code: a version of exactly this artifact.
      CodeSha256: Buffer.from(artifact.sha256, 'hex').toString('base64'),
      Description: `${ctx.name} code ${artifact.sha256.slice(0, 16)} settings ${digest}`,
    },
  }, ctx.origin);
}
