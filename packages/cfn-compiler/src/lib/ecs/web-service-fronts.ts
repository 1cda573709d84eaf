import { domainConfigurations, isLocalStage, NxstackError } from '@nxstack/core';
import { compileHttpApiDomains } from '../domains/http-api-domains';
import { compileLoadBalancerDomains } from '../domains/load-balancer-domains';
import { logicalId } from '../logical-ids';
import { httpApiCorsConfiguration, type HttpApiCors } from '../resource-types/http-api-gateway';
import { getAtt, ref, sub, type ResourceCompileContext } from '../resource-types/resource-type';
import { ensureSharedVpc } from '../vpc/shared-vpc';
import { compileLoadBalancer, ipTargetGroupProperties, listenerCertificateArns, listenerCertificateProperties } from '../load-balancers/load-balancer';
import { compileFirewallAssociation } from '../resource-types/use-firewall';
import { ensurePrivateNamespace } from './shared-ecs';
import type { WorkloadNetwork } from './container-workload';

export type WebServiceFront = 'http-api-gateway' | 'application-load-balancer';

/** Stacktape's default front of a web-service is an HTTP API (no hourly load balancer cost). */
export function webServiceFront(properties?: Record<string, unknown>): WebServiceFront {
  return ((properties?.loadBalancing as { type?: WebServiceFront } | undefined)?.type) ?? 'http-api-gateway';
}

export function webServiceIds(name: string) {
  return {
    loadBalancer: logicalId(name, 'LoadBalancer'),
    loadBalancerSecurityGroup: logicalId(name, 'LoadBalancerSecurityGroup'),
    targetGroup: logicalId(name, 'TargetGroup'),
    listener: logicalId(name, 'Listener'),
    /** With customDomains: HTTP on 80 redirecting to the HTTPS listener (`listener`, on 443). */
    redirectListener: logicalId(name, 'ListenerHttpRedirect'),
    httpApi: logicalId(name, 'HttpApi'),
    httpApiStage: logicalId(name, 'HttpApiDefaultStage'),
    httpApiIntegration: logicalId(name, 'HttpApiIntegration'),
    httpApiRoute: logicalId(name, 'HttpApiRoute'),
    vpcLink: logicalId(name, 'VpcLink'),
    vpcLinkSecurityGroup: logicalId(name, 'VpcLinkSecurityGroup'),
    discoveryService: logicalId(name, 'DiscoveryService'),
  };
}

/** Public URL of a web-service, by front (a load balancer with customDomains: `https://<first domain>` on AWS stages). */
export function webServiceUrl(name: string, properties?: Record<string, unknown>, stage?: string): unknown {
  const ids = webServiceIds(name);
  const domains = domainConfigurations(properties?.customDomains);
  if (webServiceFront(properties) !== 'application-load-balancer') return sub(`https://\${${ids.httpApi}}.execute-api.\${AWS::Region}.\${AWS::URLSuffix}`);
  return domains.length && stage !== undefined && !isLocalStage(stage) ? `https://${domains[0].domainName}` : { 'Fn::Join': ['', ['http://', getAtt(ids.loadBalancer, 'DNSName')]] };
}

type Health = { healthcheckPath?: string; healthcheckInterval?: number; healthcheckTimeout?: number };

/**
 * Internet-facing ALB (HTTP :80, built by load-balancers/load-balancer.ts) → target group of the
 * tasks' IPs on `port`. Only the ALB's security group may reach the tasks.
 */
