// Compute templates deployed to moto's CloudFormation, then checked through each service's API.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApiGatewayV2Client, CreateApiCommand, CreateIntegrationCommand, CreateRouteCommand, CreateStageCommand, GetIntegrationsCommand, GetRoutesCommand, GetStagesCommand } from '@aws-sdk/client-apigatewayv2';
import { EventBridgeClient, ListTargetsByRuleCommand, DescribeRuleCommand } from '@aws-sdk/client-eventbridge';
import { GetFunctionCommand, GetFunctionConfigurationCommand, LambdaClient, ListEventSourceMappingsCommand } from '@aws-sdk/client-lambda';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { BatchClient, DescribeJobDefinitionsCommand, DescribeJobQueuesCommand } from '@aws-sdk/client-batch';
import { DescribeServicesCommand, DescribeTaskDefinitionCommand, ECSClient } from '@aws-sdk/client-ecs';
import { DescribeListenersCommand, DescribeLoadBalancersCommand, DescribeTargetGroupsCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { DescribeStateMachineCommand, SFNClient } from '@aws-sdk/client-sfn';
import { sha256File, writeZip } from '@nxstack/core';
import { cfnLint } from '../../../../tools/test-services/cfn-lint';
import { compileStack } from './compile-stack';
import { clientConfig, deployToMoto } from './__fixtures__/moto-stack';
import { artifact, parsedFixtureStack, manifest } from './__fixtures__/sample-stack';
import { imageArtifact } from './__fixtures__/compute-stack';
import type { StackYamlData } from './__fixtures__/sample-stack';

async function uploadZip(bucket: string, resources: string[]) {
  const s3 = new S3Client({ ...clientConfig(), forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const zipFile = join(mkdtempSync(join(tmpdir(), 'nxstack-compute-')), 'fn.zip');
  await writeZip([{ path: 'index.js', content: 'exports.handler = async () => ({ statusCode: 200, body: "ok" });\n' }], zipFile);
  const sha256 = await sha256File(zipFile);
  const artifacts = Object.fromEntries(resources.map((r) => [r, artifact('api', manifest(r, { sha256 }), bucket)]));
  for (const a of Object.values(artifacts)) await s3.send(new PutObjectCommand({ Bucket: a.location.bucket, Key: a.location.key, Body: readFileSync(zipFile) }));
  return artifacts;
}

describe('compute types on moto CloudFormation', () => {
  it('functions with http-api, schedule and sqs events, a VPC function and an image function', async () => {
    const stage = `c${Date.now().toString(36)}`;
    const config: StackYamlData = {
      resources: {
        api: { type: 'http-api-gateway', properties: { cors: { enabled: true } } },
        jobs: { type: 'sqs-queue', properties: {} },
        hello: {
          type: 'function',
          properties: {
            packaging: { type: 'stacktape-lambda-buildpack', properties: { entryfilePath: 'src/hello.ts' } },
            environment: [{ name: 'API_URL', value: { $directive: 'ResourceParam', resource: 'api', param: 'url' } }],
            events: [
              { type: 'http-api-gateway', properties: { httpApiGatewayName: 'api', path: '/hello', method: 'GET' } },
              { type: 'http-api-gateway', properties: { httpApiGatewayName: 'api', path: '/hello/{id}', method: 'POST', payloadFormat: '2.0' } },
              { type: 'schedule', properties: { scheduleRate: 'rate(5 minutes)', input: { from: 'schedule' } } },
              { type: 'sqs', properties: { sqsQueueName: 'jobs', batchSize: 7 } },
            ],
          },
        },
        inVpc: { type: 'function', properties: { packaging: { type: 'stacktape-lambda-buildpack', properties: { entryfilePath: 'src/vpc.ts' } }, joinDefaultVpc: true } },
        imageFn: { type: 'function', properties: { packaging: { type: 'custom-dockerfile', properties: { buildContextPath: 'docker' } }, memory: 512 } },
      },
    };
    const artifacts = { ...(await uploadZip(`nxstack-compute-${stage}`, ['hello', 'inVpc'])), imageFn: imageArtifact('imageFn') };
    const { template } = compileStack({ stack: parsedFixtureStack(config), projectName: 'api', stage, artifacts });
    expect(await cfnLint(template)).toBe('');

    const deployed = await deployToMoto(`api-${stage}`, template);
    expect(deployed.reasons).toEqual([]);
    expect(deployed.status).toBe('CREATE_COMPLETE');
    const { physical } = deployed;
    // moto's CloudFormation creates Lambda, IAM, SQS and Events resources but skips
    // AWS::ApiGatewayV2 stages, integrations and routes and AWS::Lambda::Permission (not
    // implemented there; the test moto adds the API itself, tools/services/moto_domains.py); the
    // API part is checked below by replaying the compiled API/integration/route properties on moto's API.
    const skipped = Object.keys(template.Resources).filter((id) => !physical[id]);
    expect(skipped.every((id) => /^(Api|HelloHttpApi|HelloApiHttpApi|HelloSchedulePermission)/.test(id))).toBe(true);
    expect(physical).toHaveProperty('HelloSqsEventSourceMapping1');
    expect(physical).toHaveProperty('HelloScheduleRule1');
    const lambda = new LambdaClient(clientConfig());
    const fn = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: `api-${stage}-hello` }));
    const image = await lambda.send(new GetFunctionCommand({ FunctionName: `api-${stage}-imageFn` }));
    // moto reports PackageType Zip for a CloudFormation-created image function, but keeps the image URI.
    expect(image.Code).toMatchObject({ RepositoryType: 'ECR', ImageUri: imageArtifact('imageFn').location.imageUri });
    expect(image.Configuration?.MemorySize).toBe(512);
    const inVpc = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: `api-${stage}-inVpc` }));
    expect(inVpc.VpcConfig).toMatchObject({ SubnetIds: [physical.SharedVpcPublicSubnet1, physical.SharedVpcPublicSubnet2], SecurityGroupIds: [physical.InVpcSecurityGroup] });
    const { EventSourceMappings: all = [] } = await lambda.send(new ListEventSourceMappingsCommand({}));
    const EventSourceMappings = all.filter((m) => m.UUID === physical.HelloSqsEventSourceMapping1);
    expect(EventSourceMappings).toHaveLength(1);
    expect(EventSourceMappings[0].FunctionArn).toBe(fn.FunctionArn);
    expect(EventSourceMappings[0]).toMatchObject({ BatchSize: 7 });
    expect(EventSourceMappings[0].EventSourceArn).toMatch(/:sqs:us-east-1:\d+:/);

    const events = new EventBridgeClient(clientConfig());
    const ruleName = physical.HelloScheduleRule1;
    const rule = await events.send(new DescribeRuleCommand({ Name: ruleName }));
    expect(rule.ScheduleExpression).toBe('rate(5 minutes)');
    const { Targets = [] } = await events.send(new ListTargetsByRuleCommand({ Rule: ruleName }));
    expect(Targets).toEqual([expect.objectContaining({ Arn: fn.FunctionArn, Input: '{"from":"schedule"}' })]);

    // The HTTP API as compiled, created through moto's ApiGatewayV2 API with the template's values.
    const apigw = new ApiGatewayV2Client(clientConfig());
    const p = (id: string) => template.Resources[id].Properties as Record<string, any>;
    const api = await apigw.send(new CreateApiCommand({ Name: p('ApiHttpApi').Name, ProtocolType: p('ApiHttpApi').ProtocolType, CorsConfiguration: p('ApiHttpApi').CorsConfiguration }));
    for (const n of [1, 2]) {
      const integration = await apigw.send(new CreateIntegrationCommand({ ApiId: api.ApiId, IntegrationType: p(`HelloHttpApiIntegration${n}`).IntegrationType, IntegrationUri: fn.FunctionArn, PayloadFormatVersion: p(`HelloHttpApiIntegration${n}`).PayloadFormatVersion }));
      await apigw.send(new CreateRouteCommand({ ApiId: api.ApiId, RouteKey: p(`HelloHttpApiRoute${n}`).RouteKey, Target: `integrations/${integration.IntegrationId}` }));
    }
    await apigw.send(new CreateStageCommand({ ApiId: api.ApiId, StageName: p('ApiHttpApiDefaultStage').StageName, AutoDeploy: p('ApiHttpApiDefaultStage').AutoDeploy }));
    const { Items: routes = [] } = await apigw.send(new GetRoutesCommand({ ApiId: api.ApiId }));
    expect(routes.map((r) => r.RouteKey).sort()).toEqual(['GET /hello', 'POST /hello/{id}']);
    const { Items: integrations = [] } = await apigw.send(new GetIntegrationsCommand({ ApiId: api.ApiId }));
    expect(integrations.map((i) => [i.IntegrationType, i.PayloadFormatVersion, i.IntegrationUri]).sort()).toEqual([['AWS_PROXY', '1.0', fn.FunctionArn], ['AWS_PROXY', '2.0', fn.FunctionArn]]);
    for (const route of routes) expect(integrations.map((i) => `integrations/${i.IntegrationId}`)).toContain(route.Target);
    const { Items: stages = [] } = await apigw.send(new GetStagesCommand({ ApiId: api.ApiId }));
    expect(stages.map((s) => [s.StageName, s.AutoDeploy])).toEqual([['$default', true]]);
    expect(api.CorsConfiguration?.AllowOrigins).toEqual(['*']);
  });
});

