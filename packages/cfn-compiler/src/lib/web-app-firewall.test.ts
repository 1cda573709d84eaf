import { describe, expect, it } from 'vitest';
import { parseStack } from '@nxstack/core';
import { cfnLint } from '../../../../tools/test-services/cfn-lint';
import { compileStack } from './compile-stack';

const compile = (text: string, region = 'us-east-1', stage = 'dev') =>
  compileStack({ stack: parseStack(text, 'stack.yml', { checkPaths: false }), projectName: 'shop', stage, region, artifacts: {} });

const failure = (text: string, region = 'us-east-1') => {
  try {
    compile(text, region);
  } catch (e) {
    return e as { code: string; message: string; location?: { line: number } };
  }
  throw new Error('expected the compile to fail');
};

describe('web-app-firewall', () => {
  it("defaults to Stacktape's two AWS managed rule sets, allows by default, metrics on; a regional one guards an application-load-balancer; cfn-lint accepts it", async () => {
    const { template: t, outputsByResource } = compile(`resources:
  fw:
    type: web-app-firewall
    properties: { scope: regional }
  lb:
    type: application-load-balancer
    properties: { useFirewall: fw }
`, 'eu-west-1');
    expect(await cfnLint(t)).toBe('');
    const acl = t.Resources.FwWebAcl.Properties as Record<string, any>;
    expect(acl).toMatchObject({
      Name: 'shop-dev-fw',
      Scope: 'REGIONAL',
      DefaultAction: { Allow: {} },
      VisibilityConfig: { CloudWatchMetricsEnabled: true, MetricName: 'shop-dev-fw', SampledRequestsEnabled: false },
      CaptchaConfig: { ImmunityTimeProperty: { ImmunityTime: 300 } },
      ChallengeConfig: { ImmunityTimeProperty: { ImmunityTime: 300 } },
    });
    expect(acl.Rules.map((r: any) => [r.Priority, r.Statement.ManagedRuleGroupStatement.Name, r.OverrideAction])).toEqual([
      [0, 'AWSManagedRulesCommonRuleSet', { None: {} }],
      [1, 'AWSManagedRulesKnownBadInputsRuleSet', { None: {} }],
    ]);
    expect(t.Resources.LbWebAclAssociation).toEqual({ Type: 'AWS::WAFv2::WebACLAssociation', Properties: { ResourceArn: { Ref: 'LbLoadBalancer' }, WebACLArn: { 'Fn::GetAtt': ['FwWebAcl', 'Arn'] } } });
    expect(outputsByResource.fw).toEqual({ arn: 'FwArn' });
  }, 60_000);

  it('compiles each rule type with its settings (scope cdn on a hosting-bucket distribution in us-east-1); cfn-lint accepts it', async () => {
    const { template: t } = compile(`resources:
  edge:
    type: web-app-firewall
    properties:
      scope: cdn
      defaultAction: Block
      captchaImmunityTime: 600
      tokenDomains: [example.com]
      sampledRequestsEnabled: true
      customResponseBodies:
        denied: { contentType: application/json, content: '{"error":"denied"}' }
      rules:
        - type: managed-rule-group
          properties: { name: AWSManagedRulesSQLiRuleSet, vendorName: AWS, priority: 2, overrideAction: Count, excludedRules: [SQLi_BODY], disableMetrics: true }
        - type: custom-rule-group
          properties: { name: mine, priority: 0, arn: 'arn:aws:wafv2:us-east-1:123456789012:global/rulegroup/mine/abc' }
        - type: rate-based-rule
          properties: { name: perIp, priority: 1, limit: 500, aggregateBasedOn: FORWARDED_IP, forwardedIPConfig: { headerName: X-Forwarded-For, fallbackBehavior: MATCH }, action: Captcha }
  site:
    type: hosting-bucket
    properties: { uploadDirectoryPath: ./dist, useFirewall: edge }
`);
    expect(await cfnLint(t)).toBe('');
    const acl = t.Resources.EdgeWebAcl.Properties as Record<string, any>;
    expect(acl).toMatchObject({ Scope: 'CLOUDFRONT', DefaultAction: { Block: {} }, TokenDomains: ['example.com'], CustomResponseBodies: { denied: { ContentType: 'APPLICATION_JSON', Content: '{"error":"denied"}' } } });
    expect(acl.CaptchaConfig).toEqual({ ImmunityTimeProperty: { ImmunityTime: 600 } });
    expect(acl.Rules).toEqual([
      { Name: 'AWSManagedRulesSQLiRuleSet', Priority: 2, VisibilityConfig: { CloudWatchMetricsEnabled: false, MetricName: 'AWSManagedRulesSQLiRuleSet', SampledRequestsEnabled: false }, Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesSQLiRuleSet', ExcludedRules: [{ Name: 'SQLi_BODY' }] } }, OverrideAction: { Count: {} } },
      { Name: 'mine', Priority: 0, VisibilityConfig: { CloudWatchMetricsEnabled: true, MetricName: 'mine', SampledRequestsEnabled: false }, Statement: { RuleGroupReferenceStatement: { Arn: 'arn:aws:wafv2:us-east-1:123456789012:global/rulegroup/mine/abc' } }, OverrideAction: { None: {} } },
      { Name: 'perIp', Priority: 1, VisibilityConfig: { CloudWatchMetricsEnabled: true, MetricName: 'perIp', SampledRequestsEnabled: false }, Statement: { RateBasedStatement: { Limit: 500, AggregateKeyType: 'FORWARDED_IP', ForwardedIPConfig: { HeaderName: 'X-Forwarded-For', FallbackBehavior: 'MATCH' } } }, Action: { Captcha: {} } },
    ]);
    expect((t.Resources.SiteCdnDistribution.Properties as any).DistributionConfig.WebACLId).toEqual({ 'Fn::GetAtt': ['EdgeWebAcl', 'Arn'] });
  }, 60_000);

  it('refuses scope cdn outside us-east-1, a firewall of the wrong scope or type, duplicate priorities and FORWARDED_IP without its header, each at its line', () => {
    const cdnFw = `resources:
  fw:
    type: web-app-firewall
    properties:
      scope: cdn
  files:
    type: bucket
    properties: { cdn: { enabled: true, useFirewall: fw } }
`;
    expect(failure(cdnFw, 'eu-west-1')).toMatchObject({ code: 'NXS_NOT_SUPPORTED_YET', message: expect.stringContaining("web-app-firewall 'fw' with scope cdn in a stack outside us-east-1"), location: { line: 5 } });
    expect(failure(cdnFw.replace('scope: cdn', 'scope: regional'))).toMatchObject({ code: 'NXS_INVALID_VALUE', message: expect.stringContaining('a CloudFront distribution needs scope: cdn'), location: { line: 8 } });
    expect(failure(cdnFw.replace('useFirewall: fw', 'useFirewall: files'))).toMatchObject({ code: 'NXS_UNKNOWN_RESOURCE_REFERENCE', message: expect.stringContaining("names 'files', which is a bucket, not a web-app-firewall") });
    const rules = (extra: string, second = 1) => `resources:
  fw:
    type: web-app-firewall
    properties:
      scope: regional
      rules:
        - type: rate-based-rule
          properties: { name: a, priority: 1, limit: 100${extra} }
        - type: rate-based-rule
          properties: { name: b, priority: ${second}, limit: 100 }
`;
    expect(failure(rules(''))).toMatchObject({ code: 'NXS_INVALID_VALUE', message: "rules[1] and rules[0] of web-app-firewall 'fw' have the same priority 1", location: { line: 10 } });
    expect(failure(rules(', aggregateBasedOn: FORWARDED_IP', 2))).toMatchObject({ code: 'NXS_MISSING_PROPERTY', location: { line: 8 } });
  });

  /** A regional and a cdn firewall, a web-service (its loadBalancing / useFirewall lines given) and a user pool with useFirewall. */
  const guarded = (service: string, poolFirewall = 'fw') => `resources:
  fw:
    type: web-app-firewall
    properties: { scope: regional }
  edge:
    type: web-app-firewall
    properties: { scope: cdn }
  web:
    type: web-service
    properties:
      packaging: { type: prebuilt-image, properties: { image: nginx:1.27 } }
      resources: { cpu: 0.25, memory: 512 }
${service}
  members:
    type: user-auth-pool
    properties:
      useFirewall: ${poolFirewall}
`;
  const alb = '      loadBalancing: { type: application-load-balancer }';

  it("a regional one guards a web-service's load balancer and a user pool (WebACLAssociation with the pool's ARN); cfn-lint accepts it", async () => {
    const { template: t } = compile(guarded(`${alb}\n      useFirewall: fw`));
    expect(await cfnLint(t)).toBe('');
    expect(t.Resources.WebWebAclAssociation).toEqual({ Type: 'AWS::WAFv2::WebACLAssociation', Properties: { ResourceArn: { Ref: 'WebLoadBalancer' }, WebACLArn: { 'Fn::GetAtt': ['FwWebAcl', 'Arn'] } } });
    expect(t.Resources.MembersWebAclAssociation).toEqual({ Type: 'AWS::WAFv2::WebACLAssociation', Properties: { ResourceArn: { 'Fn::GetAtt': ['MembersUserPool', 'Arn'] }, WebACLArn: { 'Fn::GetAtt': ['FwWebAcl', 'Arn'] } } });
  }, 60_000);

  it('refuses useFirewall on a web-service behind an HTTP API, and a cdn-scoped or unknown firewall on a user pool, at the useFirewall line', () => {
    expect(failure(guarded('      useFirewall: fw'))).toMatchObject({ code: 'NXS_INVALID_VALUE', message: "useFirewall of web-service 'web' needs loadBalancing type application-load-balancer: AWS WAF cannot guard an HTTP API (the default front).", location: { line: 13 } });
    expect(failure(guarded(alb, 'edge'))).toMatchObject({ code: 'NXS_INVALID_VALUE', message: "useFirewall of 'members' names 'edge', whose scope is cdn; a user-auth-pool needs scope: regional", location: { line: 17 } });
    expect(failure(guarded(`${alb}\n      useFirewall: edge`))).toMatchObject({ code: 'NXS_INVALID_VALUE', message: "useFirewall of 'web' names 'edge', whose scope is cdn; a web-service needs scope: regional", location: { line: 14 } });
    expect(failure(guarded(alb, 'nope'))).toMatchObject({ code: 'NXS_UNKNOWN_RESOURCE_REFERENCE', message: "useFirewall of 'members' names 'nope', which is not a resource of this stack, not a web-app-firewall", location: { line: 17 } });
  });

  it('warns that the local stage does not enforce it', () => {
    const { warnings } = compile('resources:\n  fw:\n    type: web-app-firewall\n    properties: { scope: regional }\n', 'local', 'local');
    expect(warnings).toContain("web-app-firewall 'fw' is not enforced on the local stage: its rules apply on AWS stages only.");
  });
});
