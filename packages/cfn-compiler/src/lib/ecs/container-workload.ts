import { NxstackError } from '@nxstack/core';
import { compileWorkloadConnections } from '../connections/workload-connections';
import { iamStatement } from '../lambda/lambda-resources';
import { logRetentionDays } from '../lambda/log-retention';
import { logicalId } from '../logical-ids';
import { getAtt, ref, type ResourceCompileContext } from '../resource-types/resource-type';
import { ensureSharedVpc } from '../vpc/shared-vpc';
import { containerEnvironment, type ContainerEnvironment } from './container-environment';
import { containerImage, type ContainerImage } from './container-image';
import { serviceConnectClient } from './container-service-connect';
import { compileContainerVolumes, serviceMountSet, type ContainerVolumes } from './container-volumes';
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
  /** ECS Service Connect (multi-container workloads' `service-connect` events). */
  readonly serviceConnect?: Record<string, unknown>;
}

const TRUST_ECS_TASKS = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};

/** The role ECS uses to pull the image, write logs and read `$Secret`s; and the role the app runs as. */
export function compileTaskRoles(ctx: ResourceCompileContext, secretArns: readonly unknown[], credentialsSecretArns: readonly string[] = [], connectToStatements: readonly unknown[] = []): void {
  const ids = workloadIds(ctx.name);
  const readSecrets = [...secretArns, ...credentialsSecretArns];
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

/** One container of a task definition, with the secrets its execution role must read. */
export interface TaskContainer {
  readonly definition: Record<string, unknown>;
  readonly secretArns: readonly unknown[];
  /** Secret holding a private registry's credentials (prebuilt images). */
  readonly credentialsSecretArn?: string;
}

export interface ContainerSpec {
  readonly name: string;
  readonly image: ContainerImage;
  readonly env: ContainerEnvironment;
  readonly ports: readonly number[];
  /** Log group logical id; undefined = logging disabled. */
  readonly logGroup?: string;
}

/** A container definition: image, environment and secrets, ports, awslogs into its log group. */
export function containerDefinition(ctx: ResourceCompileContext, spec: ContainerSpec): TaskContainer {
  const { image, env } = spec;
  const container: Record<string, unknown> = { Name: spec.name, Image: image.image, Essential: true, Environment: env.environment };
  if (spec.logGroup) container.LogConfiguration = { LogDriver: 'awslogs', Options: { 'awslogs-group': ref(spec.logGroup), 'awslogs-region': ref('AWS::Region'), 'awslogs-stream-prefix': spec.name } };
  if (env.secrets.length) container.Secrets = env.secrets;
  if (spec.ports.length) container.PortMappings = spec.ports.map((p) => ({ ContainerPort: p, Protocol: 'tcp' }));
  if (image.command) container.Command = image.command;
  if (image.entryPoint) container.EntryPoint = image.entryPoint;
  if (image.repositoryCredentialsSecretArn) container.RepositoryCredentials = { CredentialsParameter: image.repositoryCredentialsSecretArn };
  return { definition: container, secretArns: env.secretArns, credentialsSecretArn: image.repositoryCredentialsSecretArn };
}

/** `/nxstack/ecs/<project>-<stage>-<resource>[/<container>]` with the resource's (or container's) retention. */
export function compileLogGroup(ctx: ResourceCompileContext, id: string, container?: string, retentionDays = logRetentionDays(ctx)): void {
  const family = `${ctx.projectName}-${ctx.stage}-${ctx.name}`;
  ctx.builder.addResource(id, {
    Type: 'AWS::Logs::LogGroup',
    DeletionPolicy: 'Delete',
    UpdateReplacePolicy: 'Delete',
    Properties: { LogGroupName: `/nxstack/ecs/${family}${container ? `/${container}` : ''}`, RetentionInDays: retentionDays },
  }, ctx.origin);
}

/**
 * A single-container service (web / private / worker): log group, the container (named after the
 * resource, PORT set to its port) and the task and service around it.
 */
export function compileContainerWorkload(ctx: ResourceCompileContext, network: WorkloadNetwork): void {
  const ids = workloadIds(ctx.name);
  // connectTo: role statements, STP_* variables, SG ingress into targets from this service's SG.
  const connections = compileWorkloadConnections(ctx, { securityGroupId: ids.securityGroup });
  const env = containerEnvironment(ctx, ['environment'], network.port ? { PORT: String(network.port) } : {}, connections.environment);
  compileLogGroup(ctx, ids.logGroup);
  const container = containerDefinition(ctx, { name: ctx.name, image: containerImage(ctx, ['packaging']), env, ports: network.port ? [network.port] : [], logGroup: ids.logGroup });
  const volumes = compileContainerVolumes(ctx, [serviceMountSet(ctx)]);
  if (volumes.mountPoints[0]!.length) container.definition.MountPoints = volumes.mountPoints[0];
  compileWorkloadTask(ctx, network, [container], [...connections.policyStatements, ...volumes.statements], volumes);
}

/**
 * Roles, Fargate task definition, security group and ECS service in the shared VPC's public
 * subnets (public IP so the images can be pulled without a NAT gateway; the security group
 * admits only what `network.ingress` lists), and scaling.
 */
export function compileWorkloadTask(ctx: ResourceCompileContext, network: WorkloadNetwork, containers: readonly TaskContainer[], connectToStatements: readonly unknown[], volumes?: ContainerVolumes): void {
  const ids = workloadIds(ctx.name);
  const size = fargateSize(ctx);
  const scaling = scalingOf(ctx);
  const vpc = ensureSharedVpc(ctx.builder);
  const cluster = ensureEcsCluster(ctx.builder);
  const family = `${ctx.projectName}-${ctx.stage}-${ctx.name}`;
  compileTaskRoles(ctx, containers.flatMap((c) => c.secretArns), containers.flatMap((c) => (c.credentialsSecretArn ? [c.credentialsSecretArn] : [])), connectToStatements);

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
      ContainerDefinitions: containers.map((c) => c.definition),
      ...(volumes?.volumes.length ? { Volumes: volumes.volumes } : {}),
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
  if (network.loadBalancers?.length) service.LoadBalancers = network.loadBalancers;
  if (network.serviceRegistries?.length) service.ServiceRegistries = network.serviceRegistries;
  // Offering ports (multi-container service-connect events), or a client of the stack's aliases.
  const serviceConnect = network.serviceConnect ?? serviceConnectClient(ctx);
  if (serviceConnect) service.ServiceConnectConfiguration = serviceConnect;
  ctx.builder.addResource(ids.service, {
    Type: 'AWS::ECS::Service',
    DependsOn: [...vpc.internetRouteIds, ...(network.dependsOn ?? []), ...(volumes?.dependsOn ?? [])],
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
