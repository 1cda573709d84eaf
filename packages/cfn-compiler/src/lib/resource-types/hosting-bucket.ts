import { DEFAULT_STAGE, domainConfigurations, hostingEndpointLogicalId, HOSTING_DISTRIBUTION_OUTPUT_SUFFIX, HOSTING_INJECTED_ENV_OUTPUT_SUFFIX, hostingRewriteSource, hostingRouting, localEndpointUrl, needsRewrite, stackName, type HostingBucketProperties } from '@nxstack/core';
import { cdnBucketReadStatement, cdnIds, cdnParams, compileCdn } from '../cdn/cdn-distribution';
import { firewallArn } from './use-firewall';
import { bucketNameSub, physicalName } from '../data/physical-name';
import { logicalId } from '../logical-ids';
import { getAtt, ref, sub, type ResourceTypeModule, type StackScope } from './resource-type';

const bucketId = (name: string) => logicalId(name, 'Bucket');
export const hostingRewriteFunctionId = (name: string) => logicalId(name, 'CdnRewriteFunction');

/** `https://<distribution>.cloudfront.net`; on the local stage the port `serve` serves the site on (core's localEndpointUrl). */
function siteUrl(name: string, scope: StackScope): unknown {
  if (scope.stage === DEFAULT_STAGE) return localEndpointUrl(stackName(scope.projectName, scope.stage), hostingEndpointLogicalId(name));
  return { 'Fn::Join': ['', ['https://', getAtt(cdnIds(name).distribution, 'DomainName')]] };
}

/** The site's URL: `https://<first custom domain>` when it has customDomains (AWS stages), else siteUrl. */
function siteMainUrl(name: string, p: HostingBucketProperties, scope: StackScope): unknown {
  const domains = domainConfigurations(p.customDomains);
  return domains.length && scope.stage !== DEFAULT_STAGE ? `https://${domains[0].domainName}` : siteUrl(name, scope);
}

const hostingCdnParams = cdnParams((p) => domainConfigurations(p.customDomains), () => true);

/**
 * `type: hosting-bucket` — a private S3 bucket (named like a `bucket`) read only by its CloudFront
 * distribution (Origin Access Control), the cdn compiler's with index/error documents, plus a
 * CloudFront Function that rewrites paths for single-page apps and URL normalization (core's
 * hostingRewriteSource). The files are not in the template: deploy uploads them after the stack
 * update (deployer hosting-sync.ts) and invalidates the distribution when a file changed, so the
 * cdn's own after-deploy invalidation is off. `injectEnvironment` values become Outputs, which
 * CloudFormation (or the local stage) resolves, and deploy writes into the HTML files.
 */
export const hostingBucketType: ResourceTypeModule<HostingBucketProperties> = {
  type: 'hosting-bucket',
  params: {
    name: (name, _p, scope) => sub(bucketNameSub(scope.projectName, scope.stage, name)),
    arn: (name, _p, scope) => sub(`arn:\${AWS::Partition}:s3:::${bucketNameSub(scope.projectName, scope.stage, name)}`),
    url: (name, p, scope) => siteMainUrl(name, p, scope),
    cdnDomain: (name) => getAtt(cdnIds(name).distribution, 'DomainName'),
    cdnCanonicalDomain: (name) => getAtt(cdnIds(name).distribution, 'DomainName'),
    cdnUrl: (name, _p, scope) => siteUrl(name, scope),
    cdnCanonicalUrl: (name, _p, scope) => siteUrl(name, scope),
    cdnCustomDomains: hostingCdnParams.cdnCustomDomains as never,
    cdnCustomDomainUrls: (name, p, scope) => (domainConfigurations(p.customDomains).length && scope.stage === DEFAULT_STAGE ? siteUrl(name, scope) : hostingCdnParams.cdnCustomDomainUrls(name, p as never, scope)),
  },
  outputs: { Name: 'name', Arn: 'arn', Url: 'url' },
  compile(ctx) {
    const p = ctx.properties;
    const id = bucketId(ctx.name);
    ctx.builder.addResource(id, {
      Type: 'AWS::S3::Bucket',
      DeletionPolicy: 'Delete',
      UpdateReplacePolicy: 'Delete',
      Properties: {
        BucketName: sub(bucketNameSub(ctx.projectName, ctx.stage, ctx.name)),
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      },
    }, ctx.origin);
    ctx.builder.addResource(logicalId(ctx.name, 'BucketPolicy'), {
      Type: 'AWS::S3::BucketPolicy',
      Properties: { Bucket: ref(id), PolicyDocument: { Version: '2012-10-17', Statement: [cdnBucketReadStatement(ctx.name, getAtt(id, 'Arn'))] } },
    }, ctx.origin);

    const routing = hostingRouting(p);
    const associations: unknown[] = [];
    if (needsRewrite(routing)) {
      const fn = hostingRewriteFunctionId(ctx.name);
      ctx.builder.addResource(fn, {
        Type: 'AWS::CloudFront::Function',
        Properties: {
          Name: sub(`${physicalName(ctx.projectName, ctx.stage, ctx.name, 64 - 16)}-\${AWS::Region}`),
          AutoPublish: true,
          FunctionCode: hostingRewriteSource(routing),
          FunctionConfig: { Comment: `URL rewrites of hosting bucket ${ctx.name}`, Runtime: 'cloudfront-js-2.0' },
        },
      }, ctx.origin);
      associations.push({ EventType: 'viewer-request', FunctionARN: getAtt(fn, 'FunctionARN') });
    }
    const cdn = { enabled: true, indexDocument: routing.indexDocument, errorDocument: routing.errorDocument, disableInvalidationAfterDeploy: true, routeRewrites: p.routeRewrites, edgeFunctions: p.edgeFunctions };
    compileCdn({ ...ctx, properties: { ...ctx.properties, cdn } } as never, { kind: 'bucket', regionalDomainName: getAtt(id, 'RegionalDomainName') }, {
      functionAssociations: associations,
      functionAssociationsReason: `the URL rewrite of hosting bucket '${ctx.name}' (hostingContentType single-page-app or URL normalization; static-website with disableUrlNormalization: true has none)`,
      ...(p.useFirewall ? { webAclArn: firewallArn(ctx, p.useFirewall, [...ctx.path, 'properties', 'useFirewall'], 'cdn') } : {}),
      customDomains: { list: domainConfigurations(p.customDomains), at: [...ctx.path, 'properties', 'customDomains'] },
    });
    ctx.builder.addOutput(logicalId(ctx.name, HOSTING_DISTRIBUTION_OUTPUT_SUFFIX), { Value: ref(cdnIds(ctx.name).distribution), Description: `CloudFront distribution of hosting bucket '${ctx.name}', invalidated when deploy changes its files` });
    (p.injectEnvironment ?? []).forEach((v, i) => {
      const value = ctx.resolve(v.value, [...ctx.path, 'properties', 'injectEnvironment', i, 'value']);
      ctx.builder.addOutput(logicalId(ctx.name, `${HOSTING_INJECTED_ENV_OUTPUT_SUFFIX}${i}`), { Value: typeof value === 'object' ? value : String(value), Description: `injectEnvironment ${v.name} of '${ctx.name}'` });
    });
  },
};
