import { z } from 'zod';
import type { ConfigPath } from './yaml-source';

// Stacktape's `customDomains` (types/stacktape-config/__helpers.d.ts DomainConfiguration): on
// http-api-gateway, web-service, application-load-balancer, network-load-balancer, hosting-bucket
// and every `cdn`; and user-auth-pool's one `customDomain` (user-pools.d.ts, the same fields).
// Names and defaults as the d.ts; the compiler's domains/ folder builds them.

/** A host name as DNS and ACM take it: lower-case labels, no protocol, no trailing dot, no port. */
const DOMAIN_NAME = /^(?=.{1,253}$)(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/;
export const domainNameSchema = z.string().regex(DOMAIN_NAME, { message: 'must be a lower-case domain name without protocol, port or path (api.example.com)' });

const ACM_CERTIFICATE_ARN = /^arn:aws[a-z-]*:acm:([a-z0-9-]+):\d{12}:certificate\/[A-Za-z0-9-]+$/;

export const domainConfigurationSchema = z.strictObject({
  domainName: domainNameSchema,
  /** An ACM certificate of your own; default: nxstack creates one, validated through the domain's hosted zone. */
  customCertificateArn: z.string().regex(ACM_CERTIFICATE_ARN, { message: 'must be the ARN of an ACM certificate (arn:aws:acm:<region>:<account>:certificate/<id>)' }).optional(),
  /** Default false: an alias record in the domain's Route 53 hosted zone points the domain at the resource. */
  disableDnsRecordCreation: z.boolean().optional(),
});

/** `customDomains` of http-api-gateway, web-service, hosting-bucket and cdn. */
export const customDomainsSchema = z.array(domainConfigurationSchema).min(1);
/** Load balancers also take Stacktape's older form, a list of domain names. */
export const loadBalancerCustomDomainsSchema = z.array(z.union([domainNameSchema, domainConfigurationSchema])).min(1);

export type DomainConfiguration = z.output<typeof domainConfigurationSchema>;

/** `customDomains` as objects (a bare name is `{ domainName }`), or [] when there are none. */
export function domainConfigurations(value: unknown): DomainConfiguration[] {
  if (!Array.isArray(value)) return [];
  return value.map((d) => (typeof d === 'string' ? { domainName: d } : (d as DomainConfiguration)));
}

/** The region of an ACM certificate ARN. */
export function certificateRegion(arn: string): string | undefined {
  return ACM_CERTIFICATE_ARN.exec(arn)?.[1];
}

/** True when deploy must find the domain's hosted zone: for its alias record, or to validate the certificate nxstack creates. */
export function domainNeedsHostedZone(d: DomainConfiguration): boolean {
  return d.disableDnsRecordCreation !== true || d.customCertificateArn === undefined;
}

export interface CustomDomainUse {
  readonly resource: string;
  readonly domain: DomainConfiguration;
  /** stack.yml path of the entry (`resources.<name>.properties[.cdn].customDomains.<i>`). */
  readonly path: ConfigPath;
}

/** Every custom domain of the stack: `customDomains` entries on the resource itself or on its `cdn`, and a user pool's `customDomain`. */
export function customDomainUses(resources: Readonly<Record<string, { properties?: unknown }>>): CustomDomainUse[] {
  const uses: CustomDomainUse[] = [];
  for (const [resource, config] of Object.entries(resources)) {
    const properties = (config.properties ?? {}) as { customDomains?: unknown; cdn?: { customDomains?: unknown }; customDomain?: DomainConfiguration };
    const at = (where: string[], list: unknown) => domainConfigurations(list).forEach((domain, i) => uses.push({ resource, domain, path: ['resources', resource, 'properties', ...where, 'customDomains', i] }));
    at([], properties.customDomains);
    at(['cdn'], properties.cdn?.customDomains);
    if (properties.customDomain) uses.push({ resource, domain: properties.customDomain, path: ['resources', resource, 'properties', 'customDomain'] });
  }
  return uses;
}

/** `$ResourceParam` names of a resource with `customDomains` (http-api-gateway, web-service). */
export const CUSTOM_DOMAIN_PARAMS = ['customDomains', 'customDomainUrl', 'customDomainUrls', 'canonicalDomain'] as const;
/** `$ResourceParam` names of a resource whose `cdn` has `customDomains`. */
export const CDN_CUSTOM_DOMAIN_PARAMS = ['cdnCustomDomains', 'cdnCustomDomainUrls'] as const;

/** Output key suffix that lists, on the local stage, the custom domains nothing serves there. */
export const CUSTOM_DOMAINS_NOT_SERVED_LOCALLY_SUFFIX = 'CustomDomainsNotServedLocally';
