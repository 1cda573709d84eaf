import { ALB_NO_RULE_RESPONSE, albListeners, albUrlListener, DEFAULT_STAGE, domainConfigurations, loadBalancerLogicalId, localEndpointUrl, NxstackError, stackName, type ApplicationLoadBalancerProperties } from '@nxstack/core';
import { compileLoadBalancerDomains } from '../domains/load-balancer-domains';
import { getAtt, ref, type ResourceTypeModule } from '../resource-types/resource-type';
import { assertListenerCertificates, compileLoadBalancer, listenerCertificateArns, listenerCertificateProperties, loadBalancerIds } from './load-balancer';
import { compileFirewallAssociation } from '../resource-types/use-firewall';
import { logicalId } from '../logical-ids';

/**
 * `type: application-load-balancer` — an ALB with its listeners; requests no rule matches get
 * 404 (or the listener's redirect). Rules and target groups come from the functions' and
 * containers' `application-load-balancer` events (listener-rules.ts).
 */
export const applicationLoadBalancerType: ResourceTypeModule<ApplicationLoadBalancerProperties> = {
  type: 'application-load-balancer',
  params: {
    domain: (name) => getAtt(loadBalancerIds(name).loadBalancer, 'DNSName'),
    url: (name, properties, scope) => {
      // On the local stage serve listens for this listener on the load balancer's local port, whatever its AWS port.
      if (scope.stage === DEFAULT_STAGE) return localEndpointUrl(stackName(scope.projectName, scope.stage), loadBalancerLogicalId(name));
      const domains = domainConfigurations(properties?.customDomains);
      if (domains.length) return `https://${domains[0].domainName}`;
      const l = albUrlListener(properties);
      const port = (l.protocol === 'HTTP' && l.port === 80) || (l.protocol === 'HTTPS' && l.port === 443) ? '' : `:${l.port}`;
      return { 'Fn::Join': ['', [`${l.protocol.toLowerCase()}://`, getAtt(loadBalancerIds(name).loadBalancer, 'DNSName'), port]] };
    },
    arn: (name) => ref(loadBalancerIds(name).loadBalancer),
    customDomains: (_name, properties) => (domainConfigurations(properties?.customDomains).length ? domainConfigurations(properties?.customDomains).map((d) => d.domainName).join(',') : undefined),
    canonicalDomain: (name) => getAtt(loadBalancerIds(name).loadBalancer, 'DNSName'),
  },
  outputs: { Domain: 'domain', Url: 'url' },
  compile(ctx) {
    const ids = loadBalancerIds(ctx.name);
    const listeners = albListeners(ctx.properties);
    compileLoadBalancer(ctx.builder, ctx.origin, {
      kind: 'application',
      internal: ctx.properties.interface === 'internal',
      listeners,
      loadBalancerId: ids.loadBalancer,
      securityGroupId: ids.securityGroup,
      description: `Application load balancer ${ctx.name}`,
    });
    listeners.forEach((l, i) => {
      const at = [...ctx.path, 'properties', 'listeners', i];
      if (listeners.findIndex((x) => x.port === l.port) !== i) {
        throw new NxstackError('NXS_INVALID_VALUE', `Load balancer '${ctx.name}' has two listeners on port ${l.port}.`, { location: ctx.locate([...at, 'port']), hint: 'Give each listener its own port.' });
      }
      const redirect = l.defaultAction?.properties;
      const defaultAction = redirect
        ? {
            Type: 'redirect',
            RedirectConfig: {
              StatusCode: redirect.statusCode,
              ...(redirect.protocol ? { Protocol: redirect.protocol } : {}),
              ...(redirect.port ? { Port: String(redirect.port) } : {}),
              ...(redirect.host ? { Host: redirect.host } : {}),
              ...(redirect.path ? { Path: redirect.path } : {}),
              ...(redirect.query !== undefined ? { Query: redirect.query } : {}),
            },
          }
        : { Type: 'fixed-response', FixedResponseConfig: { StatusCode: String(ALB_NO_RULE_RESPONSE.statusCode), ContentType: ALB_NO_RULE_RESPONSE.contentType, MessageBody: ALB_NO_RULE_RESPONSE.body } };
      const certificates = listenerCertificateArns(ctx.stage, ctx.name, ctx.properties, l);
      assertListenerCertificates(ctx, l, at, certificates);
      ctx.builder.addResource(ids.listener(l.port), {
        Type: 'AWS::ElasticLoadBalancingV2::Listener',
        Properties: { LoadBalancerArn: ref(ids.loadBalancer), Port: l.port, Protocol: l.protocol, DefaultActions: [defaultAction], ...listenerCertificateProperties(ctx.builder, ctx.origin, ids.listener(l.port), certificates) },
      }, ctx.origin);
    });
    if (ctx.properties.useFirewall) compileFirewallAssociation(ctx, ctx.properties.useFirewall, ref(ids.loadBalancer));
    compileLoadBalancerDomains(ctx as never, ids.loadBalancer);
  },
};
