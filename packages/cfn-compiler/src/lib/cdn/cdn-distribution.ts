import { CDN_INVALIDATION_OUTPUT_SUFFIX, cdnSettingsOf, domainConfigurations, EDGE_FUNCTION_TRIGGERS, hostingRewriteSource, isLocalStage, NxstackError, type CdnCachingOptions, type CdnConfiguration, type CdnForwardingOptions, type DomainConfiguration, type EdgeFunctionsConfig, type SourceLocation } from '@nxstack/core';
import { compileCdnDomains } from '../domains/cdn-domains';
import { physicalName } from '../data/physical-name';
import { logicalId } from '../logical-ids';
import { edgeFunctionVersionArn } from '../resource-types/edge-lambda-function';
import { getAtt, ref, sub, type ResourceCompileContext } from '../resource-types/resource-type';
import { firewallArn } from '../resource-types/use-firewall';
import { cachePolicyFor, originRequestPolicyFor, type BehaviorPolicyPlace } from './cdn-policies';
import { originConfig, routeTargetOrigin, type CdnOrigin } from './cdn-origins';

export type { CdnOrigin } from './cdn-origins';

export function cdnIds(name: string) {
  return {
    distribution: logicalId(name, 'CdnDistribution'),
    cachePolicy: logicalId(name, 'CdnCachePolicy'),
    originRequestPolicy: logicalId(name, 'CdnOriginRequestPolicy'),
    originAccessControl: logicalId(name, 'CdnOriginAccessControl'),
    /** URL normalization of routes to buckets (`/docs/` → `/docs/index.html`). */
    urlNormalizationFunction: logicalId(name, 'CdnUrlNormalizationFunction'),
    routeCachePolicy: (i: number) => logicalId(name, `CdnRoute${i}CachePolicy`),
    routeOriginRequestPolicy: (i: number) => logicalId(name, `CdnRoute${i}OriginRequestPolicy`),
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

/** The only method sets CloudFront accepts. */
const ALLOWED_METHOD_SETS = [['GET', 'HEAD'], ['GET', 'HEAD', 'OPTIONS'], ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE']];
const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((m) => b.includes(m));

type Locate = (...p: Array<string | number>) => SourceLocation;

export interface CdnExtras {
  /** CloudFront Functions on the default behavior (viewer events). */
  readonly functionAssociations?: readonly unknown[];
  /** Why those functions are there, for the error when an edge function would take their viewer event. */
  readonly functionAssociationsReason?: string;
  /** A firewall given by the owner (a hosting bucket's own useFirewall); else the cdn's useFirewall. */
  readonly webAclArn?: unknown;
  /** The owner's customDomains when they are not under `cdn` (a hosting bucket's). */
  readonly customDomains?: { readonly list: readonly DomainConfiguration[]; readonly at: ReadonlyArray<string | number> };
}

/**
 * `cdn.enabled` — an AWS::CloudFront::Distribution in front of `origin`: HTTPS for viewers
 * (HTTP redirected), compression on, caching by a cache policy of its own built from
 * `cachingOptions` (Stacktape's defaults: bucket content 6 months, service responses not cached
 * without Cache-Control), every viewer header/cookie/query forwarded to a service origin unless
 * `forwardingOptions` narrows it. `routeRewrites` add one origin and cache behavior per path
 * pattern (in order: CloudFront takes the first match), each with its own caching and forwarding
 * (the route's settings, else its origin's defaults: the default behavior's are not inherited);
 * `edgeFunctions` associate Lambda@Edge versions with the default behavior or a route.
 */
export function compileCdn(ctx: ResourceCompileContext, origin: CdnOrigin, extra: CdnExtras = {}): void {
  const cdn = ctx.properties.cdn as CdnConfiguration | undefined;
  if (!cdn?.enabled) return;
  const ids = cdnIds(ctx.name);
  const base = cdnSettingsOf(ctx.name, ctx.config)?.path ?? [...ctx.path, 'properties', 'cdn'];
  const at: Locate = (...p) => ctx.locate([...base, ...p]);
  const bucket = origin.kind === 'bucket';
  if (!bucket && (cdn.indexDocument !== undefined || cdn.errorDocument !== undefined)) {
    throw new NxstackError('NXS_CDN_SETTING_INVALID', `cdn.${cdn.indexDocument !== undefined ? 'indexDocument' : 'errorDocument'} of '${ctx.name}' applies to bucket origins only.`, {
      location: at(cdn.indexDocument !== undefined ? 'indexDocument' : 'errorDocument'),
      hint: `A ${ctx.config.type} answers every path itself; remove the setting.`,
    });
  }
  let oac: unknown;
  const originAccessControl = () => (oac ??= addOriginAccessControl(ctx, ids.originAccessControl));
  const origins = [originConfig('origin', origin, { path: cdn.defaultRoutePrefix, customHeaders: cdn.forwardingOptions?.customRequestHeaders, originAccessControl })];

  const behavior = {
    TargetOriginId: 'origin',
    ...behaviorSettings(ctx, {
      origin, caching: cdn.cachingOptions, forwarding: cdn.forwardingOptions, edgeFunctions: cdn.edgeFunctions, at,
      place: { cachePolicyId: ids.cachePolicy, originRequestPolicyId: ids.originRequestPolicy, nameSuffix: '', at },
      functionAssociations: extra.functionAssociations ?? [], functionAssociationsReason: extra.functionAssociationsReason,
    }),
  };

  let normalization: unknown;
  const cacheBehaviors = (cdn.routeRewrites ?? []).map((r, i) => {
    const rat: Locate = (...p) => at('routeRewrites', i, ...p);
    const target = r.routeTo ? routeTargetOrigin(ctx, r.routeTo, (...p) => rat('routeTo', 'properties', ...p)) : origin;
    const ownOrigin = r.routeTo !== undefined || r.routePrefix !== undefined || (r.forwardingOptions?.customRequestHeaders?.length ?? 0) > 0;
    if (ownOrigin) origins.push(originConfig(`route${i}`, target, { path: r.routePrefix ?? (r.routeTo ? undefined : cdn.defaultRoutePrefix), customHeaders: r.forwardingOptions?.customRequestHeaders, originAccessControl }));
    const normalize = r.routeTo?.type === 'bucket' && r.routeTo.properties.disableUrlNormalization !== true;
    const functionAssociations = normalize ? [{ EventType: 'viewer-request', FunctionARN: getAtt((normalization ??= addUrlNormalization(ctx, ids.urlNormalizationFunction)) as string, 'FunctionARN') }] : [];
    return {
      PathPattern: r.path,
      TargetOriginId: ownOrigin ? `route${i}` : 'origin',
      ...behaviorSettings(ctx, {
        origin: target, caching: r.cachingOptions, forwarding: r.forwardingOptions, edgeFunctions: r.edgeFunctions, at: rat,
        place: { cachePolicyId: ids.routeCachePolicy(i), originRequestPolicyId: ids.routeOriginRequestPolicy(i), nameSuffix: `-r${i}`, at: rat },
        functionAssociations, functionAssociationsReason: `the URL normalization of bucket route ${r.path} (set routeTo.properties.disableUrlNormalization: true to drop it)`,
      }),
    };
  });

  const config: Record<string, unknown> = {
    Enabled: true,
    Comment: `${ctx.projectName}-${ctx.stage}-${ctx.name}`,
    PriceClass: cdn.cloudfrontPriceClass ?? 'PriceClass_All',
    HttpVersion: 'http2and3',
    IPV6Enabled: true,
    Origins: origins,
    DefaultCacheBehavior: behavior,
  };
  // WAFv2 takes the web ACL's ARN in WebACLId.
  const webAcl = extra.webAclArn ?? (cdn.useFirewall ? firewallArn(ctx, cdn.useFirewall, [...ctx.path, 'properties', 'cdn', 'useFirewall'], 'cdn') : undefined);
  if (webAcl) config.WebACLId = webAcl;
  if (cacheBehaviors.length) config.CacheBehaviors = cacheBehaviors;
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

interface BehaviorInput {
  readonly origin: CdnOrigin;
  readonly caching?: CdnCachingOptions;
  readonly forwarding?: CdnForwardingOptions;
  readonly edgeFunctions?: EdgeFunctionsConfig;
  readonly at: Locate;
  readonly place: BehaviorPolicyPlace;
  readonly functionAssociations: readonly unknown[];
  readonly functionAssociationsReason?: string;
}

/** Everything of a cache behavior but its path pattern and origin: methods, policies, functions. */
function behaviorSettings(ctx: ResourceCompileContext, b: BehaviorInput): Record<string, unknown> {
  const bucket = b.origin.kind === 'bucket';
  const allowed = b.forwarding?.allowedMethods ?? (bucket ? ['GET', 'HEAD', 'OPTIONS'] : ALLOWED_METHOD_SETS[2]);
  if (!ALLOWED_METHOD_SETS.some((set) => sameSet(set, allowed))) {
    throw new NxstackError('NXS_CDN_SETTING_INVALID', `cdn.forwardingOptions.allowedMethods of '${ctx.name}' is not a method set CloudFront accepts.`, {
      location: b.at('forwardingOptions', 'allowedMethods'),
      hint: 'Use [GET, HEAD], [GET, HEAD, OPTIONS] or all of GET, HEAD, OPTIONS, PUT, PATCH, POST, DELETE.',
    });
  }
  const cached = b.caching?.cacheMethods ?? ['GET', 'HEAD'];
  if (!sameSet(cached, ['GET', 'HEAD']) && !sameSet(cached, ['GET', 'HEAD', 'OPTIONS'])) {
    throw new NxstackError('NXS_CDN_SETTING_INVALID', `cdn.cachingOptions.cacheMethods of '${ctx.name}' must be [GET, HEAD] or [GET, HEAD, OPTIONS].`, { location: b.at('cachingOptions', 'cacheMethods'), hint: 'CloudFront caches only these two method sets.' });
  }
  if (cached.includes('OPTIONS') && !allowed.includes('OPTIONS')) {
    throw new NxstackError('NXS_CDN_SETTING_INVALID', `cdn.cachingOptions.cacheMethods of '${ctx.name}' caches OPTIONS, which allowedMethods does not allow.`, { location: b.at('cachingOptions', 'cacheMethods'), hint: 'Add OPTIONS to forwardingOptions.allowedMethods or remove it from cacheMethods.' });
  }
  const kind = { bucket, rejectsViewerHost: b.origin.kind === 'endpoint' && b.origin.rejectsViewerHost === true };
  const settings: Record<string, unknown> = {
    ViewerProtocolPolicy: 'redirect-to-https',
    AllowedMethods: allowed,
    CachedMethods: cached,
    Compress: b.caching?.disableCompression !== true,
    CachePolicyId: cachePolicyFor(ctx, b.caching, kind, b.place),
  };
  if (b.functionAssociations.length) settings.FunctionAssociations = b.functionAssociations;
  const lambdas = (Object.keys(EDGE_FUNCTION_TRIGGERS) as Array<keyof typeof EDGE_FUNCTION_TRIGGERS>).flatMap((trigger) => {
    const name = b.edgeFunctions?.[trigger];
    if (!name) return [];
    const event = EDGE_FUNCTION_TRIGGERS[trigger];
    // CloudFront cannot combine CloudFront Functions and Lambda@Edge on viewer events of one behavior.
    if (event.startsWith('viewer-') && b.functionAssociations.length) {
      throw new NxstackError('NXS_CDN_SETTING_INVALID', `edgeFunctions.${trigger} of '${ctx.name}' cannot run together with ${b.functionAssociationsReason ?? 'its CloudFront Function'}.`, {
        location: b.at('edgeFunctions', trigger),
        hint: 'CloudFront runs either CloudFront Functions or Lambda@Edge on viewer events of one behavior: use onOriginRequest/onOriginResponse, or turn the rewrite off and do it in your edge function.',
      });
    }
    return [{ EventType: event, LambdaFunctionARN: edgeFunctionVersionArn(name), ...(event.endsWith('-request') ? { IncludeBody: true } : {}) }];
  });
  if (lambdas.length) settings.LambdaFunctionAssociations = lambdas;
  const requestPolicy = originRequestPolicyFor(ctx, b.forwarding, kind, b.place);
  if (requestPolicy) settings.OriginRequestPolicyId = requestPolicy;
  return settings;
}

function addOriginAccessControl(ctx: ResourceCompileContext, id: string): unknown {
  ctx.builder.addResource(id, {
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
  return getAtt(id, 'Id');
}

/** The CloudFront Function of bucket routes: `/docs` and `/docs/` read `docs/index.html` (core's hosting rule, as static-website). */
function addUrlNormalization(ctx: ResourceCompileContext, id: string): string {
  ctx.builder.addResource(id, {
    Type: 'AWS::CloudFront::Function',
    Properties: {
      Name: sub(`${physicalName(ctx.projectName, ctx.stage, ctx.name, 64 - 16 - 3)}-un-\${AWS::Region}`),
      AutoPublish: true,
      FunctionCode: hostingRewriteSource({ spa: false, normalize: true, indexDocument: '/index.html', errorDocument: '/404.html' }),
      FunctionConfig: { Comment: `URL normalization of the bucket routes of ${ctx.name}`, Runtime: 'cloudfront-js-2.0' },
    },
  }, ctx.origin);
  return id;
}

/** The bucket-policy statement that lets only the distribution of `distributionOwner` read the bucket. */
export function cdnBucketReadStatement(distributionOwner: string, bucketArn: unknown): unknown {
  return {
    Effect: 'Allow',
    Principal: { Service: 'cloudfront.amazonaws.com' },
    Action: 's3:GetObject',
    Resource: { 'Fn::Join': ['', [bucketArn, '/*']] },
    Condition: { StringEquals: { 'AWS:SourceArn': sub(`arn:\${AWS::Partition}:cloudfront::\${AWS::AccountId}:distribution/\${${cdnIds(distributionOwner).distribution}}`) } },
  };
}

/** The resources whose distribution routes a path to bucket `bucketName` (their distributions must be allowed to read it). */
export function distributionsRoutingTo(ctx: ResourceCompileContext, bucketName: string): string[] {
  return Object.entries(ctx.stack.config.resources).flatMap(([name, r]) => {
    const s = cdnSettingsOf(name, r);
    return s?.routeRewrites.some((rt) => rt.routeTo?.type === 'bucket' && rt.routeTo.properties.bucketName === bucketName) ? [name] : [];
  });
}
