import { z } from 'zod';
import { CDN_CUSTOM_DOMAIN_PARAMS, customDomainsSchema } from '../custom-domains';
import { notSupportedYet } from '../not-supported-yet';
import { valueCheck, type ValueProblem } from '../value-check';

// Stacktape's `cdn` (CloudFront in front of a bucket or web-service); names and defaults as its cdn.d.ts.

export const CDN_CACHE_METHODS = ['GET', 'HEAD', 'OPTIONS'] as const;
export const CDN_FORWARD_METHODS = ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'] as const;

const ttl = z.number().int().min(0);
const names = z.array(z.string().min(1)).min(1);

/**
 * Stacktape's cookie/header/query-string choices (`{ none: true }`, `{ whitelist: [...] }`,
 * `{ all: true }`…): exactly one key, a flag only as `true`. The key is CloudFront's behavior name.
 */
function oneBehavior<S extends z.ZodRawShape>(what: string, shape: S) {
  return z.strictObject(shape).check(
    valueCheck((v: Record<string, unknown> | null): ValueProblem[] => {
      const keys = v && typeof v === 'object' ? Object.keys(v).filter((k) => v[k] !== undefined) : [];
      const flagOff = keys.find((k) => v?.[k] === false);
      if (keys.length === 1 && !flagOff) return [];
      return [{
        code: 'NXS_CDN_SETTING_INVALID',
        message: flagOff ? `${what}.${flagOff}: false means nothing` : `${what} needs exactly one of ${Object.keys(shape).join(', ')}`,
        hint: `Give one of ${Object.keys(shape).join(', ')} (flags as true), as CloudFront has one behavior per ${what.split('.').at(-1)}.`,
      }];
    }),
  );
}

/** Which cookies/headers/query strings make a cached response unique (and are therefore always forwarded). */
export const cdnCacheKeySchema = z.strictObject({
  cookies: oneBehavior('cacheKeyParameters.cookies', { none: z.boolean().optional(), whitelist: names.optional(), allExcept: names.optional(), all: z.boolean().optional() }).optional(),
  headers: oneBehavior('cacheKeyParameters.headers', { none: z.boolean().optional(), whitelist: names.optional() }).optional(),
  queryString: oneBehavior('cacheKeyParameters.queryString', { all: z.boolean().optional(), none: z.boolean().optional(), whitelist: names.optional() }).optional(),
});

export const cdnCachingOptionsSchema = z.strictObject({
  /** Default GET, HEAD (CloudFront caches GET and HEAD, optionally OPTIONS). */
  cacheMethods: z.array(z.enum(CDN_CACHE_METHODS)).min(2).optional(),
  minTTL: ttl.optional(),
  maxTTL: ttl.optional(),
  /** Used when the origin sends no Cache-Control: bucket origins 6 months, service origins 0 (not cached). */
  defaultTTL: ttl.optional(),
  disableCompression: z.boolean().optional(),
  /** Default: bucket origins the URL path only; API / load balancer / function origins path + query string. */
  cacheKeyParameters: cdnCacheKeySchema.optional(),
  /** An existing CloudFront cache policy; the TTL settings above then do not apply. */
  cachePolicyId: z.string().min(1).optional(),
});

export const cdnForwardingOptionsSchema = z.strictObject({
  customRequestHeaders: z.array(z.strictObject({ headerName: z.string().min(1), value: z.string() })).optional(),
  allowedMethods: z.array(z.enum(CDN_FORWARD_METHODS)).optional(),
  /** Default: all cookies (bucket origins: none). */
  cookies: oneBehavior('forwardingOptions.cookies', { none: z.boolean().optional(), whitelist: names.optional(), all: z.boolean().optional() }).optional(),
  /** Default: all viewer headers but Host (bucket origins: none). */
  headers: oneBehavior('forwardingOptions.headers', {
    none: z.boolean().optional(),
    whitelist: names.optional(),
    allViewer: z.boolean().optional(),
    allViewerAndWhitelistCloudFront: names.optional(),
    allExcept: names.optional(),
  }).optional(),
  /** Default: all query strings (bucket origins: none). */
  queryString: oneBehavior('forwardingOptions.queryString', { all: z.boolean().optional(), none: z.boolean().optional(), whitelist: names.optional() }).optional(),
  originRequestPolicyId: z.string().min(1).optional(),
});

