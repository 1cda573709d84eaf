/**
 * The cache policy and origin request policy of one cache behavior of a distribution (the
 * default behavior or a `routeRewrites` entry), from Stacktape's `cachingOptions` /
 * `forwardingOptions`: CloudFront's behavior names are Stacktape's keys (`{ whitelist: [...] }`
 * → `whitelist` + the names), so each choice maps one to one.
 */
import { NxstackError, type CdnCachingOptions, type CdnForwardingOptions, type SourceLocation } from '@nxstack/core';
import { physicalName } from '../data/physical-name';
import { ref, sub, type ResourceCompileContext } from '../resource-types/resource-type';

/** What the behavior's origin is, as far as caching and forwarding defaults go. */
export interface BehaviorOrigin {
  readonly bucket: boolean;
  /** API Gateway and function URLs answer 403 to a request carrying the viewer's Host header. */
  readonly rejectsViewerHost: boolean;
}

export interface BehaviorPolicyPlace {
  /** Logical ids of the policies this behavior may create. */
  readonly cachePolicyId: string;
  readonly originRequestPolicyId: string;
  /** Suffix of the policies' physical names (`''` for the default behavior, `-r0`… for routes). */
  readonly nameSuffix: string;
  /** Locates `cachingOptions.<…>` / `forwardingOptions.<…>` of this behavior. */
  readonly at: (...p: Array<string | number>) => SourceLocation;
}

/** CloudFront's managed origin request policy AllViewerExceptHostHeader: every header, cookie and query string but Host (API Gateway / load balancers need their own). */
const ALL_VIEWER_EXCEPT_HOST = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';
const ONE_YEAR = 31536000;
const SIX_MONTHS = 15552000;

/** `{ whitelist: [a] }` → `{ <Kind>Behavior: 'whitelist', <Kind>s: [a] }`; `{ none: true }` → `{ <Kind>Behavior: 'none' }`. */
function behaviorConfig(kind: 'Cookie' | 'Header' | 'QueryString', choice: Record<string, unknown> | undefined, fallback: string, fallbackNames?: readonly string[]): Record<string, unknown> {
  const [behavior, value] = choice ? Object.entries(choice).find(([, v]) => v !== undefined) ?? [fallback, undefined] : [fallback, fallbackNames];
  const list = Array.isArray(value) ? value : undefined;
  return { [`${kind}Behavior`]: behavior, ...(list ? { [`${kind}s`]: list } : {}) };
}

const policyName = (ctx: ResourceCompileContext, max: number, suffix: string) => sub(`${physicalName(ctx.projectName, ctx.stage, ctx.name, max - 16 - suffix.length)}${suffix}-\${AWS::Region}`);

/** CachePolicyId of the behavior: the user's, or one built from cachingOptions. */
export function cachePolicyFor(ctx: ResourceCompileContext, caching: CdnCachingOptions | undefined, origin: BehaviorOrigin, place: BehaviorPolicyPlace): unknown {
  const c: CdnCachingOptions = caching ?? {};
  if (c.cachePolicyId) {
    if (c.cacheKeyParameters) {
      throw new NxstackError('NXS_CDN_SETTING_INVALID', `cachingOptions of '${ctx.name}' sets both cachePolicyId and cacheKeyParameters.`, {
        location: place.at('cachingOptions', 'cacheKeyParameters'),
        hint: 'The cache policy decides the cache key: remove cacheKeyParameters, or cachePolicyId to have nxstack build the policy.',
      });
    }
    return c.cachePolicyId;
  }
  const min = c.minTTL ?? 0;
  const max = c.maxTTL ?? Math.max(ONE_YEAR, c.defaultTTL ?? 0, min);
  const def = c.defaultTTL ?? Math.min(Math.max(origin.bucket ? SIX_MONTHS : 0, min), max);
  if (!(min <= def && def <= max)) {
    throw new NxstackError('NXS_CDN_SETTING_INVALID', `cachingOptions of '${ctx.name}': minTTL (${min}) ≤ defaultTTL (${def}) ≤ maxTTL (${max}) does not hold.`, {
      location: place.at('cachingOptions'),
      hint: 'CloudFront needs minTTL ≤ defaultTTL ≤ maxTTL (seconds).',
    });
  }
  const key = c.cacheKeyParameters ?? {};
  const compress = c.disableCompression !== true;
  ctx.builder.addResource(place.cachePolicyId, {
    Type: 'AWS::CloudFront::CachePolicy',
    Properties: {
      CachePolicyConfig: {
        Name: policyName(ctx, 128, place.nameSuffix),
        MinTTL: min,
        DefaultTTL: def,
        MaxTTL: max,
        ParametersInCacheKeyAndForwardedToOrigin: {
          EnableAcceptEncodingGzip: compress,
          EnableAcceptEncodingBrotli: compress,
          CookiesConfig: behaviorConfig('Cookie', key.cookies, 'none'),
          HeadersConfig: behaviorConfig('Header', key.headers, 'none'),
          // A service's answer may depend on its query string; a bucket object does not.
          QueryStringsConfig: behaviorConfig('QueryString', key.queryString, origin.bucket ? 'none' : 'all'),
        },
      },
    },
  }, ctx.origin);
  return ref(place.cachePolicyId);
}

