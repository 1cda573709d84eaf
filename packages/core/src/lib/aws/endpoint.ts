type Env = Readonly<Record<string, string | undefined>>;

/**
 * The endpoint override for one AWS service: AWS_ENDPOINT_URL_<SERVICE> wins over
 * AWS_ENDPOINT_URL, and an empty value counts as unset, as in the SDKs' own lookup.
 */
export function endpointFor(service: 'S3' | 'CLOUDFORMATION' | 'STS' | 'LAMBDA' | 'ECS' | 'ECR' | 'CLOUDFRONT' | 'CLOUDWATCH_LOGS' | 'ROUTE_53', env: Env): string | undefined {
  return env[`AWS_ENDPOINT_URL_${service}`] || env['AWS_ENDPOINT_URL'] || undefined;
}
