import { cdnParams, compileCdn } from '../cdn/cdn-distribution';
import { httpApiOriginDomain } from '../cdn/cdn-origins';
import { needsBuiltImage } from '../ecs/container-image';
import { compileContainerWorkload, workloadIds } from '../ecs/container-workload';
import { ensurePrivateNamespace, PRIVATE_NAMESPACE_NAME } from '../ecs/shared-ecs';
import { compileHttpApiFront, compileLoadBalancerFront, webServiceFront, webServiceIds, webServiceUrl } from '../ecs/web-service-fronts';
import { logicalId } from '../logical-ids';
import { httpApiDomainParams } from '../domains/http-api-domains';
import { ensureSharedVpc } from '../vpc/shared-vpc';
import { getAtt, ref, sub, type ResourceTypeModule, type StackScope } from './resource-type';
import { domainConfigurations, isLocalStage } from '@nxstack/core';

const DEFAULT_PORT = 3000;
const portOf = (properties?: Record<string, unknown>) => (properties?.port as number | undefined) ?? DEFAULT_PORT;
const packagedImage = (properties: Record<string, unknown>) => needsBuiltImage(properties.packaging);

const commonParams = {
  serviceArn: (name: string) => ref(workloadIds(name).service),
  logGroupArn: (name: string) => getAtt(workloadIds(name).logGroup, 'Arn'),
};

/**
 * `type: web-service` — Fargate service reachable from the internet through an HTTP API
 * (`loadBalancing.type: http-api-gateway`, Stacktape's default: HTTP API → VPC link → Cloud Map)
 * or its own Application Load Balancer (`application-load-balancer`). See ecs/web-service-fronts.ts.
 */
export const webServiceType: ResourceTypeModule = {
  type: 'web-service',
  params: {
    ...commonParams,
    url: (name, properties, scope) => webServiceUrl(name, properties, scope.stage),
    loadBalancerArn: (name, properties) => (webServiceFront(properties) === 'application-load-balancer' ? ref(webServiceIds(name).loadBalancer) : undefined),
    ...webServiceDomainParams(),
    ...cdnParams(),
  },
  packaged: packagedImage,
  outputs: { Url: 'url', CdnUrl: 'cdnUrl' },
  compile(ctx) {
    const port = portOf(ctx.properties);
    const alb = webServiceFront(ctx.properties) === 'application-load-balancer';
    const network = alb ? compileLoadBalancerFront(ctx, port) : compileHttpApiFront(ctx, port);
    compileContainerWorkload(ctx, network);
    const ids = webServiceIds(ctx.name);
    compileCdn(ctx, alb
      ? { kind: 'endpoint', domainName: getAtt(ids.loadBalancer, 'DNSName'), protocol: 'http-only' }
      : { kind: 'endpoint', domainName: httpApiOriginDomain(ctx.name), protocol: 'https-only', rejectsViewerHost: true });
  },
};

/** Custom domain params of a web-service: its HTTP API's, or with a load balancer front the same names pointing at the load balancer. */
function webServiceDomainParams() {
  const api = httpApiDomainParams((name) => webServiceIds(name).httpApi);
  const alb = (p: Record<string, unknown>) => webServiceFront(p) === 'application-load-balancer';
  const some = (p: Record<string, unknown>) => domainConfigurations(p.customDomains).length > 0;
  return {
    customDomains: api.customDomains,
    customDomainUrl: (name: string, p: Record<string, unknown>, scope: StackScope) => (alb(p) && some(p) && isLocalStage(scope.stage) ? webServiceUrl(name, p, scope.stage) : api.customDomainUrl(name, p, scope)),
    customDomainUrls: (name: string, p: Record<string, unknown>, scope: StackScope) => (alb(p) && some(p) && isLocalStage(scope.stage) ? webServiceUrl(name, p, scope.stage) : api.customDomainUrls(name, p, scope)),
    canonicalDomain: (name: string, p: Record<string, unknown>, scope: StackScope) => (alb(p) ? (some(p) ? getAtt(webServiceIds(name).loadBalancer, 'DNSName') : undefined) : api.canonicalDomain(name, p, scope)),
  };
}

export const discoveryServiceId = (name: string) => logicalId(name, 'DiscoveryService');
/** DNS label of a private service: its resource name in lower case (DNS is case-insensitive). */
export const privateServiceHost = (name: string) => `${name.toLowerCase()}.${PRIVATE_NAMESPACE_NAME}`;

/**
 * `type: private-service` — Fargate service registered in a Cloud Map private DNS namespace
 * (`<name>.nxstack.internal`, A records of the tasks' IPs). Reachable on `port` from anything in
 * the shared VPC; `address` = `<name>.nxstack.internal:<port>`. Chosen over Service Connect
 * because plain DNS works for Lambda functions and batch jobs too, which have no Envoy sidecar.
 */
export const privateServiceType: ResourceTypeModule = {
  type: 'private-service',
  params: {
    ...commonParams,
    address: (name, properties) => `${privateServiceHost(name)}:${portOf(properties)}`,
  },
  packaged: packagedImage,
  outputs: { Address: 'address' },
  compile(ctx) {
    const port = portOf(ctx.properties);
    const vpc = ensureSharedVpc(ctx.builder);
    const namespaceId = ensurePrivateNamespace(ctx.builder);
    const discovery = discoveryServiceId(ctx.name);
    ctx.builder.addResource(discovery, {
      Type: 'AWS::ServiceDiscovery::Service',
      Properties: {
        Name: ctx.name.toLowerCase(),
        NamespaceId: namespaceId,
        DnsConfig: { DnsRecords: [{ Type: 'A', TTL: 10 }], RoutingPolicy: 'MULTIVALUE' },
        HealthCheckCustomConfig: { FailureThreshold: 1 },
      },
    }, ctx.origin);
    compileContainerWorkload(ctx, {
      port,
      ingress: [{ IpProtocol: 'tcp', FromPort: port, ToPort: port, CidrIp: vpc.vpcCidr, Description: 'from inside the VPC' }],
      serviceRegistries: [{ RegistryArn: getAtt(discovery, 'Arn') }],
    });
  },
};

/** `type: worker-service` — Fargate service with no inbound traffic (queue consumers, schedulers). */
export const workerServiceType: ResourceTypeModule = {
  type: 'worker-service',
  params: commonParams,
  packaged: packagedImage,
  outputs: {},
  compile(ctx) {
    compileContainerWorkload(ctx, {});
  },
};
