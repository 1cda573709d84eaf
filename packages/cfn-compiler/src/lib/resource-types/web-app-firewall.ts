import { isLocalStage, NxstackError, type WebAppFirewallProperties, type WebAppFirewallRule } from '@nxstack/core';
import { physicalName } from '../data/physical-name';
import { logicalId } from '../logical-ids';
import { getAtt, type ResourceCompileContext, type ResourceTypeModule } from './resource-type';

export const webAclId = (name: string) => logicalId(name, 'WebAcl');

/** AWS keeps web ACLs for CloudFront (scope CLOUDFRONT) in us-east-1 only. */
export const CDN_FIREWALL_REGION = 'us-east-1';

/** Stacktape's rules when `rules` is left out: AWS's common rule set and its known-bad-inputs set. */
const DEFAULT_MANAGED_GROUPS = ['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet'];

const CONTENT_TYPES: Readonly<Record<string, string>> = { 'text/plain': 'TEXT_PLAIN', 'text/html': 'TEXT_HTML', 'application/json': 'APPLICATION_JSON' };

/**
 * `type: web-app-firewall` — AWS::WAFv2::WebACL named `<project>-<stage>-<resource>`, Stacktape's
 * rule types as WAF rules (managed-rule-group → ManagedRuleGroupStatement, custom-rule-group →
 * RuleGroupReferenceStatement, rate-based-rule → RateBasedStatement). Resources name it in
 * `useFirewall`, which adds their WebACLAssociation. `scope: cdn` needs a stack in us-east-1.
 */
export const webAppFirewallType: ResourceTypeModule<WebAppFirewallProperties> = {
  type: 'web-app-firewall',
  params: {
    arn: (name) => getAtt(webAclId(name), 'Arn'),
    scope: (_name, properties) => properties.scope,
  },
  outputs: { Arn: 'arn' },
  compile(ctx) {
    const p = ctx.properties;
    const at = (...path: Array<string | number>) => ctx.locate([...ctx.path, 'properties', ...path]);
    if (p.scope === 'cdn' && !isLocalStage(ctx.stage) && ctx.region !== undefined && ctx.region !== CDN_FIREWALL_REGION) {
      throw new NxstackError('NXS_NOT_SUPPORTED_YET', `web-app-firewall '${ctx.name}' with scope cdn in a stack outside ${CDN_FIREWALL_REGION} (this one deploys to ${ctx.region}) is not supported yet`, {
        location: at('scope'),
        hint: `AWS keeps CloudFront firewalls in ${CDN_FIREWALL_REGION}: deploy this stack to ${CDN_FIREWALL_REGION}, or use scope: regional for load balancers and user pools.`,
      });
    }
    if (isLocalStage(ctx.stage)) ctx.warn(`web-app-firewall '${ctx.name}' is not enforced on the local stage: its rules apply on AWS stages only.`);
    const name = physicalName(ctx.projectName, ctx.stage, ctx.name, 128);
    const rules = p.rules ?? defaultRules(p);
    checkUnique(ctx, rules, 'priority');
    checkUnique(ctx, rules, 'name');
    const properties: Record<string, unknown> = {
      Name: name,
      Scope: p.scope === 'cdn' ? 'CLOUDFRONT' : 'REGIONAL',
      DefaultAction: { [p.defaultAction]: {} },
      VisibilityConfig: visibility(name, p),
      Rules: rules.map((r, i) => wafRule(ctx, r, i)),
      CaptchaConfig: { ImmunityTimeProperty: { ImmunityTime: p.captchaImmunityTime } },
      ChallengeConfig: { ImmunityTimeProperty: { ImmunityTime: p.challengeImmunityTime } },
    };
    if (p.tokenDomains?.length) properties.TokenDomains = p.tokenDomains;
    if (p.customResponseBodies) {
      properties.CustomResponseBodies = Object.fromEntries(Object.entries(p.customResponseBodies).map(([key, b]) => [key, { ContentType: CONTENT_TYPES[b.contentType], Content: b.content }]));
    }
    ctx.builder.addResource(webAclId(ctx.name), { Type: 'AWS::WAFv2::WebACL', Properties: properties }, ctx.origin);
  },
};

