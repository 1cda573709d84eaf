import { z } from 'zod';
import { CDN_CUSTOM_DOMAIN_PARAMS, customDomainsSchema } from '../custom-domains';
import { notSupportedYet } from '../not-supported-yet';

// Stacktape's `cdn` (CloudFront in front of a bucket or web-service); names and defaults as its cdn.d.ts.

export const CDN_CACHE_METHODS = ['GET', 'HEAD', 'OPTIONS'] as const;
export const CDN_FORWARD_METHODS = ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'] as const;

const ttl = z.number().int().min(0);

export const cdnCachingOptionsSchema = z.strictObject({
  /** Default GET, HEAD (CloudFront caches GET and HEAD, optionally OPTIONS). */
  cacheMethods: z.array(z.enum(CDN_CACHE_METHODS)).min(2).optional(),
  minTTL: ttl.optional(),
  maxTTL: ttl.optional(),
  /** Used when the origin sends no Cache-Control: bucket origins 6 months, service origins 0 (not cached). */
  defaultTTL: ttl.optional(),
  disableCompression: z.boolean().optional(),
  cacheKeyParameters: notSupportedYet('cdn.cachingOptions.cacheKeyParameters'),
  /** An existing CloudFront cache policy; the TTL settings above then do not apply. */
  cachePolicyId: z.string().min(1).optional(),
});

export const cdnForwardingOptionsSchema = z.strictObject({
  customRequestHeaders: z.array(z.strictObject({ headerName: z.string().min(1), value: z.string() })).optional(),
  allowedMethods: z.array(z.enum(CDN_FORWARD_METHODS)).optional(),
  cookies: notSupportedYet('cdn.forwardingOptions.cookies'),
  headers: notSupportedYet('cdn.forwardingOptions.headers'),
  queryString: notSupportedYet('cdn.forwardingOptions.queryString'),
  originRequestPolicyId: z.string().min(1).optional(),
});

export const cdnSchema = z.strictObject({
  enabled: z.boolean(),
  cachingOptions: cdnCachingOptionsSchema.optional(),
  forwardingOptions: cdnForwardingOptionsSchema.optional(),
  routeRewrites: notSupportedYet('cdn.routeRewrites'),
  /** Aliases of the distribution; its certificate must be in us-east-1 (CloudFront's rule). */
  customDomains: customDomainsSchema.optional(),
  edgeFunctions: notSupportedYet('cdn.edgeFunctions'),
  /** Default PriceClass_All. */
  cloudfrontPriceClass: z.enum(['PriceClass_100', 'PriceClass_200', 'PriceClass_All']).optional(),
  /** Prefix put before every request path on the way to the origin (`/v2` → OriginPath). */
  defaultRoutePrefix: z.string().startsWith('/').optional(),
  /** Bucket origins: page served for missing objects. Default /404.html. */
  errorDocument: z.string().startsWith('/').optional(),
  /** Bucket origins: object served for `/`. Default /index.html. */
  indexDocument: z.string().startsWith('/').optional(),
  /** By default every deploy that changes the stack flushes the CDN cache. */
  disableInvalidationAfterDeploy: z.boolean().optional(),
  /** Name of a web-app-firewall of this stack (scope cdn). */
  useFirewall: z.string().min(1).optional(),
});

/** `$ResourceParam` names a resource with `cdn.enabled` offers. */
export const CDN_PARAMS = ['cdnDomain', 'cdnUrl', 'cdnCanonicalDomain', 'cdnCanonicalUrl', ...CDN_CUSTOM_DOMAIN_PARAMS] as const;

/**
 * Suffix of the stack Output carrying the id of a distribution to invalidate after each deploy
 * (`cdn.disableInvalidationAfterDeploy` not set): the compiler writes it, the deployer reads it.
 */
export const CDN_INVALIDATION_OUTPUT_SUFFIX = 'CdnDistributionIdToInvalidate';

export type CdnConfiguration = z.output<typeof cdnSchema>;
