/**
 * AWS SDK clients for one stage/region. Endpoints come from AWS_ENDPOINT_URL(_<SERVICE>) in the
 * env handed in; when one is set (moto, LocalStack) S3 must use path-style addressing.
 */
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { ECRClient } from '@aws-sdk/client-ecr';
import type { ECSClient } from '@aws-sdk/client-ecs';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { createRoute53Api, type Route53Api } from './route53-api';
import { S3Client } from '@aws-sdk/client-s3';
import type { STSClient } from '@aws-sdk/client-sts';
import { endpointFor, resolveRegion } from '@nxstack/core';
import { s3IdleTimeoutMsFromEnv } from './upload-retry';

export interface AwsClients {
  readonly region: string;
  readonly s3: S3Client;
  readonly cloudformation: CloudFormationClient;
  readonly sts: STSClient;
  /** Hotswap updates functions and services directly through these. */
  readonly lambda: LambdaClient;
  readonly ecs: ECSClient;
  /** CDN caches are invalidated after a deploy through it. */
  readonly cloudfront: CloudFrontClient;
  /** deploy prints what after:deploy scripts returned from their runners' log groups (script-results.ts). */
  readonly logs: CloudWatchLogsClient;
  /** customDomains' hosted zones are looked up through it (hosted-zones.ts). */
  readonly route53: Route53Api;
  /** True when an endpoint override points S3 somewhere other than AWS. */
  readonly customS3Endpoint: boolean;
}

export interface AwsClientOptions {
  readonly region?: string;
  readonly profile?: string;
  /** The environment to read region/endpoint overrides from (the executor passes process.env). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** S3 transfer acceleration (only ever true after resolveTransferAcceleration said so). */
  readonly useAccelerateEndpoint?: boolean;
}

export function hasCustomS3Endpoint(env: Readonly<Record<string, string | undefined>>): boolean {
  return Boolean(endpointFor('S3', env));
}


/**
 * Read from the given env rather than letting the SDK read process.env, so callers (and tests)
 * decide. A profile wins over static keys; neither = the SDK's default provider chain.
 */
function baseConfig(service: 'S3' | 'CLOUDFORMATION' | 'STS' | 'LAMBDA' | 'ECS' | 'ECR' | 'CLOUDFRONT' | 'CLOUDWATCH_LOGS', opts: AwsClientOptions, region: string) {
  const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey, AWS_SESSION_TOKEN: sessionToken } = opts.env;
  const staticKeys = !opts.profile && accessKeyId && secretAccessKey ? { credentials: { accessKeyId, secretAccessKey, sessionToken } } : {};
  return { region, profile: opts.profile, endpoint: endpointFor(service, opts.env), ...staticKeys };
}

/**
 * The SDK logs nothing by default, except that with its silent default logger it prints "An error
 * was encountered in a non-retryable streaming request" to the console on each failed upload:
 * S3ArtifactStore retries those itself and says so, so this logger keeps that line out too.
 */
const silentLogger = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

export function createS3Client(opts: AwsClientOptions & { region: string }): S3Client {
  return new S3Client({
    ...baseConfig('S3', opts, opts.region),
    logger: silentLogger,
    // Socket idle timeout per request: a stalled upload part or an answer that never comes fails
    // (TimeoutError) and is retried, instead of hanging the deploy.
    requestHandler: { socketTimeout: s3IdleTimeoutMsFromEnv(opts.env) },
    forcePathStyle: hasCustomS3Endpoint(opts.env),
    useAccelerateEndpoint: opts.useAccelerateEndpoint ?? false,
  });
}

/** CloudWatch Logs of one region (a Lambda@Edge function's log groups live in every region it runs in). */
export function createLogsClient(opts: AwsClientOptions & { region: string }): CloudWatchLogsClient {
  return new (require('@aws-sdk/client-cloudwatch-logs') as typeof import('@aws-sdk/client-cloudwatch-logs')).CloudWatchLogsClient(baseConfig('CLOUDWATCH_LOGS', opts, opts.region));
}

/** ECR of one region (promote logs in to the source's and the target's registries). */
export function createEcrClient(opts: AwsClientOptions & { region: string }): ECRClient {
  return new (require('@aws-sdk/client-ecr') as typeof import('@aws-sdk/client-ecr')).ECRClient(baseConfig('ECR', opts, opts.region));
}

/** Clients for the region core's resolveRegion picks (--region > env > the profile's region). */
export async function createAwsClients(opts: AwsClientOptions): Promise<AwsClients> {
  const region = await resolveRegion({ region: opts.region, profile: opts.profile, env: opts.env });
  // STS, Lambda, ECS, CloudFront and CloudWatch Logs are created (and their SDK modules loaded) on first use: most commands
  // never call them, and each SDK client costs a task process ~0.1 s to load.
  let sts: STSClient | undefined;
  let lambda: LambdaClient | undefined;
  let ecs: ECSClient | undefined;
  let cloudfront: CloudFrontClient | undefined;
  let logs: CloudWatchLogsClient | undefined;
  let route53: Route53Api | undefined;
  const s3 = createS3Client({ ...opts, region });
  return {
    region,
    s3,
    cloudformation: new CloudFormationClient(baseConfig('CLOUDFORMATION', opts, region)),
    get sts() {
      return (sts ??= new (require('@aws-sdk/client-sts') as typeof import('@aws-sdk/client-sts')).STSClient(baseConfig('STS', opts, region)));
    },
    get lambda() {
      return (lambda ??= new (require('@aws-sdk/client-lambda') as typeof import('@aws-sdk/client-lambda')).LambdaClient(baseConfig('LAMBDA', opts, region)));
    },
    get ecs() {
      return (ecs ??= new (require('@aws-sdk/client-ecs') as typeof import('@aws-sdk/client-ecs')).ECSClient(baseConfig('ECS', opts, region)));
    },
    get cloudfront() {
      return (cloudfront ??= new (require('@aws-sdk/client-cloudfront') as typeof import('@aws-sdk/client-cloudfront')).CloudFrontClient(baseConfig('CLOUDFRONT', opts, region)));
    },
    get logs() {
      return (logs ??= new (require('@aws-sdk/client-cloudwatch-logs') as typeof import('@aws-sdk/client-cloudwatch-logs')).CloudWatchLogsClient(baseConfig('CLOUDWATCH_LOGS', opts, region)));
    },
    get route53() {
      // The S3 client's credential chain (profile, env, SSO, instance role) signs Route 53 requests too.
      return (route53 ??= createRoute53Api({ env: opts.env, credentials: () => s3.config.credentials() }));
    },
    customS3Endpoint: hasCustomS3Endpoint(opts.env),
  };
}