function defaultRules(p: WebAppFirewallProperties): WebAppFirewallRule[] {
  return DEFAULT_MANAGED_GROUPS.map((name, priority) => ({
    type: 'managed-rule-group',
    properties: { name, priority, vendorName: 'AWS', overrideAction: 'None', disableMetrics: p.disableMetrics, sampledRequestsEnabled: p.sampledRequestsEnabled },
  }));
}

function visibility(metricName: string, o: { disableMetrics: boolean; sampledRequestsEnabled: boolean }) {
  return { CloudWatchMetricsEnabled: !o.disableMetrics, MetricName: metricName, SampledRequestsEnabled: o.sampledRequestsEnabled };
}

function wafRule(ctx: ResourceCompileContext<WebAppFirewallProperties>, rule: WebAppFirewallRule, index: number): Record<string, unknown> {
  const r = rule.properties;
  const common = { Name: r.name, Priority: r.priority, VisibilityConfig: visibility(r.name, r) };
  switch (rule.type) {
    case 'managed-rule-group': {
      const p = rule.properties;
      const statement: Record<string, unknown> = { VendorName: p.vendorName, Name: p.name };
      if (p.excludedRules?.length) statement.ExcludedRules = p.excludedRules.map((name) => ({ Name: name }));
      return { ...common, Statement: { ManagedRuleGroupStatement: statement }, OverrideAction: { [p.overrideAction]: {} } };
    }
    case 'custom-rule-group': {
      const p = rule.properties;
      return { ...common, Statement: { RuleGroupReferenceStatement: { Arn: p.arn } }, OverrideAction: { [p.overrideAction]: {} } };
    }
    case 'rate-based-rule': {
      const p = rule.properties;
      if (p.aggregateBasedOn === 'FORWARDED_IP' && !p.forwardedIPConfig) {
        throw new NxstackError('NXS_MISSING_PROPERTY', `rate-based-rule '${p.name}' of '${ctx.name}' aggregates on FORWARDED_IP without forwardedIPConfig`, {
          location: ctx.locate([...ctx.path, 'properties', 'rules', index, 'properties', 'aggregateBasedOn']),
          hint: 'Add forwardedIPConfig: { headerName: X-Forwarded-For, fallbackBehavior: MATCH } (the header that carries the client IP).',
        });
      }
      const statement: Record<string, unknown> = { Limit: p.limit, AggregateKeyType: p.aggregateBasedOn };
      if (p.aggregateBasedOn === 'FORWARDED_IP' && p.forwardedIPConfig) statement.ForwardedIPConfig = { HeaderName: p.forwardedIPConfig.headerName, FallbackBehavior: p.forwardedIPConfig.fallbackBehavior };
      return { ...common, Statement: { RateBasedStatement: statement }, Action: { [p.action]: {} } };
    }
  }
}

/** WAF refuses two rules with the same priority or name in one web ACL. */
function checkUnique(ctx: ResourceCompileContext<WebAppFirewallProperties>, rules: readonly WebAppFirewallRule[], key: 'priority' | 'name'): void {
  const seen = new Map<unknown, number>();
  rules.forEach((r, i) => {
    const value = r.properties[key];
    const first = seen.get(value);
    if (first === undefined) return void seen.set(value, i);
    throw new NxstackError('NXS_INVALID_VALUE', `rules[${i}] and rules[${first}] of web-app-firewall '${ctx.name}' have the same ${key} ${JSON.stringify(value)}`, {
      location: ctx.locate([...ctx.path, 'properties', 'rules', i, 'properties', key]),
      hint: `Give each rule its own ${key}${key === 'priority' ? ' (lower is evaluated first)' : ''}.`,
    });
  });
}
