import { describe, expect, it } from 'vitest';
import { cfnLint } from '../../../../../tools/test-services/cfn-lint';
import { compileStack } from '../compile-stack';
import { computeArtifacts, computeConfig } from '../__fixtures__/compute-stack';
import { parsedFixtureStack } from '../__fixtures__/sample-stack';
import { RESOURCE_TYPE_DEFINITIONS, resourceTypeDefinition } from '@nxstack/core';
import { resourceTypeModule } from './registry';

describe('compute resource types: one sample stack with every type', () => {
  const { template, outputsByResource } = compileStack({ stack: parsedFixtureStack(computeConfig()), projectName: 'api', stage: 'dev', artifacts: computeArtifacts() });
  const r = template.Resources;
  const props = (id: string) => r[id].Properties as Record<string, any>;

  it('passes cfn-lint with no errors', async () => {
    expect(await cfnLint(template)).toBe('');
  });

  it('uses stable, readable logical ids', () => {
    const ids = Object.keys(r);
    expect(ids).toEqual(expect.arrayContaining([
      'ApiHttpApi', 'ApiHttpApiDefaultStage',
      'HelloFunction', 'HelloRole', 'HelloLogGroup', 'HelloFunctionUrl', 'HelloFunctionUrlPublicPermission',
      'HelloHttpApiIntegration1', 'HelloHttpApiRoute1', 'HelloHttpApiRoute2', 'HelloHttpApiAuthorizer2', 'HelloApiHttpApiPermission',
      'HelloScheduleRule1', 'HelloSchedulePermission1', 'HelloScheduleRule2',
      'ConsumerSqsEventSourceMapping1', 'ConsumerSnsSubscription1', 'ConsumerSnsPermission1', 'ConsumerS3Permission1', 'ConsumerSecurityGroup',
      'ImageFnFunction',
      'SharedVpc', 'SharedVpcPublicSubnet1', 'SharedVpcPublicSubnet2', 'SharedVpcInternetGateway', 'SharedEcsCluster',
      'WebTaskDefinition', 'WebService', 'WebExecutionRole', 'WebTaskRole', 'WebLogGroup', 'WebSecurityGroup', 'WebLoadBalancer', 'WebTargetGroup', 'WebListener', 'WebScalableTarget', 'WebCpuScalingPolicy',
      'InternalApiService', 'InternalApiDiscoveryService', 'SharedPrivateDnsNamespace',
      'WorkerService', 'WorkerTaskDefinition',
      'NightlyJobDefinition', 'NightlyStateMachine', 'NightlyStateMachineRole', 'SharedBatchJobQueue', 'SharedBatchComputeEnvironment',
    ]));
    // One VPC and one cluster however many resources need them.
    expect(ids.filter((id) => r[id].Type === 'AWS::EC2::VPC')).toEqual(['SharedVpc']);
    expect(ids.filter((id) => r[id].Type === 'AWS::ECS::Cluster')).toEqual(['SharedEcsCluster']);
  });

  it('function events: routes, schedule, sqs, sns, s3 and url', () => {
    expect(props('HelloHttpApiRoute1')).toMatchObject({ ApiId: { Ref: 'ApiHttpApi' }, RouteKey: 'GET /hello' });
    expect(props('HelloHttpApiRoute2')).toMatchObject({ RouteKey: 'ANY /hello/{id}', AuthorizationType: 'JWT', AuthorizerId: { Ref: 'HelloHttpApiAuthorizer2' } });
    expect(props('HelloHttpApiAuthorizer2').JwtConfiguration.Audience).toEqual([{ Ref: 'UsersUserPoolClient' }].map((x) => expect.objectContaining(x)));
    expect(props('ConsumerHttpApiRoute1')).toMatchObject({ RouteKey: 'POST /consume', AuthorizationType: 'CUSTOM' });
    expect(props('HelloHttpApiIntegration1')).toMatchObject({ IntegrationType: 'AWS_PROXY', PayloadFormatVersion: '1.0', IntegrationUri: { 'Fn::GetAtt': ['HelloFunction', 'Arn'] } });
    expect(props('HelloScheduleRule1')).toMatchObject({ ScheduleExpression: 'cron(0 12 ? * MON-FRI *)', Targets: [{ Input: '{"source":"cron"}' }] });
    expect(props('ConsumerSqsEventSourceMapping1')).toMatchObject({ BatchSize: 5, MaximumBatchingWindowInSeconds: 10, EventSourceArn: { 'Fn::GetAtt': ['JobsQueue', 'Arn'] } });
    expect(props('ConsumerSnsSubscription1')).toMatchObject({ Protocol: 'lambda', FilterPolicy: { severity: ['high'] } });
    expect(props('UploadsBucket').NotificationConfiguration.LambdaConfigurations).toEqual([
      { Event: 's3:ObjectCreated:*', Function: { 'Fn::GetAtt': ['ConsumerFunction', 'Arn'] }, Filter: { S3Key: { Rules: [{ Name: 'prefix', Value: 'in/' }, { Name: 'suffix', Value: '.csv' }] } } },
    ]);
    expect(r.UploadsBucket.DependsOn).toEqual(['ConsumerS3Permission1']);
    expect(props('HelloFunctionUrl')).toMatchObject({ AuthType: 'NONE', Cors: { AllowOrigins: ['*'] } });
    const consumerPolicies = props('ConsumerRole').Policies as Array<{ PolicyName: string; PolicyDocument: { Statement: unknown[] } }>;
    expect(consumerPolicies.find((p) => p.PolicyName === 'EventIntegrations')!.PolicyDocument.Statement).toEqual([
      { Effect: 'Allow', Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ChangeMessageVisibility'], Resource: { 'Fn::GetAtt': ['JobsQueue', 'Arn'] } },
    ]);
  });

  it('joinDefaultVpc, layers and image packaging on functions', () => {
    expect(props('ConsumerFunction')).toMatchObject({
      Layers: ['arn:aws:lambda:eu-west-1:123456789012:layer:tools:3'],
      VpcConfig: { SubnetIds: [{ Ref: 'SharedVpcPublicSubnet1' }, { Ref: 'SharedVpcPublicSubnet2' }], SecurityGroupIds: [{ 'Fn::GetAtt': ['ConsumerSecurityGroup', 'GroupId'] }] },
      Environment: { Variables: { INTERNAL_API: 'internalapi.nxstack.internal:80' } },
    });
    const image = props('ImageFnFunction');
    expect(image).toMatchObject({ PackageType: 'Image', Code: { ImageUri: `123456789012.dkr.ecr.eu-west-1.amazonaws.com/nxstack-api-dev@sha256:${'d'.repeat(64)}` }, MemorySize: 2048 });
    expect(image.Handler).toBeUndefined();
    expect(image.Runtime).toBeUndefined();
  });

  it('web-service: Fargate task behind an ALB, secrets as ECS secrets, scaling', () => {
    const td = props('WebTaskDefinition');
    expect(td).toMatchObject({ Cpu: '512', Memory: '1024', NetworkMode: 'awsvpc', RequiresCompatibilities: ['FARGATE'], Family: 'api-dev-web' });
    const c = td.ContainerDefinitions[0];
    expect(c.Image).toBe(`123456789012.dkr.ecr.eu-west-1.amazonaws.com/nxstack-api-dev@sha256:${'e'.repeat(64)}`);
    expect(c.PortMappings).toEqual([{ ContainerPort: 8080, Protocol: 'tcp' }]);
    expect(c.Environment).toContainEqual({ Name: 'PORT', Value: '8080' });
    expect(c.Environment.find((e: { Name: string }) => e.Name === 'API_URL').Value).toEqual({ 'Fn::Sub': 'https://${ApiHttpApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}' });
    expect(c.Secrets).toEqual([{ Name: 'DB_PASSWORD', ValueFrom: { 'Fn::Sub': 'arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:prod/db-password' } }]);
    expect(JSON.stringify(template)).not.toContain('resolve:secretsmanager:prod/db-password');
    expect(c.LogConfiguration.Options['awslogs-group']).toEqual({ Ref: 'WebLogGroup' });
    expect(props('WebTargetGroup')).toMatchObject({ TargetType: 'ip', Port: 8080, HealthCheckPath: '/health' });
    expect(props('WebService')).toMatchObject({ LaunchType: 'FARGATE', DesiredCount: 1, LoadBalancers: [{ ContainerName: 'web', ContainerPort: 8080, TargetGroupArn: { Ref: 'WebTargetGroup' } }] });
    expect(props('WebSecurityGroup').SecurityGroupIngress).toEqual([expect.objectContaining({ FromPort: 8080, SourceSecurityGroupId: { 'Fn::GetAtt': ['WebLoadBalancerSecurityGroup', 'GroupId'] } })]);
    expect(props('WebScalableTarget')).toMatchObject({ MinCapacity: 1, MaxCapacity: 4 });
    expect(template.Outputs!.WebUrl.Value).toEqual({ 'Fn::Join': ['', ['http://', { 'Fn::GetAtt': ['WebLoadBalancer', 'DNSName'] }]] });
  });

  it('web-service without loadBalancing: HTTP API → VPC link → Cloud Map SRV (Stacktape default)', () => {
    expect(props('SiteHttpApiIntegration')).toMatchObject({
      IntegrationType: 'HTTP_PROXY', ConnectionType: 'VPC_LINK', ConnectionId: { Ref: 'SiteVpcLink' }, IntegrationUri: { 'Fn::GetAtt': ['SiteDiscoveryService', 'Arn'] },
    });
    expect(props('SiteHttpApiRoute')).toMatchObject({ RouteKey: '$default', ApiId: { Ref: 'SiteHttpApi' } });
    expect(props('SiteDiscoveryService').DnsConfig.DnsRecords).toEqual([{ Type: 'SRV', TTL: 10 }]);
    expect(props('SiteService').ServiceRegistries).toEqual([{ RegistryArn: { 'Fn::GetAtt': ['SiteDiscoveryService', 'Arn'] }, ContainerName: 'site', ContainerPort: 80 }]);
    expect(props('SiteSecurityGroup').SecurityGroupIngress).toEqual([expect.objectContaining({ FromPort: 80, SourceSecurityGroupId: { 'Fn::GetAtt': ['SiteVpcLinkSecurityGroup', 'GroupId'] } })]);
    expect(r.SiteLoadBalancer).toBeUndefined();
    expect(template.Outputs!.SiteUrl.Value).toEqual({ 'Fn::Sub': 'https://${SiteHttpApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}' });
    expect(outputsByResource.site).toEqual({ url: 'SiteUrl' });
    expect(outputsByResource.web).toEqual({ url: 'WebUrl' });
  });

  it('private-service: Cloud Map DNS name, prebuilt image, ingress from the VPC only', () => {
    expect(props('InternalApiTaskDefinition').ContainerDefinitions[0]).toMatchObject({ Image: 'public.ecr.aws/nginx/nginx:1.27', Command: ['nginx', '-g', 'daemon off;'] });
    expect(props('InternalApiDiscoveryService')).toMatchObject({ Name: 'internalapi', DnsConfig: { DnsRecords: [{ Type: 'A', TTL: 10 }] } });
    expect(props('InternalApiService').ServiceRegistries).toEqual([{ RegistryArn: { 'Fn::GetAtt': ['InternalApiDiscoveryService', 'Arn'] } }]);
    expect(props('InternalApiSecurityGroup').SecurityGroupIngress).toEqual([expect.objectContaining({ FromPort: 80, CidrIp: { 'Fn::GetAtt': ['SharedVpc', 'CidrBlock'] } })]);
    expect(outputsByResource.internalApi).toEqual({ address: 'InternalApiAddress' });
    expect(template.Outputs!.InternalApiAddress.Value).toBe('internalapi.nxstack.internal:80');
  });

  it('worker-service: no ingress, task role with connectTo and iamRoleStatements', () => {
    expect(props('WorkerSecurityGroup').SecurityGroupIngress).toEqual([]);
    const policies = props('WorkerTaskRole').Policies as Array<{ PolicyName: string; PolicyDocument: { Statement: unknown[] } }>;
    expect(policies.map((p) => p.PolicyName)).toEqual(['ConnectTo', 'IamRoleStatements']);
    expect(policies[1].PolicyDocument.Statement).toEqual([{ Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: [{ 'Fn::GetAtt': ['JobsQueue', 'Arn'] }] }]);
    const env = Object.fromEntries((props('WorkerTaskDefinition').ContainerDefinitions[0].Environment as Array<{ Name: string; Value: unknown }>).map((e) => [e.Name, e.Value]));
    expect(env).toMatchObject({
      STP_NIGHTLY_JOB_DEFINITION_ARN: { Ref: 'NightlyJobDefinition' },
      STP_NIGHTLY_STATE_MACHINE_ARN: { Ref: 'NightlyStateMachine' },
      STP_INTERNAL_API_ADDRESS: 'internalapi.nxstack.internal:80',
      STP_HELLO_ARN: { 'Fn::GetAtt': ['HelloFunction', 'Arn'] },
    });
    expect(Object.keys(env)).toEqual(expect.arrayContaining(['STP_UPLOADS_NAME', 'STP_UPLOADS_ARN']));
    expect(props('WorkerTaskDefinition')).toMatchObject({ Cpu: '1024', Memory: '2048' });
  });

  it('batch-job: Fargate job definition on the shared queue, state machine with retries', () => {
    // connectTo private-service from a batch job: ingress into the service from the batch security group.
    const ingress = Object.values(r).filter((x) => x.Type === 'AWS::EC2::SecurityGroupIngress').map((x) => x.Properties);
    expect(ingress).toEqual(expect.arrayContaining([expect.objectContaining({ GroupId: { 'Fn::GetAtt': ['InternalApiSecurityGroup', 'GroupId'] }, SourceSecurityGroupId: { 'Fn::GetAtt': ['SharedBatchSecurityGroup', 'GroupId'] } })]));
    expect(props('NightlyJobDefinition')).toMatchObject({
      PlatformCapabilities: ['FARGATE'],
      Timeout: { AttemptDurationSeconds: 3600 },
      ContainerProperties: { ResourceRequirements: [{ Type: 'VCPU', Value: '1' }, { Type: 'MEMORY', Value: '2048' }] },
    });
    const env = props('NightlyJobDefinition').ContainerProperties.Environment as Array<{ Name: string; Value: unknown }>;
    expect(env.map((e) => e.Name).sort()).toEqual(['MODE', 'STP_INTERNAL_API_ADDRESS', 'STP_JOBS_ARN', 'STP_JOBS_NAME', 'STP_JOBS_URL']);
    expect(env).toContainEqual({ Name: 'MODE', Value: 'full' });
    expect(env).toContainEqual({ Name: 'STP_INTERNAL_API_ADDRESS', Value: 'internalapi.nxstack.internal:80' });
    const sm = props('NightlyStateMachine');
    const [text, variables] = sm.DefinitionString['Fn::Sub'];
    expect(JSON.parse(text).States.SubmitJob).toEqual({
      Type: 'Task',
      Resource: 'arn:aws:states:::batch:submitJob.sync',
      Parameters: {
        JobName: 'nightly',
        JobDefinition: '${JobDefinitionArn}',
        JobQueue: '${JobQueueArn}',
        ContainerOverrides: { Environment: [{ Name: 'STP_TRIGGER_EVENT_DATA', 'Value.$': 'States.JsonToString($)' }] },
      },
      Retry: [{ ErrorEquals: ['States.ALL'], MaxAttempts: 3, IntervalSeconds: 30, BackoffRate: 2 }],
      End: true,
    });
    expect(variables).toEqual({ JobDefinitionArn: { Ref: 'NightlyJobDefinition' }, JobQueueArn: { Ref: 'SharedBatchJobQueue' } });
    expect(outputsByResource.nightly).toEqual({ jobDefinitionArn: 'NightlyJobDefinitionArn', stateMachineArn: 'NightlyStateMachineArn' });
  });

  it('http-api-gateway: $default stage auto-deploys, cors, url output', () => {
    expect(props('ApiHttpApiDefaultStage')).toEqual({ ApiId: { Ref: 'ApiHttpApi' }, StageName: '$default', AutoDeploy: true });
    expect(props('ApiHttpApi')).toMatchObject({ ProtocolType: 'HTTP', CorsConfiguration: { AllowOrigins: ['https://example.com'] } });
    expect(outputsByResource.api).toEqual({ url: 'ApiUrl' });
  });

  it('is byte-identical when compiled again', () => {
    const again = compileStack({ stack: parsedFixtureStack(computeConfig()), projectName: 'api', stage: 'dev', artifacts: computeArtifacts() });
    expect(JSON.stringify(again.template)).toBe(JSON.stringify(template));
  });
});

describe('params tables', () => {
  it.each(RESOURCE_TYPE_DEFINITIONS.map((d) => d.type))('%s: the compiler resolves exactly the params the core model declares', (type) => {
    expect(Object.keys(resourceTypeModule(type)!.params).sort()).toEqual([...resourceTypeDefinition(type)!.params].sort());
    // A type that takes any param name (a custom resource's Data) does so in both.
    expect(resourceTypeModule(type)!.anyParam !== undefined).toBe(resourceTypeDefinition(type)!.anyParam !== undefined);
  });
});
