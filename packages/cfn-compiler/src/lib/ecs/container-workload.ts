import { NxstackError } from '@nxstack/core';
import { compileWorkloadConnections } from '../connections/workload-connections';
import { iamStatement } from '../lambda/lambda-resources';
import { logRetentionDays } from '../lambda/log-retention';
import { logicalId } from '../logical-ids';
import { getAtt, ref, type ResourceCompileContext } from '../resource-types/resource-type';
import { ensureSharedVpc } from '../vpc/shared-vpc';
import { containerEnvironment } from './container-environment';
import { containerImage } from './container-image';
import { compileContainerVolumes } from './container-volumes';
import { fargateSize } from './fargate-resources';
import { ensureEcsCluster } from './shared-ecs';

/** Logical ids shared by every ECS workload type. */
export function workloadIds(name: string) {
  return {
    logGroup: logicalId(name, 'LogGroup'),
    executionRole: logicalId(name, 'ExecutionRole'),
    taskRole: logicalId(name, 'TaskRole'),
    taskDefinition: logicalId(name, 'TaskDefinition'),
    securityGroup: logicalId(name, 'SecurityGroup'),
    service: logicalId(name, 'Service'),
    scalableTarget: logicalId(name, 'ScalableTarget'),
    cpuScaling: logicalId(name, 'CpuScalingPolicy'),
    memoryScaling: logicalId(name, 'MemoryScalingPolicy'),
  };
}

export interface WorkloadNetwork {
  /** Container port, published in the task definition and opened in the security group. */
  readonly port?: number;
  /** Security group ingress rules (beyond none). */
  readonly ingress?: unknown[];
  readonly loadBalancers?: unknown[];
  readonly serviceRegistries?: unknown[];
  readonly dependsOn?: string[];
}

const TRUST_ECS_TASKS = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};

/** The role ECS uses to pull the image, write logs and read `$Secret`s; and the role the app runs as. */
export function compileTaskRoles(ctx: ResourceCompileContext, secretArns: unknown[], credentialsSecretArn?: string, connectToStatements: readonly unknown[] = []): void {
  const ids = workloadIds(ctx.name);
  const readSecrets = [...secretArns, ...(credentialsSecretArn ? [credentialsSecretArn] : [])];
  ctx.builder.addResource(ids.executionRole, {
    Type: 'AWS::IAM::Role',
    Properties: {
      AssumeRolePolicyDocument: TRUST_ECS_TASKS,
      ManagedPolicyArns: [{ 'Fn::Sub': 'arn:${AWS::Partition}:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy' }],
      ...(readSecrets.length
        ? { Policies: [{ PolicyName: 'ReadSecrets', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: readSecrets.map(withSuffixWildcard) }] } }] }
        : {}),
    },
  }, ctx.origin);
  const statements = (ctx.properties.iamRoleStatements ?? []) as Array<Record<string, unknown>>;
  const policies: unknown[] = [];
  if (connectToStatements.length) policies.push({ PolicyName: 'ConnectTo', PolicyDocument: { Version: '2012-10-17', Statement: [...connectToStatements] } });
  if (statements.length) policies.push({ PolicyName: 'IamRoleStatements', PolicyDocument: { Version: '2012-10-17', Statement: statements.map((s, i) => iamStatement(ctx, s, i)) } });
  ctx.builder.addResource(ids.taskRole, {
    Type: 'AWS::IAM::Role',
    Properties: { AssumeRolePolicyDocument: TRUST_ECS_TASKS, ...(policies.length ? { Policies: policies } : {}) },
  }, ctx.origin);
}

/** Secrets Manager adds a random suffix to secret ARNs; a name-based ARN needs `-??????` to match. */
function withSuffixWildcard(arn: unknown): unknown {
  if (typeof arn === 'string') return arn;
  const text = (arn as { 'Fn::Sub': string })['Fn::Sub'];
  return { 'Fn::Sub': `${text}-??????` };
}

/**
 * Log group, roles, Fargate task definition (one container named after the resource), security
 * group and ECS service in the shared VPC's public subnets (public IP so the image can be pulled
 * without a NAT gateway; the security group admits only what `network.ingress` lists).
 */