/** Lambda@Edge triggers: each names an `edge-lambda-function` of this stack (or is a published version ARN); events in cdn-settings.ts. */
export const edgeFunctionsSchema = z.strictObject({
  onRequest: z.string().min(1).optional(),
  onResponse: z.string().min(1).optional(),
  onOriginRequest: z.string().min(1).optional(),
  onOriginResponse: z.string().min(1).optional(),
});

/** `routeRewrites[].routeTo`: the origin a path pattern goes to (Stacktape's CdnRouteRewrite; its web-service route is not offered there either). */
export const cdnRouteTargetSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('application-load-balancer'),
    properties: z.strictObject({
      loadBalancerName: z.string().min(1),
      /** Needed when the load balancer has more than one listener. */
      listenerPort: z.number().int().min(1).max(65535).optional(),
      /** The domain its HTTPS listener's certificate names (CloudFront checks it). */
      originDomainName: z.string().min(1).optional(),
    }),
  }),
  z.strictObject({ type: z.literal('http-api-gateway'), properties: z.strictObject({ httpApiGatewayName: z.string().min(1) }) }),
  z.strictObject({
    type: z.literal('bucket'),
    properties: z.strictObject({
      bucketName: z.string().min(1),
      /** Default false: `/about` and `/about/` are served from `about/index.html`. */
      disableUrlNormalization: z.boolean().optional(),
    }),
  }),
  z.strictObject({
    type: z.literal('custom-origin'),
    properties: z.strictObject({
      domainName: z.string().min(1),
      /** Default HTTPS. */
      protocol: z.enum(['HTTP', 'HTTPS']).optional(),
      /** Default 443 for HTTPS, 80 for HTTP. */
      port: z.number().int().min(1).max(65535).optional(),
    }),
  }),
  /** The function needs `url.enabled: true`. */
  z.strictObject({ type: z.literal('function'), properties: z.strictObject({ functionName: z.string().min(1) }) }),
]);
export type CdnRouteTarget = z.output<typeof cdnRouteTargetSchema>;

export const cdnRouteRewriteSchema = z.strictObject({
  /** CloudFront path pattern (`/api/*`, `*.jpg`); evaluated in order, first match wins. */
  path: z.string().min(1).max(255),
  /** Prefix put before the path on the way to the origin (OriginPath). */
  routePrefix: z.string().startsWith('/').optional(),
  /** Default: the resource the CDN belongs to. */
  routeTo: cdnRouteTargetSchema.optional(),
  cachingOptions: cdnCachingOptionsSchema.optional(),
  forwardingOptions: cdnForwardingOptionsSchema.optional(),
  edgeFunctions: edgeFunctionsSchema.optional(),
});
export type CdnRouteRewrite = z.output<typeof cdnRouteRewriteSchema>;

export const cdnSchema = z.strictObject({
  enabled: z.boolean(),
  cachingOptions: cdnCachingOptionsSchema.optional(),
  forwardingOptions: cdnForwardingOptionsSchema.optional(),
  routeRewrites: z.array(cdnRouteRewriteSchema).optional(),
  /** Aliases of the distribution; its certificate must be in us-east-1 (CloudFront's rule). */
  customDomains: customDomainsSchema.optional(),
  edgeFunctions: edgeFunctionsSchema.optional(),
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
export type CdnCachingOptions = z.output<typeof cdnCachingOptionsSchema>;
export type CdnForwardingOptions = z.output<typeof cdnForwardingOptionsSchema>;
export type EdgeFunctionsConfig = z.output<typeof edgeFunctionsSchema>;