export function compileLoadBalancerFront(ctx: ResourceCompileContext, port: number): WorkloadNetwork {
  const ids = webServiceIds(ctx.name);
  const cors = ctx.properties.cors as HttpApiCors | undefined;
  if (cors?.enabled) {
    throw new NxstackError('NXS_CORS_NEEDS_HTTP_API', `cors of web-service '${ctx.name}' works only with http-api-gateway load balancing.`, {
      location: ctx.locate([...ctx.path, 'properties', 'cors']),
      hint: 'Answer CORS in the application behind the load balancer, or use loadBalancing type http-api-gateway (the default).',
    });
  }
  const health = ((ctx.properties.loadBalancing as { properties?: Health } | undefined)?.properties ?? {});
  // customDomains (AWS stages): HTTPS on 443 with their certificates, HTTP on 80 redirecting to it.
  const https = domainConfigurations(ctx.properties.customDomains).length > 0 && !isLocalStage(ctx.stage);
  compileLoadBalancer(ctx.builder, ctx.origin, {
    kind: 'application',
    internal: false,
    listeners: https ? [{ protocol: 'HTTPS', port: 443 }, { protocol: 'HTTP', port: 80 }] : [{ protocol: 'HTTP', port: 80 }],
    loadBalancerId: ids.loadBalancer,
    securityGroupId: ids.loadBalancerSecurityGroup,
    description: `Load balancer of ${ctx.name}`,
  });
  ctx.builder.addResource(ids.targetGroup, { Type: 'AWS::ElasticLoadBalancingV2::TargetGroup', Properties: ipTargetGroupProperties(ctx.builder, 'application', port, health) }, ctx.origin);
  const forward = [{ Type: 'forward', TargetGroupArn: ref(ids.targetGroup) }];
  if (https) {
    const certificates = listenerCertificateArns(ctx.stage, ctx.name, ctx.properties, { protocol: 'HTTPS', port: 443 });
    ctx.builder.addResource(ids.listener, {
      Type: 'AWS::ElasticLoadBalancingV2::Listener',
      Properties: { LoadBalancerArn: ref(ids.loadBalancer), Port: 443, Protocol: 'HTTPS', DefaultActions: forward, ...listenerCertificateProperties(ctx.builder, ctx.origin, ids.listener, certificates) },
    }, ctx.origin);
    ctx.builder.addResource(ids.redirectListener, {
      Type: 'AWS::ElasticLoadBalancingV2::Listener',
      Properties: { LoadBalancerArn: ref(ids.loadBalancer), Port: 80, Protocol: 'HTTP', DefaultActions: [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } }] },
    }, ctx.origin);
  } else {
    ctx.builder.addResource(ids.listener, {
      Type: 'AWS::ElasticLoadBalancingV2::Listener',
      Properties: { LoadBalancerArn: ref(ids.loadBalancer), Port: 80, Protocol: 'HTTP', DefaultActions: forward },
    }, ctx.origin);
  }
  compileLoadBalancerDomains(ctx, ids.loadBalancer);
  if (typeof ctx.properties.useFirewall === 'string') compileFirewallAssociation(ctx, ctx.properties.useFirewall, ref(ids.loadBalancer));
  return {
    port,
    ingress: [{ IpProtocol: 'tcp', FromPort: port, ToPort: port, SourceSecurityGroupId: getAtt(ids.loadBalancerSecurityGroup, 'GroupId'), Description: 'from the load balancer' }],
    loadBalancers: [{ ContainerName: ctx.name, ContainerPort: port, TargetGroupArn: ref(ids.targetGroup) }],
    dependsOn: [ids.listener],
  };
}

/**
 * HTTP API (`$default` route, auto-deployed stage) → VPC link → Cloud Map SRV records of the
 * tasks (HTTP APIs integrate with Cloud Map only through SRV). Only the VPC link's security
 * group may reach the tasks.
 */
