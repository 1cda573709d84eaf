import { NxstackError } from '@nxstack/core';
import { logicalId } from '../logical-ids';
import { getAtt, type ResourceCompileContext } from './resource-type';
import { webAclId } from './web-app-firewall';

/**
 * `useFirewall: <web-app-firewall>` of a CloudFront distribution (`cdn`) or a regional resource
 * (load balancer): the web ACL's ARN, after checking that the name is a web-app-firewall of this
 * stack whose scope fits (WAF refuses a CLOUDFRONT ACL on a load balancer and the reverse).
 */
export function firewallArn(ctx: ResourceCompileContext, firewall: string, at: ReadonlyArray<string | number>, scope: 'cdn' | 'regional'): unknown {
  const target = ctx.resourceConfig(firewall);
  if (target?.type !== 'web-app-firewall') {
    const firewalls = Object.entries(ctx.stack.config.resources).filter(([, r]) => r.type === 'web-app-firewall').map(([n]) => n);
    throw new NxstackError('NXS_UNKNOWN_RESOURCE_REFERENCE', `useFirewall of '${ctx.name}' names '${firewall}', which is ${target ? `a ${target.type}` : 'not a resource of this stack'}, not a web-app-firewall`, {
      location: ctx.locate(at),
      hint: `Name a web-app-firewall of this stack.yml (${firewalls.join(', ') || 'there is none'}).`,
    });
  }
  const actual = (target.properties as { scope?: string } | undefined)?.scope;
  if (actual !== scope) {
    throw new NxstackError('NXS_INVALID_VALUE', `useFirewall of '${ctx.name}' names '${firewall}', whose scope is ${actual}; ${scope === 'cdn' ? 'a CloudFront distribution needs scope: cdn' : `a ${ctx.config.type} needs scope: regional`}`, {
      location: ctx.locate(at),
      hint: `Set scope: ${scope} on '${firewall}', or use another web-app-firewall with that scope${scope === 'regional' ? ' (AWS WAF associates a regional web ACL with load balancers and user pools; a cdn one is attached to CloudFront distributions only)' : ''}.`,
    });
  }
  return getAtt(webAclId(firewall), 'Arn');
}

/**
 * `useFirewall` of a regional resource (load balancer, user pool): the WebACLAssociation of the
 * firewall's web ACL with `resourceArn`, after firewallArn's checks (scope regional).
 */
export function compileFirewallAssociation(ctx: ResourceCompileContext, firewall: string, resourceArn: unknown): void {
  const webAclArn = firewallArn(ctx, firewall, [...ctx.path, 'properties', 'useFirewall'], 'regional');
  ctx.builder.addResource(logicalId(ctx.name, 'WebAclAssociation'), { Type: 'AWS::WAFv2::WebACLAssociation', Properties: { ResourceArn: resourceArn, WebACLArn: webAclArn } }, ctx.origin);
}