describe('container workloads on moto CloudFormation', () => {
  // private-service and the HTTP API front of web-service are left out: moto's CloudFormation has
  // no AWS::ServiceDiscovery::Service (and fails the GetAtt on it); their templates are covered by
  // cfn-lint and assertions in compute-types.test.ts.
  it('creates the shared VPC, cluster, web/worker services, load balancer and batch job; checked through each API', async () => {
    const stage = `s${Date.now().toString(36)}`;
    const prebuilt = (image: string) => ({ type: 'prebuilt-image', properties: { image } });
    const config: StackYamlData = {
      resources: {
        web: { type: 'web-service', properties: { packaging: prebuilt('nginx:1.27'), resources: { cpu: 0.25, memory: 512 }, port: 80, scaling: { minInstances: 1, maxInstances: 3 }, environment: [{ name: 'MODE', value: 'web' }], loadBalancing: { type: 'application-load-balancer' } } },
        worker: { type: 'worker-service', properties: { packaging: prebuilt('busybox:1.36'), resources: { cpu: 1, memory: 2048 } } },
        nightly: { type: 'batch-job', properties: { container: { packaging: prebuilt('busybox:1.36') }, resources: { cpu: 0.25, memory: 512 }, retryConfig: { attempts: 2 } } },
      },
    };
    const { template } = compileStack({ stack: parsedFixtureStack(config), projectName: 'api', stage, artifacts: {} });
    expect(await cfnLint(template)).toBe('');
    const deployed = await deployToMoto(`api-${stage}`, template);
    expect(deployed.reasons).toEqual([]);
    expect(deployed.status).toBe('CREATE_COMPLETE');
    const { physical } = deployed;
    // moto's CloudFormation skips ApplicationAutoScaling (WebScalableTarget / WebCpuScalingPolicy);
    // everything else of these three workloads is created.
    const skipped = Object.keys(template.Resources).filter((id) => !physical[id]);
    expect(skipped.sort()).toEqual(['WebCpuScalingPolicy', 'WebScalableTarget']);

    const ecs = new ECSClient(clientConfig());
    const cluster = physical.SharedEcsCluster;
    const { services = [] } = await ecs.send(new DescribeServicesCommand({ cluster, services: ['web', 'worker'] }));
    // moto's CloudFormation keeps only name, cluster, task definition and count of a service (it
    // drops LaunchType, LoadBalancers and NetworkConfiguration); those are asserted on the template
    // in compute-types.test.ts.
    expect(services.map((s) => [s.serviceName, s.desiredCount, s.taskDefinition])).toEqual([['web', 1, physical.WebTaskDefinition], ['worker', 1, physical.WorkerTaskDefinition]]);
    const { taskDefinition } = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: physical.WebTaskDefinition }));
    // (moto keeps memory but drops Cpu, NetworkMode and RequiresCompatibilities.)
    expect(taskDefinition).toMatchObject({ family: `api-${stage}-web`, memory: '512' });
    expect(taskDefinition!.containerDefinitions![0]).toMatchObject({ name: 'web', image: 'nginx:1.27', portMappings: [expect.objectContaining({ containerPort: 80 })] });
    expect(taskDefinition!.containerDefinitions![0].environment).toEqual(expect.arrayContaining([{ name: 'PORT', value: '80' }, { name: 'MODE', value: 'web' }]));
    expect(taskDefinition!.containerDefinitions![0].logConfiguration?.options?.['awslogs-group']).toBe(physical.WebLogGroup);

    const elb = new ElasticLoadBalancingV2Client(clientConfig());
    const { LoadBalancers = [] } = await elb.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [physical.WebLoadBalancer] }));
    expect(LoadBalancers[0]).toMatchObject({ Scheme: 'internet-facing', Type: 'application', VpcId: physical.SharedVpc });
    expect(deployed.outputs.WebUrl).toBe(`http://${LoadBalancers[0].DNSName}`);
    const { TargetGroups = [] } = await elb.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [physical.WebTargetGroup] }));
    expect(TargetGroups[0]).toMatchObject({ TargetType: 'ip', Port: 80, Protocol: 'HTTP', HealthCheckPath: '/', VpcId: physical.SharedVpc });
    const { Listeners = [] } = await elb.send(new DescribeListenersCommand({ LoadBalancerArn: physical.WebLoadBalancer }));
    expect(Listeners[0]).toMatchObject({ Port: 80, Protocol: 'HTTP', DefaultActions: [expect.objectContaining({ Type: 'forward', TargetGroupArn: physical.WebTargetGroup })] });

    const batch = new BatchClient(clientConfig());
    const { jobDefinitions = [] } = await batch.send(new DescribeJobDefinitionsCommand({ jobDefinitions: [physical.NightlyJobDefinition] }));
    // (moto's CloudFormation drops PlatformCapabilities; FARGATE is asserted on the template.)
    expect(jobDefinitions[0]).toMatchObject({ jobDefinitionName: `api-${stage}-nightly`, containerProperties: expect.objectContaining({ image: 'busybox:1.36' }) });
    expect(jobDefinitions[0].containerProperties?.resourceRequirements).toEqual([{ type: 'VCPU', value: '0.25' }, { type: 'MEMORY', value: '512' }]);
    const { jobQueues = [] } = await batch.send(new DescribeJobQueuesCommand({ jobQueues: [physical.SharedBatchJobQueue] }));
    expect(jobQueues[0].computeEnvironmentOrder).toEqual([expect.objectContaining({ computeEnvironment: physical.SharedBatchComputeEnvironment })]);

    const sfn = new SFNClient(clientConfig());
    const machine = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: physical.NightlyStateMachine }));
    const definition = JSON.parse(machine.definition!);
    expect(definition.States.SubmitJob).toMatchObject({ Resource: 'arn:aws:states:::batch:submitJob.sync', Retry: [expect.objectContaining({ MaxAttempts: 2 })] });
    expect(definition.States.SubmitJob.Parameters).toEqual({
      JobName: 'nightly',
      JobDefinition: physical.NightlyJobDefinition,
      JobQueue: physical.SharedBatchJobQueue,
      ContainerOverrides: { Environment: [{ Name: 'STP_TRIGGER_EVENT_DATA', 'Value.$': 'States.JsonToString($)' }] },
    });
  });
});
