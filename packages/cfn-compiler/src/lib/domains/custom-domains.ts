import { certificateRegion, customDomainUses, CUSTOM_DOMAINS_NOT_SERVED_LOCALLY_SUFFIX, isLocalStage, NxstackError, pascalCase, type DomainConfiguration } from '@nxstack/core';
import { logicalId } from '../logical-ids';
import { ref, type ResourceCompileContext, type StackPath } from '../resource-types/resource-type';
import type { LoadedStack } from '../types';

/**
 * The one owner of what a `customDomains` entry compiles to, whatever resource it is on: the ACM
 * certificate (unless customCertificateArn), validated by DNS in the domain's hosted zone, and
 * Route 53 alias records (unless disableDnsRecordCreation). What attaches the domain to the
 * resource (an API Gateway domain name, a listener certificate, CloudFront aliases) lives beside
 * this file, one per kind of front.
 *
 * The local stage has no domains: nothing here is compiled there, and the stack's outputs list
 * the domains as not served locally (CUSTOM_DOMAINS_NOT_SERVED_LOCALLY_SUFFIX).
 */

/** Hosted zone id when deploy did not look zones up (validate, synth): a template with it is never deployed. */
export const HOSTED_ZONE_PLACEHOLDER = 'ZNXSTACKZONENOTLOOKEDUP';
/** CloudFront's hosted zone for alias records (the same in every partition's commercial regions). */
export const CLOUDFRONT_HOSTED_ZONE_ID = 'Z2FDTNDATAQYW2';
/** A listener certificate on the local stage, where no certificate exists (load balancers are not run locally). */
export const LOCAL_CERTIFICATE_ARN = 'arn:aws:acm:local:000000000000:certificate/no-certificate-on-the-local-stage';

/** `api.example.com` → `ApiExampleCom`, `*.example.com` → `WildcardExampleCom`: logical ids per domain, stable when the list is reordered. */
const domainPart = (domainName: string) => pascalCase(domainName.replace(/^\*\./, 'wildcard.'));

export function domainIds(resource: string, domainName: string) {
  const part = domainPart(domainName);
  return {
    certificate: logicalId(resource, `Certificate${part}`),
    record: logicalId(resource, `DnsRecord${part}`),
    recordIpv6: logicalId(resource, `DnsRecordIpv6${part}`),
    apiDomain: logicalId(resource, `HttpApiDomain${part}`),
    apiMapping: logicalId(resource, `HttpApiMapping${part}`),
  };
}

/**
 * A domain's certificate ARN as the template uses it: customCertificateArn, or the certificate
 * compileDomainCertificate adds for `resource` (the resource whose customDomains list it).
 */
export function domainCertificateArn(stage: string, resource: string, d: DomainConfiguration): unknown {
  if (isLocalStage(stage)) return d.customCertificateArn ?? LOCAL_CERTIFICATE_ARN;
  return d.customCertificateArn ?? ref(domainIds(resource, d.domainName).certificate);
}

/**
 * The certificate of one domain of a regional front (API Gateway, load balancer), in the stack's
 * region: customCertificateArn must be there too. CloudFront's (us-east-1, one per distribution)
 * are cdn-domains.ts's.
 */
export function compileDomainCertificate(ctx: ResourceCompileContext, d: DomainConfiguration, at: StackPath): void {
  if (d.customCertificateArn) {
    const region = certificateRegion(d.customCertificateArn);
    if (ctx.region && region !== ctx.region) {
      throw new NxstackError('NXS_CERTIFICATE_REGION_INVALID', `The certificate of ${d.domainName} on '${ctx.name}' is in ${region}, and the stack deploys to ${ctx.region}.`, {
        location: ctx.locate([...at, 'customCertificateArn']),
        hint: `API Gateway and load balancers use certificates of their own region: request or import one in ${ctx.region} (aws acm request-certificate --region ${ctx.region} --domain-name ${d.domainName} --validation-method DNS) and use its ARN.`,
      });
    }
    return;
  }
  ctx.builder.addResource(domainIds(ctx.name, d.domainName).certificate, {
    Type: 'AWS::CertificateManager::Certificate',
    Properties: {
      DomainName: d.domainName,
      ValidationMethod: 'DNS',
      // CloudFormation writes the validation record into the zone and waits until ACM issues the certificate.
      DomainValidationOptions: [{ DomainName: d.domainName, HostedZoneId: ctx.hostedZoneId(d.domainName) }],
    },
  }, ctx.origin);
}

