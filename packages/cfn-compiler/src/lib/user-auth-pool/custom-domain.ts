import type { UserAuthPoolProperties } from '@nxstack/core';
import { cloudFrontCertificate } from '../domains/cdn-domains';
import { CLOUDFRONT_HOSTED_ZONE_ID, compileAliasRecords, domainIds, forEachDomain } from '../domains/custom-domains';
import { logicalId } from '../logical-ids';
import { getAtt, ref, type ResourceCompileContext } from '../resource-types/resource-type';

export const customDomainId = (name: string) => logicalId(name, 'UserPoolCustomDomain');

/**
 * `customDomain` of a user-auth-pool (Stacktape's user-pools.d.ts): an AWS::Cognito::UserPoolDomain
 * named by the domain with a us-east-1 certificate (Cognito serves it through a CloudFront
 * distribution of its own; customDomains' certificate owner in cdn-domains.ts), and an A alias
 * record to that distribution (unless disableDnsRecordCreation). The local stage compiles none of
 * it and lists the domain as not served there. Returns the domain's logical id (undefined on the
 * local stage).
 */
export function compileUserPoolCustomDomain(ctx: ResourceCompileContext<UserAuthPoolProperties>, poolId: string): string | undefined {
  const d = ctx.properties.customDomain;
  if (!d) return undefined;
  const at = [...ctx.path, 'properties', 'customDomain'];
  const id = customDomainId(ctx.name);
  let compiled: string | undefined;
  forEachDomain(ctx as ResourceCompileContext, [d], at, () => {
    const certificate = cloudFrontCertificate(ctx as ResourceCompileContext, { id: domainIds(ctx.name, d.domainName).certificate, what: `the customDomain of user-auth-pool '${ctx.name}'`, domains: [d], entry: () => at });
    ctx.builder.addResource(id, {
      Type: 'AWS::Cognito::UserPoolDomain',
      Properties: { UserPoolId: ref(poolId), Domain: d.domainName, CustomDomainConfig: { CertificateArn: certificate } },
    }, ctx.origin);
    compileAliasRecords(ctx as ResourceCompileContext, d, { dnsName: getAtt(id, 'CloudFrontDistribution'), hostedZoneId: CLOUDFRONT_HOSTED_ZONE_ID });
    compiled = id;
  }, { prefix: '', canonicalDomain: getAtt(id, 'CloudFrontDistribution'), property: 'customDomain' });
  return compiled;
}
