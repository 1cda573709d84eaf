import { CDN_INVALIDATION_OUTPUT_SUFFIX, domainConfigurations, isLocalStage, NxstackError, type CdnConfiguration, type DomainConfiguration } from '@nxstack/core';
import { compileCdnDomains } from '../domains/cdn-domains';
import { physicalName } from '../data/physical-name';
import { logicalId } from '../logical-ids';
import { getAtt, ref, sub, type ResourceCompileContext } from '../resource-types/resource-type';
import { firewallArn } from '../resource-types/use-firewall';

/** Where the distribution sends requests: a bucket through Origin Access Control, or an HTTPS/HTTP endpoint. */
export type CdnOrigin =
  | { readonly kind: 'bucket'; readonly regionalDomainName: unknown }
  | { readonly kind: 'endpoint'; readonly domainName: unknown; readonly protocol: 'https-only' | 'http-only' };

export function cdnIds(name: string) {
  return {
    distribution: logicalId(name, 'CdnDistribution'),
    cachePolicy: logicalId(name, 'CdnCachePolicy'),
    originAccessControl: logicalId(name, 'CdnOriginAccessControl'),
  };
}

export const cdnEnabled = (properties: Record<string, unknown> | undefined): boolean => (properties?.cdn as CdnConfiguration | undefined)?.enabled === true;

/**
 * cdnDomain / cdnUrl (and the canonical ones: the distribution's own domain, where custom domains'
 * records point); cdnCustomDomains / cdnCustomDomainUrls from the cdn's customDomains (on the local
 * stage, which serves no domain, the URLs are the distribution's placeholder URL).
 */
export function cdnParams(domainsOf: (properties: Record<string, unknown>) => DomainConfiguration[] = (p) => domainConfigurations((p.cdn as CdnConfiguration | undefined)?.customDomains), enabled = cdnEnabled) {
  const domain = (name: string, properties: Record<string, unknown>) => (enabled(properties) ? getAtt(cdnIds(name).distribution, 'DomainName') : undefined);
  const url = (name: string, properties: Record<string, unknown>) => (enabled(properties) ? { 'Fn::Join': ['', ['https://', getAtt(cdnIds(name).distribution, 'DomainName')]] } : undefined);
  const domains = (properties: Record<string, unknown>) => (enabled(properties) ? domainsOf(properties) : []);
  return {
    cdnDomain: domain,
    cdnCanonicalDomain: domain,
    cdnUrl: url,
    cdnCanonicalUrl: url,
    cdnCustomDomains: (_name: string, properties: Record<string, unknown>) => (domains(properties).length ? domains(properties).map((d) => d.domainName).join(',') : undefined),
    cdnCustomDomainUrls: (name: string, properties: Record<string, unknown>, scope: { stage: string }) =>
      domains(properties).length ? (isLocalStage(scope.stage) ? url(name, properties) : domains(properties).map((d) => `https://${d.domainName}`).join(',')) : undefined,
  };
}