export function compileHttpApiFront(ctx: ResourceCompileContext, port: number): WorkloadNetwork {
  const ids = webServiceIds(ctx.name);
  if (ctx.properties.useFirewall !== undefined) {
    throw new NxstackError('NXS_INVALID_VALUE', `useFirewall of web-service '${ctx.name}' needs loadBalancing type application-load-balancer: AWS WAF cannot guard an HTTP API (the default front).`, {
      location: ctx.locate([...ctx.path, 'properties', 'useFirewall']),
      hint: "Add loadBalancing: { type: application-load-balancer } (the firewall then guards the service's load balancer), or put the firewall on its CloudFront distribution instead: cdn: { enabled: true, useFirewall: <a web-app-firewall with scope cdn> }.",
    });
  }
  const link = compileVpcLinkToTasks(ctx, ctx.name, port);
  const cors = httpApiCorsConfiguration(ctx.properties.cors as HttpApiCors | undefined);
  ctx.builder.addResource(ids.httpApi, {
    Type: 'AWS::ApiGatewayV2::Api',
    Properties: {
      Name: `${ctx.projectName}-${ctx.stage}-${ctx.name}`,
      ProtocolType: 'HTTP',
      ...(cors ? { CorsConfiguration: cors } : {}),
    },
  }, ctx.origin);
  ctx.builder.addResource(ids.httpApiStage, { Type: 'AWS::ApiGatewayV2::Stage', Properties: { ApiId: ref(ids.httpApi), StageName: '$default', AutoDeploy: true } }, ctx.origin);
  ctx.builder.addResource(ids.httpApiIntegration, { Type: 'AWS::ApiGatewayV2::Integration', Properties: { ApiId: ref(ids.httpApi), ...vpcLinkIntegration(ctx.name) } }, ctx.origin);
  ctx.builder.addResource(ids.httpApiRoute, {
    Type: 'AWS::ApiGatewayV2::Route',
    Properties: { ApiId: ref(ids.httpApi), RouteKey: '$default', Target: { 'Fn::Join': ['/', ['integrations', ref(ids.httpApiIntegration)]] } },
  }, ctx.origin);
  compileHttpApiDomains(ctx, { apiId: ids.httpApi, stageId: ids.httpApiStage });
  return { port, ...link };
}

/**
 * The tasks of `ctx`'s ECS service as an HTTP API target: a Cloud Map service of SRV records
 * (`<resource>-http`) the service registers `container`:`port` in, and a VPC link whose security
 * group alone may reach that port. Used by web-service's own API and by multi-container
 * workloads' `http-api-gateway` events.
 */
export function compileVpcLinkToTasks(ctx: ResourceCompileContext, container: string, port: number): Required<Pick<WorkloadNetwork, 'ingress' | 'serviceRegistries'>> {
  const ids = webServiceIds(ctx.name);
  const vpc = ensureSharedVpc(ctx.builder);
  const namespaceId = ensurePrivateNamespace(ctx.builder);
  ctx.builder.addResource(ids.discoveryService, {
    Type: 'AWS::ServiceDiscovery::Service',
    Properties: {
      Name: `${ctx.name.toLowerCase()}-http`,
      NamespaceId: namespaceId,
      DnsConfig: { DnsRecords: [{ Type: 'SRV', TTL: 10 }], RoutingPolicy: 'MULTIVALUE' },
      HealthCheckCustomConfig: { FailureThreshold: 1 },
    },
  }, ctx.origin);
  ctx.builder.addResource(ids.vpcLinkSecurityGroup, {
    Type: 'AWS::EC2::SecurityGroup',
    Properties: {
      GroupDescription: `VPC link of ${ctx.name}`,
      VpcId: vpc.vpcId,
      SecurityGroupEgress: [{ IpProtocol: 'tcp', FromPort: port, ToPort: port, CidrIp: vpc.vpcCidr, Description: 'to the service tasks' }],
    },
  }, ctx.origin);
  ctx.builder.addResource(ids.vpcLink, {
    Type: 'AWS::ApiGatewayV2::VpcLink',
    Properties: { Name: `${ctx.projectName}-${ctx.stage}-${ctx.name}`, SubnetIds: vpc.publicSubnetIds, SecurityGroupIds: [getAtt(ids.vpcLinkSecurityGroup, 'GroupId')] },
  }, ctx.origin);
  return {
    ingress: [{ IpProtocol: 'tcp', FromPort: port, ToPort: port, SourceSecurityGroupId: getAtt(ids.vpcLinkSecurityGroup, 'GroupId'), Description: 'from the HTTP API VPC link' }],
    serviceRegistries: [{ RegistryArn: getAtt(ids.discoveryService, 'Arn'), ContainerName: container, ContainerPort: port }],
  };
}

/** Integration properties (all but ApiId) forwarding through `resource`'s VPC link to its tasks; HTTP proxies take payload format 1.0 only. */
export function vpcLinkIntegration(resource: string): Record<string, unknown> {
  const ids = webServiceIds(resource);
  return {
    IntegrationType: 'HTTP_PROXY',
    IntegrationMethod: 'ANY',
    ConnectionType: 'VPC_LINK',
    ConnectionId: ref(ids.vpcLink),
    IntegrationUri: getAtt(ids.discoveryService, 'Arn'),
    PayloadFormatVersion: '1.0',
  };
}
