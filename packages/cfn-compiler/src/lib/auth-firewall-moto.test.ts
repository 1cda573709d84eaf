// useFirewall (web-service load balancer, user pool) and a user pool's customDomain deployed to
// moto's CloudFormation (tools/services/moto_wafv2.py, moto_cognito.py), read back through WAF,
// Cognito and Route 53; and what WAF and Cognito refuse, refused there too.
import { describe, expect, it } from 'vitest';
import { parseStack } from '@nxstack/core';
import { motoJson } from '../../../../tools/test-services/moto-json';
import { createHostedZone, listRecords, upsertRecord } from '../../../../tools/test-services/moto-route53';
import { clientConfig, deployToMoto } from './__fixtures__/moto-stack';
import { validateStack } from './validate-stack';
import type { CfnTemplate } from './types';

const REGION = 'us-east-1';

const STACK = (domain: string) => `resources:
  guard:
    type: web-app-firewall
    properties: { scope: regional }
  web:
    type: web-service
    properties:
      packaging: { type: prebuilt-image, properties: { image: nginx:1.27 } }
      resources: { cpu: 0.25, memory: 512 }
      port: 80
      loadBalancing: { type: application-load-balancer }
      useFirewall: guard
  members:
    type: user-auth-pool
    properties:
      useFirewall: guard
      customDomain: { domainName: ${domain} }
`;

const endpoint = () => clientConfig().endpoint;
const call = <T>(service: string, target: string, body: Record<string, unknown>) => motoJson<T>({ endpoint: endpoint(), region: REGION, service }, target, body);

function compile(text: string, stage: string, zones: Map<string, string>): CfnTemplate {
  return validateStack({ stack: parseStack(text, 'stack.yml', { checkPaths: false }), projectName: 'authwaf', stage, region: REGION, hostedZones: zones }).template;
}

describe('useFirewall and user-auth-pool customDomain on moto CloudFormation', () => {
  it('associates the regional web ACL with the load balancer and the pool; the custom domain gets its certificate, Cognito domain and alias record', async () => {
    const zone = `fw${Date.now().toString(36)}.example`;
    const zoneId = await createHostedZone(endpoint(), zone);
    // Cognito needs the parent domain to resolve.
    await upsertRecord(endpoint(), zoneId, { name: zone, type: 'A', value: '192.0.2.10' });
    const stage = `s${Date.now().toString(36)}`;
    const deployed = await deployToMoto(`authwaf-${stage}`, compile(STACK(`auth.${zone}`), stage, new Map([[`auth.${zone}`, zoneId]])));
    expect(deployed.reasons).toEqual([]);
    expect(deployed.status).toBe('CREATE_COMPLETE');
    const { physical } = deployed;

    const aclArn = (await call<{ WebACL: { ARN: string; Name: string } }>('wafv2', 'AWSWAF_20190729.GetWebACLForResource', { ResourceArn: physical.WebLoadBalancer })).WebACL;
    expect(aclArn.Name).toBe(`authwaf-${stage}-guard`);
    const poolArn = (await call<{ UserPool: { Arn: string } }>('cognito-idp', 'AWSCognitoIdentityProviderService.DescribeUserPool', { UserPoolId: physical.MembersUserPool })).UserPool.Arn;
    expect((await call<{ WebACL: { ARN: string } }>('wafv2', 'AWSWAF_20190729.GetWebACLForResource', { ResourceArn: poolArn })).WebACL.ARN).toBe(aclArn.ARN);

    const { DomainDescription: domain } = await call<{ DomainDescription: { UserPoolId: string; CloudFrontDistribution: string } }>('cognito-idp', 'AWSCognitoIdentityProviderService.DescribeUserPoolDomain', { Domain: `auth.${zone}` });
    expect(domain.UserPoolId).toBe(physical.MembersUserPool);
    expect(deployed.outputs.MembersCustomDomainUrls).toBe(`https://auth.${zone}`);
    const records = (await listRecords(endpoint(), zoneId)).map((r) => [r.name, r.type, r.aliasTarget]);
    expect(records).toEqual(expect.arrayContaining([[`auth.${zone}`, 'A', domain.CloudFrontDistribution], [expect.stringMatching(new RegExp(`^_\\w+\\.auth\\.${zone.replace('.', '\\.')}$`)), 'CNAME', undefined]]));
  }, 120_000);

  it('refuses a custom domain whose parent domain does not resolve, and a CloudFront web ACL associated with a pool', async () => {
    const zone = `np${Date.now().toString(36)}.example`;
    const zoneId = await createHostedZone(endpoint(), zone);
    const stage = `n${Date.now().toString(36)}`;
    const template = compile(`resources:\n  members:\n    type: user-auth-pool\n    properties:\n      customDomain: { domainName: auth.${zone} }\n`, stage, new Map([[`auth.${zone}`, zoneId]]));
    // moto's CreateStack answers a resource's refusal as a ValidationError naming it (CloudFormation: CREATE_FAILED with that reason).
    await expect(deployToMoto(`authwaf-${stage}`, template)).rejects.toThrow(`was not able to resolve a DNS A record for the parent domain ${zone}`);

    // nxstack refuses this before deploy (web-app-firewall.test.ts); WAF refuses it too.
    const edge = `e${Date.now().toString(36)}`;
    const cloudFrontAcl: CfnTemplate = {
      AWSTemplateFormatVersion: '2010-09-09',
      Resources: {
        Pool: { Type: 'AWS::Cognito::UserPool', Properties: { UserPoolName: `pool-${edge}` } },
        Acl: { Type: 'AWS::WAFv2::WebACL', Properties: { Name: `edge-${edge}`, Scope: 'CLOUDFRONT', DefaultAction: { Allow: {} }, VisibilityConfig: { CloudWatchMetricsEnabled: false, MetricName: 'edge', SampledRequestsEnabled: false } } },
        Association: { Type: 'AWS::WAFv2::WebACLAssociation', Properties: { ResourceArn: { 'Fn::GetAtt': ['Pool', 'Arn'] }, WebACLArn: { 'Fn::GetAtt': ['Acl', 'Arn'] } } },
      },
    } as CfnTemplate;
    await expect(deployToMoto(`authwaf-${edge}`, cloudFrontAcl)).rejects.toThrow('has scope CLOUDFRONT: a CloudFront web ACL is attached to a distribution');
  }, 120_000);
});