export function compileContainerWorkload(ctx: ResourceCompileContext, network: WorkloadNetwork): void {
  const ids = workloadIds(ctx.name);
  const size = fargateSize(ctx);
  const scaling = scalingOf(ctx);
  const vpc = ensureSharedVpc(ctx.builder);
  const cluster = ensureEcsCluster(ctx.builder);
  const image = containerImage(ctx, ['packaging']);
  // connectTo: role statements, STP_* variables, SG ingress into targets from this service's SG.
  const connections = compileWorkloadConnections(ctx, { securityGroupId: ids.securityGroup });
  const env = containerEnvironment(ctx, ['environment'], network.port ? { PORT: String(network.port) } : {}, connections.environment);
  const family = `${ctx.projectName}-${ctx.stage}-${ctx.name}`;

  ctx.builder.addResource(ids.logGroup, {
    Type: 'AWS::Logs::LogGroup',
    DeletionPolicy: 'Delete',
    UpdateReplacePolicy: 'Delete',
    Properties: { LogGroupName: `/nxstack/ecs/${family}`, RetentionInDays: logRetentionDays(ctx) },
  }, ctx.origin);
  const volumes = compileContainerVolumes(ctx);
  compileTaskRoles(ctx, env.secretArns, image.repositoryCredentialsSecretArn, [...connections.policyStatements, ...volumes.statements]);

  const container: Record<string, unknown> = {
    Name: ctx.name,
    Image: image.image,
    Essential: true,
    Environment: env.environment,
    LogConfiguration: { LogDriver: 'awslogs', Options: { 'awslogs-group': ref(ids.logGroup), 'awslogs-region': ref('AWS::Region'), 'awslogs-stream-prefix': ctx.name } },
  };
  if (env.secrets.length) container.Secrets = env.secrets;
  if (network.port) container.PortMappings = [{ ContainerPort: network.port, Protocol: 'tcp' }];
  if (image.command) container.Command = image.command;
  if (image.entryPoint) container.EntryPoint = image.entryPoint;
  if (image.repositoryCredentialsSecretArn) container.RepositoryCredentials = { CredentialsParameter: image.repositoryCredentialsSecretArn };
  if (volumes.mountPoints.length) container.MountPoints = volumes.mountPoints;
  ctx.builder.addResource(ids.taskDefinition, {
    Type: 'AWS::ECS::TaskDefinition',
    Properties: {
      Family: family,
      Cpu: String(size.cpu),
      Memory: String(size.memory),
      NetworkMode: 'awsvpc',
      RequiresCompatibilities: ['FARGATE'],
      ExecutionRoleArn: getAtt(ids.executionRole, 'Arn'),
      TaskRoleArn: getAtt(ids.taskRole, 'Arn'),
      RuntimePlatform: { CpuArchitecture: 'X86_64', OperatingSystemFamily: 'LINUX' },
      ContainerDefinitions: [container],
      ...(volumes.volumes.length ? { Volumes: volumes.volumes } : {}),
    },
  }, ctx.origin);

  ctx.builder.addResource(ids.securityGroup, {
    Type: 'AWS::EC2::SecurityGroup',
    Properties: {
      GroupDescription: `ECS ${ctx.config.type} ${ctx.name}`,
      VpcId: vpc.vpcId,
      SecurityGroupIngress: network.ingress ?? [],
      SecurityGroupEgress: [{ IpProtocol: '-1', CidrIp: '0.0.0.0/0', Description: 'all outbound' }],
    },
  }, ctx.origin);

  const service: Record<string, unknown> = {
    Cluster: cluster,
    ServiceName: ctx.name,
    TaskDefinition: ref(ids.taskDefinition),
    LaunchType: 'FARGATE',
    DesiredCount: scaling.min,
    NetworkConfiguration: { AwsvpcConfiguration: { AssignPublicIp: 'ENABLED', Subnets: vpc.publicSubnetIds, SecurityGroups: [getAtt(ids.securityGroup, 'GroupId')] } },
    DeploymentConfiguration: { MinimumHealthyPercent: 100, MaximumPercent: 200, DeploymentCircuitBreaker: { Enable: true, Rollback: true } },
  };
  if (network.loadBalancers) service.LoadBalancers = network.loadBalancers;
  if (network.serviceRegistries) service.ServiceRegistries = network.serviceRegistries;
  ctx.builder.addResource(ids.service, {
    Type: 'AWS::ECS::Service',
    DependsOn: [...vpc.internetRouteIds, ...(network.dependsOn ?? []), ...volumes.dependsOn],
    Properties: service,
  }, ctx.origin);
  if (scaling.max > scaling.min) compileScaling(ctx, cluster, scaling);
}

interface Scaling {
  min: number;
  max: number;
  cpuTarget?: number;
  memoryTarget?: number;
}

function scalingOf(ctx: ResourceCompileContext): Scaling {
  const s = (ctx.properties.scaling ?? {}) as { minInstances?: number; maxInstances?: number; scalingPolicy?: { keepAvgCpuUtilizationUnder?: number; keepAvgMemoryUtilizationUnder?: number } };
  const min = s.minInstances ?? 1;
  const max = s.maxInstances ?? Math.max(1, min);
  if (max < min) {
    throw new NxstackError('NXS_SCALING_INVALID', `scaling.maxInstances (${max}) of '${ctx.name}' is below minInstances (${min}).`, {
      location: ctx.locate([...ctx.path, 'properties', 'scaling', 'maxInstances']),
      hint: `Set maxInstances to at least ${min}.`,
    });
  }
  return { min, max, cpuTarget: s.scalingPolicy?.keepAvgCpuUtilizationUnder, memoryTarget: s.scalingPolicy?.keepAvgMemoryUtilizationUnder };
}

/** Target tracking on average CPU (default 80 %) and, when asked, memory, between min and max tasks. */
function compileScaling(ctx: ResourceCompileContext, cluster: { Ref: string }, s: Scaling): void {
  const ids = workloadIds(ctx.name);
  ctx.builder.addResource(ids.scalableTarget, {
    Type: 'AWS::ApplicationAutoScaling::ScalableTarget',
    Properties: {
      MinCapacity: s.min,
      MaxCapacity: s.max,
      ResourceId: { 'Fn::Join': ['/', ['service', cluster, getAtt(ids.service, 'Name')]] },
      ScalableDimension: 'ecs:service:DesiredCount',
      ServiceNamespace: 'ecs',
    },
  }, ctx.origin);
  const policy = (id: string, metric: string, target: number) => ctx.builder.addResource(id, {
    Type: 'AWS::ApplicationAutoScaling::ScalingPolicy',
    Properties: {
      PolicyName: id,
      PolicyType: 'TargetTrackingScaling',
      ScalingTargetId: ref(ids.scalableTarget),
      TargetTrackingScalingPolicyConfiguration: { TargetValue: target, PredefinedMetricSpecification: { PredefinedMetricType: metric } },
    },
  }, ctx.origin);
  policy(ids.cpuScaling, 'ECSServiceAverageCPUUtilization', s.cpuTarget ?? 80);
  if (s.memoryTarget) policy(ids.memoryScaling, 'ECSServiceAverageMemoryUtilization', s.memoryTarget);
}
