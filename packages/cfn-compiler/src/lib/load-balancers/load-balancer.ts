import { domainConfigurations, loadBalancerListenerLogicalId, loadBalancerLogicalId, NxstackError } from '@nxstack/core';
import { domainCertificateArn } from '../domains/custom-domains';
import { logicalId } from '../logical-ids';
import { getAtt, ref, type ResourceCompileContext } from '../resource-types/resource-type';
import type { TemplateBuilder, ResourceOrigin } from '../template-builder';
import { ensureSharedVpc } from '../vpc/shared-vpc';

/**
 * The one owner of how nxstack builds an Elastic Load Balancer (v2) and its listeners: used by
 * the `application-load-balancer` / `network-load-balancer` resources and by a web-service's own
 * ALB (`loadBalancing: application-load-balancer`).
 */
export function loadBalancerIds(name: string) {
  return {
    loadBalancer: loadBalancerLogicalId(name),
    securityGroup: logicalId(name, 'LoadBalancerSecurityGroup'),
    listener: (port: number) => loadBalancerListenerLogicalId(name, port),
  };
}

export interface ListenerSpec {
  readonly protocol: 'HTTP' | 'HTTPS' | 'TCP' | 'TLS';
  readonly port: number;
  readonly customCertificateArns?: readonly string[];
  readonly whitelistIps?: readonly string[];
}

export interface LoadBalancerSpec {
  readonly kind: 'application' | 'network';
  readonly internal: boolean;
  readonly listeners: readonly ListenerSpec[];
  /** Logical ids of the load balancer and its security group. */
  readonly loadBalancerId: string;
  readonly securityGroupId: string;
  readonly description: string;
}

/** Security group admitting each listener's port (from its whitelist, the VPC when internal, else anywhere) and the load balancer in the shared VPC's public subnets. */
export function compileLoadBalancer(builder: TemplateBuilder, origin: ResourceOrigin, spec: LoadBalancerSpec): void {
  const vpc = ensureSharedVpc(builder);
  const ingress = spec.listeners.flatMap((l) => {
    const sources: unknown[] = l.whitelistIps?.length ? [...l.whitelistIps] : [spec.internal ? vpc.vpcCidr : '0.0.0.0/0'];
    return sources.map((cidr) => ({ IpProtocol: 'tcp', FromPort: l.port, ToPort: l.port, CidrIp: cidr, Description: `${l.protocol} ${l.port}` }));
  });
  builder.addResource(spec.securityGroupId, {
    Type: 'AWS::EC2::SecurityGroup',
    Properties: { GroupDescription: spec.description, VpcId: vpc.vpcId, SecurityGroupIngress: ingress },
  }, origin);
  builder.addResource(spec.loadBalancerId, {
    Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
    DependsOn: vpc.internetRouteIds as string[],
    Properties: {
      Type: spec.kind,
      Scheme: spec.internal ? 'internal' : 'internet-facing',
      Subnets: vpc.publicSubnetIds,
      SecurityGroups: [getAtt(spec.securityGroupId, 'GroupId')],
    },
  }, origin);
}

/**
 * Certificates of an HTTPS / TLS listener of load balancer `lb`: its customCertificateArns, else
 * the certificates of the load balancer's customDomains; none for HTTP / TCP.
 */
export function listenerCertificateArns(stage: string, lb: string, lbProperties: { customDomains?: unknown } | undefined, l: ListenerSpec): unknown[] {
  if (l.protocol !== 'HTTPS' && l.protocol !== 'TLS') return [];
  if (l.customCertificateArns?.length) return [...l.customCertificateArns];
  return domainConfigurations(lbProperties?.customDomains).map((d) => domainCertificateArn(stage, lb, d));
}

/** HTTPS / TLS listeners need a certificate: fails, located at the listener, when there is none. */
export function assertListenerCertificates(ctx: ResourceCompileContext, l: ListenerSpec, at: ReadonlyArray<string | number>, arns: readonly unknown[]): void {
  if ((l.protocol === 'HTTPS' || l.protocol === 'TLS') && arns.length === 0) {
    throw new NxstackError('NXS_LB_LISTENER_CERTIFICATE_MISSING', `The ${l.protocol} listener on port ${l.port} of '${ctx.name}' has no certificate.`, {
      location: ctx.locate([...at, 'protocol']),
      hint: `Add customDomains to the load balancer (nxstack creates their certificates), set customCertificateArns (ACM certificates) on the listener, or use ${l.protocol === 'HTTPS' ? 'HTTP' : 'TCP'}.`,
    });
  }
}

/**
 * `Certificates` of listener `listenerId`: a listener takes one default certificate, each further
 * one is an AWS::ElasticLoadBalancingV2::ListenerCertificate (one certificate per resource).
 */
export function listenerCertificateProperties(builder: TemplateBuilder, origin: ResourceOrigin, listenerId: string, arns: readonly unknown[]): Record<string, unknown> {
  if (arns.length === 0) return {};
  arns.slice(1).forEach((arn, i) => {
    builder.addResource(`${listenerId}Certificate${i + 2}`, {
      Type: 'AWS::ElasticLoadBalancingV2::ListenerCertificate',
      Properties: { ListenerArn: ref(listenerId), Certificates: [{ CertificateArn: arn }] },
    }, origin);
  });
  return { Certificates: [{ CertificateArn: arns[0] }] };
}

export const listenerRef = (loadBalancer: string, port: number) => ref(loadBalancerIds(loadBalancer).listener(port));

/** Target group health check from Stacktape's LoadBalancerHealthCheck (defaults `/`, 5 s, 4 s; ALB HTTP, NLB TCP). */
export function targetGroupHealthCheck(kind: 'application' | 'network', h: { healthcheckPath?: string; healthcheckInterval?: number; healthcheckTimeout?: number; healthCheckProtocol?: 'HTTP' | 'TCP'; healthCheckPort?: number } = {}): Record<string, unknown> {
  const protocol = h.healthCheckProtocol ?? (kind === 'application' ? 'HTTP' : 'TCP');
  return {
    HealthCheckProtocol: protocol,
    ...(protocol === 'HTTP' ? { HealthCheckPath: h.healthcheckPath ?? '/' } : {}),
    ...(h.healthCheckPort ? { HealthCheckPort: String(h.healthCheckPort) } : {}),
    HealthCheckIntervalSeconds: h.healthcheckInterval ?? 5,
    // Set for NLBs too: left out, the default timeout (10 s) exceeds the 5 s interval, which ELB refuses.
    HealthCheckTimeoutSeconds: h.healthcheckTimeout ?? 4,
  };
}

/** Properties of a target group of Fargate task IPs on `port` (deregistration after 5 s: tasks stop fast). */
export function ipTargetGroupProperties(builder: TemplateBuilder, kind: 'application' | 'network', port: number, health?: Parameters<typeof targetGroupHealthCheck>[1]): Record<string, unknown> {
  return {
    TargetType: 'ip',
    Protocol: kind === 'application' ? 'HTTP' : 'TCP',
    Port: port,
    VpcId: ensureSharedVpc(builder).vpcId,
    ...targetGroupHealthCheck(kind, health),
    TargetGroupAttributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '5' }],
  };
}