/** CloudFront's managed origin request policy AllViewerExceptHostHeader: every header, cookie and query string but Host (API Gateway / load balancers need their own). */
const ALL_VIEWER_EXCEPT_HOST = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';
const ONE_YEAR = 31536000;
const SIX_MONTHS = 15552000;
/** The only method sets CloudFront accepts. */
const ALLOWED_METHOD_SETS = [['GET', 'HEAD'], ['GET', 'HEAD', 'OPTIONS'], ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE']];
const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((m) => b.includes(m));

/**
 * `cdn.enabled` — an AWS::CloudFront::Distribution in front of `origin`: HTTPS for viewers
 * (HTTP redirected), compression on, caching by a cache policy of its own built from
 * `cachingOptions` (Stacktape's defaults: bucket content 6 months, service responses not cached
 * without Cache-Control), every viewer header/cookie/query forwarded to a service origin.
 */
export function compileCdn(ctx: ResourceCompileContext, origin: CdnOrigin, extra: { readonly functionAssociations?: readonly unknown[]; readonly webAclArn?: unknown; readonly customDomains?: { readonly list: readonly DomainConfiguration[]; readonly at: ReadonlyArray<string | number> } } = {}): void {
  const cdn = ctx.properties.cdn as CdnConfiguration | undefined;
  if (!cdn?.enabled) return;
  const ids = cdnIds(ctx.name);
  const at = (...p: Array<string | number>) => ctx.locate([...ctx.path, 'properties', 'cdn', ...p]);
  const bucket = origin.kind === 'bucket';
  if (!bucket && (cdn.indexDocument !== undefined || cdn.errorDocument !== undefined)) {
    throw new NxstackError('NXS_CDN_SETTING_INVALID', `cdn.${cdn.indexDocument !== undefined ? 'indexDocument' : 'errorDocument'} of '${ctx.name}' applies to bucket origins only.`, {
      location: at(cdn.indexDocument !== undefined ? 'indexDocument' : 'errorDocument'),
      hint: `A ${ctx.config.type} answers every path itself; remove the setting.`,
    });
  }
  const allowed = cdn.forwardingOptions?.allowedMethods ?? (bucket ? ['GET', 'HEAD', 'OPTIONS'] : ALLOWED_METHOD_SETS[2]);
  if (!ALLOWED_METHOD_SETS.some((set) => sameSet(set, allowed))) {
    throw new NxstackError('NXS_CDN_SETTING_INVALID', `cdn.forwardingOptions.allowedMethods of '${ctx.name}' is not a method set CloudFront accepts.`, {
      location: at('forwardingOptions', 'allowedMethods'),
      hint: 'Use [GET, HEAD], [GET, HEAD, OPTIONS] or all of GET, HEAD, OPTIONS, PUT, PATCH, POST, DELETE.',
    });
  }
  const cached = cdn.cachingOptions?.cacheMethods ?? ['GET', 'HEAD'];
  if (!sameSet(cached, ['GET', 'HEAD']) && !sameSet(cached, ['GET', 'HEAD', 'OPTIONS'])) {
    throw new NxstackError('NXS_CDN_SETTING_INVALID', `cdn.cachingOptions.cacheMethods of '${ctx.name}' must be [GET, HEAD] or [GET, HEAD, OPTIONS].`, { location: at('cachingOptions', 'cacheMethods'), hint: 'CloudFront caches only these two method sets.' });
  }
  if (cached.includes('OPTIONS') && !allowed.includes('OPTIONS')) {
    throw new NxstackError('NXS_CDN_SETTING_INVALID', `cdn.cachingOptions.cacheMethods of '${ctx.name}' caches OPTIONS, which allowedMethods does not allow.`, { location: at('cachingOptions', 'cacheMethods'), hint: 'Add OPTIONS to forwardingOptions.allowedMethods or remove it from cacheMethods.' });
  }

  const originConfig: Record<string, unknown> = { Id: 'origin' };
  if (cdn.defaultRoutePrefix) originConfig.OriginPath = cdn.defaultRoutePrefix;
  const headers = cdn.forwardingOptions?.customRequestHeaders;
  if (headers?.length) originConfig.OriginCustomHeaders = headers.map((h) => ({ HeaderName: h.headerName, HeaderValue: h.value }));
  if (origin.kind === 'bucket') {
    ctx.builder.addResource(ids.originAccessControl, {
      Type: 'AWS::CloudFront::OriginAccessControl',
      Properties: {
        OriginAccessControlConfig: {
          // Unique per account: the region keeps two regions' stages of one project apart.
          Name: sub(`${physicalName(ctx.projectName, ctx.stage, ctx.name, 64 - 16)}-\${AWS::Region}`),
          OriginAccessControlOriginType: 's3',
          SigningBehavior: 'always',
          SigningProtocol: 'sigv4',
        },
      },
    }, ctx.origin);
    Object.assign(originConfig, { DomainName: origin.regionalDomainName, S3OriginConfig: { OriginAccessIdentity: '' }, OriginAccessControlId: getAtt(ids.originAccessControl, 'Id') });
  } else {
    Object.assign(originConfig, {
      DomainName: origin.domainName,
      CustomOriginConfig: { OriginProtocolPolicy: origin.protocol, HTTPPort: 80, HTTPSPort: 443, OriginSSLProtocols: ['TLSv1.2'] },
    });
  }

  const behavior: Record<string, unknown> = {
    TargetOriginId: 'origin',
    ViewerProtocolPolicy: 'redirect-to-https',
    AllowedMethods: allowed,
    CachedMethods: cached,
    Compress: cdn.cachingOptions?.disableCompression !== true,
    CachePolicyId: cdn.cachingOptions?.cachePolicyId ?? ref(ids.cachePolicy),
  };
  if (extra.functionAssociations?.length) behavior.FunctionAssociations = extra.functionAssociations;
  const requestPolicy = cdn.forwardingOptions?.originRequestPolicyId ?? (bucket ? undefined : ALL_VIEWER_EXCEPT_HOST);
  if (requestPolicy) behavior.OriginRequestPolicyId = requestPolicy;
  if (!cdn.cachingOptions?.cachePolicyId) compileCachePolicy(ctx, cdn, bucket);

  const config: Record<string, unknown> = {
    Enabled: true,
    Comment: `${ctx.projectName}-${ctx.stage}-${ctx.name}`,
    PriceClass: cdn.cloudfrontPriceClass ?? 'PriceClass_All',
    HttpVersion: 'http2and3',
    IPV6Enabled: true,
    Origins: [originConfig],
    DefaultCacheBehavior: behavior,
  };
  // WAFv2 takes the web ACL's ARN in WebACLId.
  const webAcl = extra.webAclArn ?? (cdn.useFirewall ? firewallArn(ctx, cdn.useFirewall, [...ctx.path, 'properties', 'cdn', 'useFirewall'], 'cdn') : undefined);
  if (webAcl) config.WebACLId = webAcl;
  if (bucket) {
    const errorPage = cdn.errorDocument ?? '/404.html';
    config.DefaultRootObject = (cdn.indexDocument ?? '/index.html').slice(1);
    // Without s3:ListBucket a missing object is 403: both show the error page with 404.
    config.CustomErrorResponses = [403, 404].map((code) => ({ ErrorCode: code, ResponseCode: 404, ResponsePagePath: errorPage, ErrorCachingMinTTL: 0 }));
  }
  // A cdn's own customDomains, or the hosting-bucket's (passed in: they are not under `cdn` there).
  const domains = extra.customDomains ?? { list: domainConfigurations(cdn.customDomains), at: [...ctx.path, 'properties', 'cdn', 'customDomains'] };
  Object.assign(config, compileCdnDomains(ctx, ids.distribution, domains.list, domains.at));
  ctx.builder.addResource(ids.distribution, { Type: 'AWS::CloudFront::Distribution', Properties: { DistributionConfig: config } }, ctx.origin);
  if (cdn.disableInvalidationAfterDeploy !== true) {
    ctx.builder.addOutput(logicalId(ctx.name, CDN_INVALIDATION_OUTPUT_SUFFIX), { Value: ref(ids.distribution), Description: `CloudFront distribution of '${ctx.name}', invalidated after each deploy` });
  }
}

function compileCachePolicy(ctx: ResourceCompileContext, cdn: CdnConfiguration, bucket: boolean): void {
  const c: NonNullable<CdnConfiguration['cachingOptions']> = cdn.cachingOptions ?? {};
  const min = c.minTTL ?? 0;
  const max = c.maxTTL ?? Math.max(ONE_YEAR, c.defaultTTL ?? 0, min);
  const def = c.defaultTTL ?? Math.min(Math.max(bucket ? SIX_MONTHS : 0, min), max);
  if (!(min <= def && def <= max)) {
    throw new NxstackError('NXS_CDN_SETTING_INVALID', `cdn.cachingOptions of '${ctx.name}': minTTL (${min}) ≤ defaultTTL (${def}) ≤ maxTTL (${max}) does not hold.`, {
      location: ctx.locate([...ctx.path, 'properties', 'cdn', 'cachingOptions']),
      hint: 'CloudFront needs minTTL ≤ defaultTTL ≤ maxTTL (seconds).',
    });
  }
  const compress = c.disableCompression !== true;
  ctx.builder.addResource(cdnIds(ctx.name).cachePolicy, {
    Type: 'AWS::CloudFront::CachePolicy',
    Properties: {
      CachePolicyConfig: {
        Name: sub(`${physicalName(ctx.projectName, ctx.stage, ctx.name, 128 - 16)}-\${AWS::Region}`),
        MinTTL: min,
        DefaultTTL: def,
        MaxTTL: max,
        ParametersInCacheKeyAndForwardedToOrigin: {
          EnableAcceptEncodingGzip: compress,
          EnableAcceptEncodingBrotli: compress,
          CookiesConfig: { CookieBehavior: 'none' },
          HeadersConfig: { HeaderBehavior: 'none' },
          // A service's answer may depend on its query string; a bucket object does not.
          QueryStringsConfig: { QueryStringBehavior: bucket ? 'none' : 'all' },
        },
      },
    },
  }, ctx.origin);
}

/** The bucket-policy statement that lets only this distribution read the bucket. */
export function cdnBucketReadStatement(ctx: ResourceCompileContext, bucketArn: unknown): unknown {
  return {
    Effect: 'Allow',
    Principal: { Service: 'cloudfront.amazonaws.com' },
    Action: 's3:GetObject',
    Resource: { 'Fn::Join': ['', [bucketArn, '/*']] },
    Condition: { StringEquals: { 'AWS:SourceArn': sub(`arn:\${AWS::Partition}:cloudfront::\${AWS::AccountId}:distribution/\${${cdnIds(ctx.name).distribution}}`) } },
  };
}
