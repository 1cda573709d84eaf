import { domainConfigurations } from '@nxstack/core';
import { getAtt, type ResourceCompileContext } from '../resource-types/resource-type';
import { compileAliasRecords, compileDomainCertificate, forEachDomain } from './custom-domains';

/**
 * customDomains of a load balancer (`application-load-balancer`, `network-load-balancer`, a
 * web-service's own ALB): per domain its certificate (the HTTPS / TLS listeners use it, see
 * load-balancer.ts listenerCertificateArns) and an alias record to the load balancer.
 */
export function compileLoadBalancerDomains(ctx: ResourceCompileContext, loadBalancerId: string): void {
  const dnsName = getAtt(loadBalancerId, 'DNSName');
  forEachDomain(ctx, domainConfigurations(ctx.properties.customDomains), [...ctx.path, 'properties', 'customDomains'], (d, at) => {
    compileDomainCertificate(ctx, d, at);
    compileAliasRecords(ctx, d, { dnsName, hostedZoneId: getAtt(loadBalancerId, 'CanonicalHostedZoneID') });
  }, { prefix: '', canonicalDomain: dnsName });
}
