import { createHash } from 'node:crypto';
import { logicalId } from './logical-ids';

/**
 * Where the local stage serves an HTTP endpoint (an http-api-gateway or a function URL):
 * `http://127.0.0.1:<port>`, the port derived from the stack name (project + stage) and the
 * endpoint's logical id. The deployer's local outputs (`$ResourceParam(api, 'url')`, `STP_*`)
 * and `serve` both take it from here, so what a function or script reads is where serve listens.
 *
 * Ports fall in [20000, 32000): below Linux's ephemeral range (32768+), so an outgoing
 * connection never holds one, and above the usual development servers (3000, 5173, 8080, ...).
 */
export const LOCAL_ENDPOINT_PORTS = { first: 20_000, count: 12_000 } as const;

export const LOCAL_ENDPOINT_HOST = '127.0.0.1';

/** Logical id of the AWS::ApiGatewayV2::Api of an `http-api-gateway` resource. */
export const httpApiLogicalId = (resource: string): string => logicalId(resource, 'HttpApi');

/** Logical id of the AWS::Lambda::Url of a function with `url: { enabled: true }`. */
export const functionUrlLogicalId = (resource: string): string => logicalId(resource, 'FunctionUrl');

export function localEndpointPort(stackName: string, endpointLogicalId: string): number {
  const digest = createHash('sha256').update(`${stackName}/${endpointLogicalId}`).digest();
  return LOCAL_ENDPOINT_PORTS.first + (digest.readUInt32BE(0) % LOCAL_ENDPOINT_PORTS.count);
}

/** `http://127.0.0.1:<port>` (no trailing slash, like an HTTP API's ApiEndpoint). */
export function localEndpointUrl(stackName: string, endpointLogicalId: string): string {
  return `http://${LOCAL_ENDPOINT_HOST}:${localEndpointPort(stackName, endpointLogicalId)}`;
}

/**
 * The endpoint a web-service's local URL names (so serve runs the service on that port): its HTTP
 * API (Stacktape's default front, `<Name>HttpApi`) or its load balancer (`<Name>LoadBalancer`).
 */
export function webServiceEndpointLogicalId(resource: string, loadBalancingType?: string): string {
  return loadBalancingType === 'application-load-balancer' ? logicalId(resource, 'LoadBalancer') : httpApiLogicalId(resource);
}

/** A private-service's local endpoint (its address inside the VPC has no meaning on this machine). */
export const privateServiceEndpointLogicalId = (resource: string): string => logicalId(resource, 'DiscoveryService');

/** A hosting bucket's local endpoint: its CloudFront distribution (the site's URL on AWS). */
export const hostingEndpointLogicalId = (resource: string): string => logicalId(resource, 'CdnDistribution');
