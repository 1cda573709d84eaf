import { LAMBDA_DEFAULTS, NxstackError, type CustomResourceDefinitionProperties, type DeploymentScriptProperties, type FunctionProperties } from '@nxstack/core';
import { logicalId } from '../logical-ids';
import { getAtt, ref, type ResourceCompileContext } from '../resource-types/resource-type';
import { lambdaEnvironment } from './environment';
import { lambdaFunctionName } from './function-name';
import { logRetentionDays } from './log-retention';
import { resolveRuntime } from './runtimes';
import { imageUriValue } from '../image-uri';
import { isImagePackaging, lambdaVpcConfig, refuseZipOnlyProperties } from './lambda-image-and-vpc';
import { compileWorkloadConnections } from '../connections/workload-connections';
import { mergeConnectionEnvironment } from '../connections/merge-environment';
import { compileLambdaVolumes } from './volume-mounts';

/**
 * The properties of a Lambda-backed resource as core's loader returns them: validated once
 * (ranges included) with the stack.yml defaults applied, so nothing here checks or defaults them again.
 */
export type LambdaProperties = FunctionProperties | DeploymentScriptProperties | CustomResourceDefinitionLambda;

/** A custom-resource-definition's function: Stacktape gives it no architecture, storage or VPC setting (Lambda's defaults). */
type CustomResourceDefinitionLambda = CustomResourceDefinitionProperties & Pick<DeploymentScriptProperties, 'architecture' | 'storage' | 'joinDefaultVpc'>;

export interface LambdaExtras {
  /** Statements the role needs for the resource's own integrations (e.g. polling an SQS queue). */
  readonly statements?: readonly unknown[];
}

/** Logical ids of the three resources behind every zip Lambda of stack.yml. */
export function lambdaIds(resourceName: string) {
  return {
    fn: logicalId(resourceName, 'Function'),
    role: logicalId(resourceName, 'Role'),
    logGroup: logicalId(resourceName, 'LogGroup'),
  };
}

/** The function a resource's events invoke: its own, or the one its context names (a batch job's trigger). */
export function eventFunctionId(ctx: ResourceCompileContext): string {
  return ctx.eventFunctionId ?? lambdaIds(ctx.name).fn;
}

/** Params every Lambda-backed type can be referenced by. */
export const lambdaParams = {
  arn: (name: string) => getAtt(lambdaIds(name).fn, 'Arn'),
  name: (name: string) => ref(lambdaIds(name).fn),
  logGroupArn: (name: string) => getAtt(lambdaIds(name).logGroup, 'Arn'),
};

/**
 * Compiles AWS::Lambda::Function + AWS::IAM::Role + AWS::Logs::LogGroup for a function or a
 * deployment script. The code location comes from the published, content-addressed artifact,
 * so the template changes only when the code does.
 */
export function compileLambda(ctx: ResourceCompileContext<LambdaProperties>, extras: LambdaExtras = {}): void {
  const image = isImagePackaging(ctx.properties.packaging);
  if (image) refuseZipOnlyProperties(ctx);
  const artifact = image ? ctx.imageArtifact() : ctx.artifact();
  const ids = lambdaIds(ctx.name);
  const props = ctx.properties;
  const { memory, timeout, storage, architecture } = props;
  const functionName = lambdaFunctionName(ctx.projectName, ctx.stage, ctx.name);
  const variables = lambdaEnvironment(ctx, artifact.kind === 'zip' ? artifact.environment : {});
  // connectTo: STP_* variables + role statements (+ SG ingress when the function joins the VPC).
  const connections = compileWorkloadConnections(ctx, { securityGroupId: props.joinDefaultVpc === true ? logicalId(ctx.name, 'SecurityGroup') : undefined });
  mergeConnectionEnvironment(ctx, variables, connections.environment);

  addLambdaLogGroup(ctx, ids.logGroup, functionName);
  const volumes = 'volumeMounts' in props ? compileLambdaVolumes(ctx) : undefined;

  ctx.builder.addResource(ids.role, {
    Type: 'AWS::IAM::Role',
    Properties: {
      AssumeRolePolicyDocument: LAMBDA_ASSUME_ROLE_POLICY,
      Policies: rolePolicies(ctx, ids.logGroup, extras.statements ?? [], connections.policyStatements, volumes?.statements),
      ...(props.joinDefaultVpc === true ? { ManagedPolicyArns: [{ 'Fn::Sub': 'arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole' }] } : {}),
    },
  }, ctx.origin);

  const properties: Record<string, unknown> = { FunctionName: functionName };
  if (artifact.kind === 'zip') {
    Object.assign(properties, {
      Code: { S3Bucket: artifact.location.bucket, S3Key: artifact.location.key },
      Handler: artifact.handler,
      Runtime: resolveRuntime(ctx, artifact.runtime, artifact.packager),
    });
  } else {
    // Handler and runtime come from the image (its CMD / ENTRYPOINT).
    Object.assign(properties, { PackageType: 'Image', Code: { ImageUri: imageUriValue(artifact.location.imageUri) } });
  }
  Object.assign(properties, {
    Architectures: [architecture],
    MemorySize: memory,
    Timeout: timeout,
    Role: getAtt(ids.role, 'Arn'),
    LoggingConfig: { LogGroup: ref(ids.logGroup), LogFormat: 'Text' },
  });
  // An image function's layers were merged into its image's /opt at package time.
  if (!image && 'layers' in props && props.layers !== undefined) properties.Layers = ctx.resolve(props.layers, [...ctx.path, 'properties', 'layers']);
  if (props.joinDefaultVpc === true) properties.VpcConfig = lambdaVpcConfig(ctx);
  if (storage !== LAMBDA_DEFAULTS.storage) properties.EphemeralStorage = { Size: storage };
  if (Object.keys(variables).length) properties.Environment = { Variables: variables };
  if (volumes) properties.FileSystemConfigs = volumes.fileSystemConfigs;
  ctx.builder.addResource(ids.fn, { Type: 'AWS::Lambda::Function', ...(volumes?.dependsOn.length ? { DependsOn: volumes.dependsOn } : {}), Properties: properties }, ctx.origin);
}

