import type { ImagePackageManifest } from '@nxstack/core';
import type { AnyCompiledArtifact, CompiledImageArtifact } from '../types';
import type { StackYamlData } from './sample-stack';
import { artifact, manifest } from './sample-stack';

const rp = (resource: string, param: string) => ({ $directive: 'ResourceParam', resource, param });
const buildpack = (entryfilePath: string) => ({ type: 'stacktape-lambda-buildpack', properties: { entryfilePath } });

/** One of every compute type: API + functions with every event kind, image function, three services, a batch job. */
export function computeConfig(): StackYamlData {
  return {
    resources: {
      api: { type: 'http-api-gateway', properties: { cors: { enabled: true, allowedOrigins: ['https://example.com'] } } },
      jobs: { type: 'sqs-queue', properties: {} },
      alerts: { type: 'sns-topic', properties: {} },
      uploads: { type: 'bucket', properties: {} },
      users: { type: 'user-auth-pool', properties: {} },
      hello: {
        type: 'function',
        properties: {
          packaging: buildpack('src/hello.ts'),
          url: { enabled: true, cors: { enabled: true } },
          events: [
            { type: 'http-api-gateway', properties: { httpApiGatewayName: 'api', path: '/hello', method: 'GET' } },
            { type: 'http-api-gateway', properties: { httpApiGatewayName: 'api', path: '/hello/{id}', method: '*', authorizer: { type: 'cognito', properties: { userPoolName: 'users' } } } },
            { type: 'schedule', properties: { scheduleRate: 'cron(0 12 ? * MON-FRI *)', input: { source: 'cron' } } },
            { type: 'schedule', properties: { scheduleRate: 'rate(5 minutes)' } },
          ],
        },
      },
      consumer: {
        type: 'function',
        properties: {
          packaging: buildpack('src/consumer.ts'),
          joinDefaultVpc: true,
          layers: ['arn:aws:lambda:eu-west-1:123456789012:layer:tools:3'],
          environment: [{ name: 'INTERNAL_API', value: rp('internalApi', 'address') }],
          events: [
            { type: 'sqs', properties: { sqsQueueName: 'jobs', batchSize: 5, maxBatchWindowSeconds: 10 } },
            { type: 'sns', properties: { snsTopicName: 'alerts', filterPolicy: { severity: ['high'] } } },
            { type: 's3', properties: { bucketArn: rp('uploads', 'arn'), s3EventType: 's3:ObjectCreated:*', filterRule: { prefix: 'in/', suffix: '.csv' } } },
            { type: 'http-api-gateway', properties: { httpApiGatewayName: 'api', path: '/consume', method: 'POST', authorizer: { type: 'lambda', properties: { functionName: 'hello' } } } },
          ],
        },
      },
      imageFn: {
        type: 'function',
        properties: { packaging: { type: 'custom-dockerfile', properties: { buildContextPath: 'docker/fn' } }, memory: 2048 },
      },
      web: {
        type: 'web-service',
        properties: {
          packaging: { type: 'stacktape-image-buildpack', properties: { entryfilePath: 'src/web.ts' } },
          resources: { cpu: 0.5, memory: 1024 },
          scaling: { minInstances: 1, maxInstances: 4 },
          port: 8080,
          environment: [
            { name: 'API_URL', value: rp('api', 'url') },
            { name: 'DB_PASSWORD', value: { $directive: 'Secret', name: 'prod/db-password' } },
          ],
          loadBalancing: { type: 'application-load-balancer', properties: { healthcheckPath: '/health' } },
        },
      },
      site: {
        type: 'web-service',
        properties: { packaging: { type: 'prebuilt-image', properties: { image: 'public.ecr.aws/nginx/nginx:1.27' } }, resources: { cpu: 0.25, memory: 512 }, port: 80 },
      },
      internalApi: {
        type: 'private-service',
        properties: { packaging: { type: 'prebuilt-image', properties: { image: 'public.ecr.aws/nginx/nginx:1.27', command: ['nginx', '-g', 'daemon off;'] } }, resources: { cpu: 256, memory: 512 }, port: 80 },
      },
      worker: {
        type: 'worker-service',
        properties: {
          packaging: { type: 'external-buildpack', properties: { sourceDirectoryPath: 'worker' } },
          resources: { cpu: 1, memory: 2048 },
          iamRoleStatements: [{ Action: ['sqs:SendMessage'], Resource: [rp('jobs', 'arn')] }],
          connectTo: ['nightly', 'internalApi', 'hello', 'uploads'],
        },
      },
      nightly: {
        type: 'batch-job',
        properties: {
          container: { packaging: { type: 'custom-dockerfile', properties: { buildContextPath: 'batch' } }, environment: [{ name: 'MODE', value: 'full' }] },
          resources: { cpu: 1, memory: 2048 },
          timeout: 3600,
          connectTo: ['jobs', 'internalApi'],
          retryConfig: { attempts: 3, retryIntervalSeconds: 30, retryIntervalMultiplier: 2 },
        },
      },
    },
  };
}

export function imageArtifact(resource: string, digestChar = 'c'): CompiledImageArtifact {
  const m: ImagePackageManifest = { kind: 'image', resource, layout: 'image', digest: `sha256:${digestChar.repeat(64)}`, size: 4096, architecture: 'x86_64', packager: 'image-builder' };
  return { ...m, location: { imageUri: `123456789012.dkr.ecr.eu-west-1.amazonaws.com/nxstack-api-dev@${m.digest}` } };
}

export function computeArtifacts(): Record<string, AnyCompiledArtifact> {
  return {
    hello: artifact('api', manifest('hello')),
    consumer: artifact('api', manifest('consumer', { sha256: 'b'.repeat(64) })),
    imageFn: imageArtifact('imageFn', 'd'),
    web: imageArtifact('web', 'e'),
    worker: imageArtifact('worker', 'f'),
    nightly: imageArtifact('nightly', '1'),
  };
}
