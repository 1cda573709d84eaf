import { describe, expect, it } from 'vitest';
import { parseStack } from '@nxstack/core';
import { cfnLint } from '../../../../tools/test-services/cfn-lint';
import { compileStack } from './compile-stack';
import { artifact, manifest } from './__fixtures__/sample-stack';

// Stacktape starters' resources: web-service cors + cdn, bucket cdn, kinesis-stream, stream and
// event-bus events, state-machine. Written for these tests (not a copy of a starter).
const STACK = `
resources:
  web:
    type: web-service
    properties:
      packaging: { type: prebuilt-image, properties: { image: public.ecr.aws/nginx/nginx:1.27 } }
      resources: { cpu: 0.25, memory: 512 }
      port: 80
      cors: { enabled: true, allowedOrigins: [https://app.example.com], allowedMethods: [GET, POST], allowCredentials: true }
      cdn: { enabled: true, cloudfrontPriceClass: PriceClass_100, forwardingOptions: { customRequestHeaders: [{ headerName: x-from-cdn, value: '1' }] } }
  albWeb:
    type: web-service
    properties:
      packaging: { type: prebuilt-image, properties: { image: public.ecr.aws/nginx/nginx:1.27 } }
      resources: { cpu: 0.25, memory: 512 }
      loadBalancing: { type: application-load-balancer }
      cdn: { enabled: true, disableInvalidationAfterDeploy: true, cachingOptions: { defaultTTL: 60, cacheMethods: [GET, HEAD, OPTIONS] }, forwardingOptions: { allowedMethods: [GET, HEAD, OPTIONS] } }
  site:
    type: bucket
    properties:
      cdn: { enabled: true, errorDocument: /missing.html, defaultRoutePrefix: /v1 }
  clicks:
    type: kinesis-stream
  provisioned:
    type: kinesis-stream
    properties: { capacityMode: PROVISIONED, shardCount: 2, retentionPeriodHours: 48, encryption: { enabled: true }, enableEnhancedFanOut: true }
  products:
    type: dynamo-db-table
    properties:
      primaryKey: { partitionKey: { name: id, type: string } }
      streamType: NEW_AND_OLD_IMAGES
  bus:
    type: event-bus
  dlq:
    type: sqs-queue
  worker:
    type: function
    properties:
      packaging: { type: stacktape-lambda-buildpack, properties: { entryfilePath: src/worker.ts } }
      connectTo: [clicks]
      events:
        - type: kinesis-stream
          properties: { kinesisStreamName: clicks, batchSize: 100, startingPosition: LATEST, maxBatchWindowSeconds: 10 }
        - type: kinesis-stream
          properties: { kinesisStreamName: provisioned, autoCreateConsumer: true, onFailure: { type: sqs, arn: "$ResourceParam('dlq', 'arn')" }, parallelizationFactor: 2 }
        - type: dynamo-db-stream
          properties: { streamArn: "$ResourceParam('products', 'streamArn')", bisectBatchOnFunctionError: true }
        - type: event-bus
          properties: { eventBusName: bus, eventPattern: { source: [orders], detail-type: [OrderProcessed] } }
        - type: event-bus
          properties: { useDefaultBus: true, eventPattern: { source: [aws.s3] }, inputPath: $.detail }
  starter:
    type: function
    properties:
      packaging: { type: stacktape-lambda-buildpack, properties: { entryfilePath: src/starter.ts } }
      connectTo: [flow]
  flow:
    type: state-machine
    properties:
      definition:
        StartAt: Work
        States:
          Work:
            Type: Task
            Resource: { Fn::GetAtt: [WorkerFunction, Arn] }
            End: true
`;

const compile = (text = STACK) => {
  const stack = parseStack(text, 'stack.yml', { checkPaths: false });
  return compileStack({ stack, projectName: 'shop', stage: 'dev', region: 'eu-west-1', artifacts: { worker: artifact('shop', manifest('worker')), starter: artifact('shop', manifest('starter', { sha256: 'c'.repeat(64) })) } });
};