/** The trust policy of every Lambda execution role. */
export const LAMBDA_ASSUME_ROLE_POLICY = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
} as const;

/** The log group a Lambda writes to (`/aws/lambda/<name>`), deleted with the stack, retention from stack.yml. */
export function addLambdaLogGroup(ctx: ResourceCompileContext, id: string, functionName: string, deletionPolicy: 'Delete' | 'RetainExceptOnCreate' = 'Delete'): void {
  ctx.builder.addResource(id, {
    Type: 'AWS::Logs::LogGroup',
    DeletionPolicy: deletionPolicy,
    UpdateReplacePolicy: 'Delete',
    Properties: { LogGroupName: `/aws/lambda/${functionName}`, RetentionInDays: logRetentionDays(ctx) },
  }, ctx.origin);
}

/** Basic execution (scoped to the function's own log group) plus the user's iamRoleStatements. */
function rolePolicies(ctx: ResourceCompileContext, logGroupId: string, integrationStatements: readonly unknown[], connectToStatements: readonly unknown[] = [], volumeStatements: readonly unknown[] = []): unknown[] {
  const policies: unknown[] = [
    {
      PolicyName: 'LambdaBasicExecution',
      PolicyDocument: {
        Version: '2012-10-17',
        // The log group exists before the function, so CreateLogGroup is not needed.
        Statement: [{ Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: getAtt(logGroupId, 'Arn') }],
      },
    },
  ];
  if (connectToStatements.length) policies.push({ PolicyName: 'ConnectTo', PolicyDocument: { Version: '2012-10-17', Statement: [...connectToStatements] } });
  if (volumeStatements.length) policies.push({ PolicyName: 'VolumeMounts', PolicyDocument: { Version: '2012-10-17', Statement: [...volumeStatements] } });
  if (integrationStatements.length) {
    policies.push({ PolicyName: 'EventIntegrations', PolicyDocument: { Version: '2012-10-17', Statement: [...integrationStatements] } });
  }
  const statements = (ctx.properties.iamRoleStatements ?? []) as Array<Record<string, unknown>>;
  if (statements.length) {
    policies.push({
      PolicyName: 'IamRoleStatements',
      PolicyDocument: { Version: '2012-10-17', Statement: statements.map((s, i) => iamStatement(ctx, s, i)) },
    });
  }
  return policies;
}

/** One `iamRoleStatements` entry (or a list of statements at `at`) as IAM JSON (Effect defaults to Allow, directives resolved); shared with container roles and bucket policies. */
export function iamStatement(ctx: ResourceCompileContext, s: Record<string, unknown>, index: number, at: readonly string[] = ['iamRoleStatements']): Record<string, unknown> {
  const path = [...ctx.path, 'properties', ...at, index];
  const list = at[at.length - 1];
  for (const key of ['Action', 'Resource'] as const) {
    const v = s[key];
    if (v === undefined || (Array.isArray(v) && v.length === 0)) {
      throw new NxstackError('NXS_IAM_STATEMENT_INVALID', `${list}[${index}] of resource '${ctx.name}' has no ${key}.`, {
        location: ctx.locate(path),
        hint: `Add ${key}: a string or a list (e.g. ${key === 'Action' ? "['s3:GetObject']" : "['arn:aws:s3:::my-bucket/*']"}).`,
      });
    }
  }
  if (s.Sid !== undefined && (typeof s.Sid !== 'string' || !/^[A-Za-z0-9]*$/.test(s.Sid))) {
    throw new NxstackError('NXS_IAM_STATEMENT_INVALID', `${list}[${index}].Sid of resource '${ctx.name}' must be alphanumeric.`, {
      location: ctx.locate([...path, 'Sid']),
      hint: 'IAM accepts only A-Z, a-z and 0-9 in a Sid.',
    });
  }
  const out: Record<string, unknown> = {};
  if (s.Sid !== undefined) out.Sid = s.Sid;
  out.Effect = s.Effect ?? 'Allow';
  out.Action = ctx.resolve(s.Action, [...path, 'Action']);
  out.Resource = ctx.resolve(s.Resource, [...path, 'Resource']);
  if (s.Condition !== undefined) out.Condition = ctx.resolve(s.Condition, [...path, 'Condition']);
  return out;
}