export interface AliasTarget {
  readonly dnsName: unknown;
  readonly hostedZoneId: unknown;
  /** Also an AAAA record (the target answers over IPv6: CloudFront with IPv6Enabled). */
  readonly ipv6?: boolean;
}

/** Route 53 alias records of one domain pointing at `target` (none with disableDnsRecordCreation). */
export function compileAliasRecords(ctx: ResourceCompileContext, d: DomainConfiguration, target: AliasTarget): void {
  if (d.disableDnsRecordCreation) return;
  const ids = domainIds(ctx.name, d.domainName);
  const record = (type: 'A' | 'AAAA') => ({
    Type: 'AWS::Route53::RecordSet',
    Properties: {
      HostedZoneId: ctx.hostedZoneId(d.domainName),
      Name: d.domainName,
      Type: type,
      AliasTarget: { DNSName: target.dnsName, HostedZoneId: target.hostedZoneId, EvaluateTargetHealth: false },
    },
  });
  ctx.builder.addResource(ids.record, record('A'), ctx.origin);
  if (target.ipv6) ctx.builder.addResource(ids.recordIpv6, record('AAAA'), ctx.origin);
}

export interface DomainOutputs {
  /** `Cdn` for a resource's cdn.customDomains (its own outputs), '' for the resource's. */
  readonly prefix: '' | 'Cdn';
  /** Where a DNS record managed elsewhere (disableDnsRecordCreation) must point. */
  readonly canonicalDomain: unknown;
  /** The stack.yml property, for the outputs' descriptions (default `customDomains`, `cdn.customDomains` with prefix Cdn). */
  readonly property?: string;
}

/**
 * Runs `compileOne` for each domain on AWS stages and adds the `<prefix>CustomDomainUrls` Output
 * (deploy prints it), plus `<prefix>CanonicalDomain` when a domain's DNS is managed elsewhere. On
 * the local stage nothing is compiled: an Output lists the domains as not served locally, so the
 * deploy prints it and no one expects them to answer (the resource keeps its localhost URL).
 */
export function forEachDomain(ctx: ResourceCompileContext, domains: readonly DomainConfiguration[], at: StackPath, compileOne: (d: DomainConfiguration, at: StackPath) => void, outputs: DomainOutputs): void {
  if (domains.length === 0) return;
  const what = `${outputs.property ?? `${outputs.prefix === 'Cdn' ? 'cdn.' : ''}customDomains`} of '${ctx.name}'`;
  if (isLocalStage(ctx.stage)) {
    ctx.builder.addOutput(logicalId(ctx.name, `${outputs.prefix}${CUSTOM_DOMAINS_NOT_SERVED_LOCALLY_SUFFIX}`), {
      Value: domains.map((d) => d.domainName).join(', '),
      Description: `${what}: not served on the local stage (AWS stages only)`,
    });
    return;
  }
  domains.forEach((d, i) => compileOne(d, [...at, i]));
  ctx.builder.addOutput(logicalId(ctx.name, `${outputs.prefix}CustomDomainUrls`), { Value: domains.map((d) => `https://${d.domainName}`).join(', '), Description: what });
  if (domains.some((d) => d.disableDnsRecordCreation)) {
    ctx.builder.addOutput(logicalId(ctx.name, `${outputs.prefix}CanonicalDomain`), { Value: outputs.canonicalDomain, Description: `${what}: point the DNS records you manage (disableDnsRecordCreation) here` });
  }
}

/** A domain may be attached to one resource only (API Gateway, CloudFront and Route 53 each refuse a second). */
export function assertDomainsUnique(stack: LoadedStack): void {
  const seen = new Map<string, string>();
  for (const use of customDomainUses(stack.config.resources)) {
    const first = seen.get(use.domain.domainName);
    if (first !== undefined) {
      throw new NxstackError('NXS_DOMAIN_DUPLICATE', `Domain ${use.domain.domainName} is in customDomains twice (${first} and ${use.resource}).`, {
        location: stack.locate([...use.path, 'domainName']),
        hint: 'A domain points at one resource; remove one of the entries or use another name (e.g. www.example.com and api.example.com).',
      });
    }
    seen.set(use.domain.domainName, use.resource);
  }
}