describe('starter resources', () => {
  it('compile into a template cfn-lint accepts', async () => {
    expect(await cfnLint(compile().template)).toBe('');
  }, 180_000);

  it('web-service cors is the HTTP API CorsConfiguration; cdn puts CloudFront in front of the API', () => {
    const t = compile().template;
    expect(t.Resources.WebHttpApi.Properties!.CorsConfiguration).toEqual({ AllowOrigins: ['https://app.example.com'], AllowHeaders: ['*'], AllowMethods: ['GET', 'POST'], AllowCredentials: true });
    const d = (t.Resources.WebCdnDistribution.Properties!.DistributionConfig) as Record<string, any>;
    expect(d.PriceClass).toBe('PriceClass_100');
    expect(d.Origins[0]).toMatchObject({ CustomOriginConfig: { OriginProtocolPolicy: 'https-only' }, OriginCustomHeaders: [{ HeaderName: 'x-from-cdn', HeaderValue: '1' }] });
    expect(d.DefaultCacheBehavior).toMatchObject({ ViewerProtocolPolicy: 'redirect-to-https', Compress: true, AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'], OriginRequestPolicyId: 'b689b0a8-53d0-40ab-baf2-68738e2966ac' });
    expect((t.Resources.WebCdnCachePolicy.Properties!.CachePolicyConfig as Record<string, unknown>)).toMatchObject({ MinTTL: 0, DefaultTTL: 0, MaxTTL: 31536000 });
    expect(t.Outputs!.WebCdnUrl.Value).toEqual({ 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': ['WebCdnDistribution', 'DomainName'] }]] });
    const alb = (t.Resources.AlbWebCdnDistribution.Properties!.DistributionConfig) as Record<string, any>;
    expect(alb.Origins[0]).toMatchObject({ DomainName: { 'Fn::GetAtt': ['AlbWebLoadBalancer', 'DNSName'] }, CustomOriginConfig: { OriginProtocolPolicy: 'http-only' } });
    expect(alb.DefaultCacheBehavior).toMatchObject({ AllowedMethods: ['GET', 'HEAD', 'OPTIONS'], CachedMethods: ['GET', 'HEAD', 'OPTIONS'] });
    expect((t.Resources.AlbWebCdnCachePolicy.Properties!.CachePolicyConfig as Record<string, unknown>)).toMatchObject({ DefaultTTL: 60 });
    // The deployer invalidates the distributions these outputs name after each deploy (cdn-invalidation.ts).
    expect(t.Outputs!.WebCdnDistributionIdToInvalidate.Value).toEqual({ Ref: 'WebCdnDistribution' });
    expect(t.Outputs!.AlbWebCdnDistributionIdToInvalidate).toBeUndefined();
  });

  it('bucket cdn: Origin Access Control, the bucket readable only by its distribution, index and error documents', () => {
    const t = compile().template;
    const d = (t.Resources.SiteCdnDistribution.Properties!.DistributionConfig) as Record<string, any>;
    expect(d).toMatchObject({ DefaultRootObject: 'index.html', PriceClass: 'PriceClass_All' });
    expect(d.Origins[0]).toMatchObject({ OriginPath: '/v1', DomainName: { 'Fn::GetAtt': ['SiteBucket', 'RegionalDomainName'] }, OriginAccessControlId: { 'Fn::GetAtt': ['SiteCdnOriginAccessControl', 'Id'] } });
    expect(d.CustomErrorResponses).toEqual([403, 404].map((ErrorCode) => ({ ErrorCode, ResponseCode: 404, ResponsePagePath: '/missing.html', ErrorCachingMinTTL: 0 })));
    expect((t.Resources.SiteCdnCachePolicy.Properties!.CachePolicyConfig as Record<string, unknown>)).toMatchObject({ DefaultTTL: 15552000 });
    const statement = (t.Resources.SiteBucketPolicy.Properties!.PolicyDocument as { Statement: Array<Record<string, any>> }).Statement;
    expect(statement).toEqual([expect.objectContaining({ Principal: { Service: 'cloudfront.amazonaws.com' }, Action: 's3:GetObject' })]);
    expect((t.Resources.SiteBucket.Properties!.PublicAccessBlockConfiguration as Record<string, boolean>).BlockPublicPolicy).toBe(true);
  });

  it('kinesis-stream: on-demand by default; provisioned shards, retention, KMS, fan-out consumer', () => {
    const t = compile().template;
    expect(t.Resources.ClicksKinesisStream.Properties).toEqual({ Name: 'shop-dev-clicks', StreamModeDetails: { StreamMode: 'ON_DEMAND' }, RetentionPeriodHours: 24 });
    expect(t.Resources.ProvisionedKinesisStream.Properties).toMatchObject({ ShardCount: 2, RetentionPeriodHours: 48, StreamEncryption: { EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' } });
    expect(t.Resources.ProvisionedKinesisStreamConsumer.Type).toBe('AWS::Kinesis::StreamConsumer');
  });

  it('function events: kinesis and dynamo stream mappings with Stacktape defaults, event-bus rules, role statements', () => {
    const t = compile().template;
    expect(t.Resources.WorkerKinesisEventSourceMapping1.Properties).toEqual({
      EventSourceArn: { 'Fn::GetAtt': ['ClicksKinesisStream', 'Arn'] }, FunctionName: { Ref: 'WorkerFunction' }, BatchSize: 100, StartingPosition: 'LATEST', MaximumBatchingWindowInSeconds: 10,
    });
    expect(t.Resources.WorkerKinesisEventSourceMapping2.Properties).toMatchObject({
      EventSourceArn: { 'Fn::GetAtt': ['WorkerKinesisConsumer2', 'ConsumerARN'] }, BatchSize: 10, StartingPosition: 'TRIM_HORIZON', ParallelizationFactor: 2,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': ['DlqQueue', 'Arn'] } } },
    });
    expect(t.Resources.WorkerDynamoStreamEventSourceMapping1.Properties).toMatchObject({ EventSourceArn: { 'Fn::GetAtt': ['ProductsTable', 'StreamArn'] }, BatchSize: 100, StartingPosition: 'TRIM_HORIZON', BisectBatchOnFunctionError: true });
    expect(t.Resources.WorkerEventBusRule1.Properties).toMatchObject({ EventBusName: { 'Fn::GetAtt': ['BusEventBus', 'Arn'] }, EventPattern: { source: ['orders'], 'detail-type': ['OrderProcessed'] } });
    expect(t.Resources.WorkerEventBusRule2.Properties!.EventBusName).toBeUndefined();
    expect((t.Resources.WorkerEventBusRule2.Properties!.Targets as Array<Record<string, unknown>>)[0].InputPath).toBe('$.detail');
    expect(t.Resources.WorkerEventBusPermission2.Properties).toMatchObject({ Principal: 'events.amazonaws.com' });
    const text = JSON.stringify(t.Resources.WorkerRole);
    for (const action of ['kinesis:GetRecords', 'dynamodb:GetRecords', 'sqs:SendMessage', 'kinesis:PutRecord']) expect(text).toContain(action);
    expect(JSON.stringify(t.Resources.StarterRole)).toContain('states:StartExecution');
  });

  it('state-machine: intrinsics of the definition go through DefinitionSubstitutions; its role invokes the functions', () => {
    const t = compile().template;
    expect(t.Resources.FlowStateMachine.Properties).toMatchObject({
      StateMachineName: 'shop-dev-flow',
      Definition: { StartAt: 'Work', States: { Work: { Type: 'Task', Resource: '${nxs1}', End: true } } },
      DefinitionSubstitutions: { nxs1: { 'Fn::GetAtt': ['WorkerFunction', 'Arn'] } },
    });
    const role = JSON.stringify(t.Resources.FlowStateMachineRole);
    expect(role).toContain('lambda:InvokeFunction');
    expect(role).toContain('WorkerFunction');
    expect(role).not.toContain('StarterFunction');
  });

  it('cors on an ALB-fronted web-service and index documents on a service cdn are located errors', () => {
    const albCors = STACK.replace('loadBalancing: { type: application-load-balancer }', 'loadBalancing: { type: application-load-balancer }\n      cors: { enabled: true }');
    expect(() => compile(albCors)).toThrow(expect.objectContaining({ code: 'NXS_CORS_NEEDS_HTTP_API', location: expect.objectContaining({ line: 17 }) }));
    const index = STACK.replace('cloudfrontPriceClass: PriceClass_100,', 'cloudfrontPriceClass: PriceClass_100, indexDocument: /index.html,');
    expect(() => compile(index)).toThrow(expect.objectContaining({ code: 'NXS_CDN_SETTING_INVALID' }));
    const methods = STACK.replace('allowedMethods: [GET, HEAD, OPTIONS]', 'allowedMethods: [GET, POST]');
    expect(() => compile(methods)).toThrow(expect.objectContaining({ code: 'NXS_CDN_SETTING_INVALID' }));
  });
});