/**
 * OriginRequestPolicyId of the behavior (undefined: forward nothing beyond the cache key): the
 * user's, one built from forwardingOptions cookies/headers/queryString (what they leave out keeps
 * the origin's default), else for service origins every viewer value but Host (managed policy).
 */
export function originRequestPolicyFor(ctx: ResourceCompileContext, forwarding: CdnForwardingOptions | undefined, origin: BehaviorOrigin, place: BehaviorPolicyPlace): unknown {
  const f: CdnForwardingOptions = forwarding ?? {};
  const given = (['cookies', 'headers', 'queryString'] as const).filter((k) => f[k] !== undefined);
  if (f.originRequestPolicyId) {
    if (given.length) {
      throw new NxstackError('NXS_CDN_SETTING_INVALID', `forwardingOptions of '${ctx.name}' sets both originRequestPolicyId and ${given[0]}.`, {
        location: place.at('forwardingOptions', given[0]),
        hint: 'The origin request policy decides what is forwarded: remove one of the two.',
      });
    }
    return f.originRequestPolicyId;
  }
  if (!given.length) return origin.bucket ? undefined : ALL_VIEWER_EXCEPT_HOST;
  const headers = f.headers as Record<string, unknown> | undefined;
  const named = [...((headers?.whitelist as string[] | undefined) ?? []), ...((headers?.allViewerAndWhitelistCloudFront as string[] | undefined) ?? [])].map((h) => h.toLowerCase());
  if (named.includes('authorization')) {
    throw new NxstackError('NXS_CDN_SETTING_INVALID', `forwardingOptions.headers of '${ctx.name}' lists Authorization, which CloudFront forwards only as part of the cache key.`, {
      location: place.at('forwardingOptions', 'headers'),
      hint: 'Put Authorization into cachingOptions.cacheKeyParameters.headers.whitelist instead: values in the cache key are always forwarded.',
    });
  }
  if (origin.rejectsViewerHost && (headers?.allViewer === true || headers?.allViewerAndWhitelistCloudFront !== undefined || named.includes('host'))) {
    throw new NxstackError('NXS_CDN_SETTING_INVALID', `forwardingOptions.headers of '${ctx.name}' forwards the viewer's Host header, which API Gateway and function URLs refuse (every request would fail with 403).`, {
      location: place.at('forwardingOptions', 'headers'),
      hint: 'Use allExcept: [Host] to forward every other header, or a whitelist without Host.',
    });
  }
  ctx.builder.addResource(place.originRequestPolicyId, {
    Type: 'AWS::CloudFront::OriginRequestPolicy',
    Properties: {
      OriginRequestPolicyConfig: {
        Name: policyName(ctx, 128, place.nameSuffix),
        CookiesConfig: behaviorConfig('Cookie', f.cookies, origin.bucket ? 'none' : 'all'),
        HeadersConfig: behaviorConfig('Header', f.headers, origin.bucket ? 'none' : 'allExcept', origin.bucket ? undefined : ['Host']),
        QueryStringsConfig: behaviorConfig('QueryString', f.queryString, origin.bucket ? 'none' : 'all'),
      },
    },
  }, ctx.origin);
  return ref(place.originRequestPolicyId);
}
