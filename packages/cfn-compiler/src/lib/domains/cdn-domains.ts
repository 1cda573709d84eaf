import { certificateRegion, isLocalStage, NxstackError, type DomainConfiguration } from '@nxstack/core';
import { logicalId } from '../logical-ids';
import { getAtt, ref, type ResourceCompileContext, type StackPath } from '../resource-types/resource-type';
import { CLOUDFRONT_HOSTED_ZONE_ID, compileAliasRecords, forEachDomain } from './custom-domains';

export const cdnCertificateId = (resource: string) => logicalId(resource, 'CdnCertificate');

/**
 * customDomains of a CloudFront distribution (a `cdn`, a hosting-bucket's site): the aliases, one
 * certificate for all of them (a distribution has one: its subject alternative names cover the
 * other domains) and A + AAAA alias records. CloudFront reads certificates from us-east-1 only: on
 * a stage in another region the certificate is the user's (customCertificateArn, the same on
 * every entry), see compileDomainCertificate's hint. Returns the DistributionConfig additions.
 */
export function compileCdnDomains(ctx: ResourceCompileContext, distributionId: string, domains: readonly DomainConfiguration[], at: StackPath): Record<string, unknown> {
  let extra: Record<string, unknown> = {};
  if (domains.length && !isLocalStage(ctx.stage)) {
    extra = { Aliases: domains.map((d) => d.domainName), ViewerCertificate: { AcmCertificateArn: cdnCertificate(ctx, domains, at), SslSupportMethod: 'sni-only', MinimumProtocolVersion: 'TLSv1.2_2021' } };
  }
  const dnsName = getAtt(distributionId, 'DomainName');
  forEachDomain(ctx, domains, at, (d) => compileAliasRecords(ctx, d, { dnsName, hostedZoneId: CLOUDFRONT_HOSTED_ZONE_ID, ipv6: true }), { prefix: 'Cdn', canonicalDomain: dnsName });
  return extra;
}

function cdnCertificate(ctx: ResourceCompileContext, domains: readonly DomainConfiguration[], at: StackPath): unknown {
  const custom = [...new Set(domains.map((d) => d.customCertificateArn))];
  if (custom.length > 1) {
    const i = domains.findIndex((d) => d.customCertificateArn !== domains[0].customCertificateArn);
    throw new NxstackError('NXS_CDN_SETTING_INVALID', `The customDomains of '${ctx.name}''s distribution name ${custom.length} different certificates; a CloudFront distribution has one.`, {
      location: ctx.locate([...at, i]),
      hint: 'Give every entry the same customCertificateArn (one certificate covering all the domains), or none (nxstack creates one covering them all).',
    });
  }
  return cloudFrontCertificate(ctx, { id: cdnCertificateId(ctx.name), what: `'${ctx.name}''s distribution`, domains, entry: (i) => [...at, i] });
}

export interface CloudFrontCertificateRequest {
  /** Logical id of the certificate nxstack creates (when no customCertificateArn). */
  readonly id: string;
  /** What serves the domains, for messages (`'site''s distribution`). */
  readonly what: string;
  /** The domains, one certificate for all; customCertificateArn is the first entry's (the same on each, checked by the caller). */
  readonly domains: readonly DomainConfiguration[];
  /** stack.yml path of entry `i`. */
  readonly entry: (i: number) => StackPath;
}

/**
 * The certificate of domains served through CloudFront (a distribution of ours, or the one Cognito
 * gives a user pool's custom domain): CloudFront reads certificates from us-east-1 only, so a
 * customCertificateArn must be there, and nxstack creates one only in a us-east-1 stack.
 */
export function cloudFrontCertificate(ctx: ResourceCompileContext, req: CloudFrontCertificateRequest): unknown {
  const { domains, entry, what } = req;
  const arn = domains[0].customCertificateArn;
  if (arn !== undefined) {
    if (certificateRegion(arn) !== 'us-east-1') {
      throw new NxstackError('NXS_CERTIFICATE_REGION_INVALID', `The certificate of ${what} is in ${certificateRegion(arn)}; CloudFront uses certificates from us-east-1 only.`, {
        location: ctx.locate([...entry(0), 'customCertificateArn']),
        hint: `Request or import it in us-east-1 (aws acm request-certificate --region us-east-1 --domain-name ${domains[0].domainName} --validation-method DNS) and use that ARN.`,
      });
    }
    return arn;
  }
  if (ctx.region !== undefined && ctx.region !== 'us-east-1') {
    // A stack creates resources in its own region only; a second stack in us-east-1 holding the
    // certificate would need its own lock, deploy order and destroy. Until nxstack has that, the
    // user brings the certificate.
    throw new NxstackError('NXS_CERTIFICATE_REGION_INVALID', `CloudFront needs the certificate of ${domains.map((d) => d.domainName).join(', ')} in us-east-1, and this stage deploys to ${ctx.region}.`, {
      location: ctx.locate([...entry(0), 'domainName']),
      hint: `Request one in us-east-1 (aws acm request-certificate --region us-east-1 --validation-method DNS --domain-name ${domains.map((d) => d.domainName).join(' --subject-alternative-names ')}, then add its validation records) and set customCertificateArn to its ARN${domains.length > 1 ? ' on every entry' : ''}; or deploy this stage to us-east-1, where nxstack creates it.`,
    });
  }
  const [first, ...rest] = domains;
  ctx.builder.addResource(req.id, {
    Type: 'AWS::CertificateManager::Certificate',
    Properties: {
      DomainName: first.domainName,
      ...(rest.length ? { SubjectAlternativeNames: rest.map((d) => d.domainName) } : {}),
      ValidationMethod: 'DNS',
      DomainValidationOptions: domains.map((d) => ({ DomainName: d.domainName, HostedZoneId: ctx.hostedZoneId(d.domainName) })),
    },
  }, ctx.origin);
  return ref(req.id);
}
