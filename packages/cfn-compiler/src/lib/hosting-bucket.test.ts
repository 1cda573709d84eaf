import { describe, expect, it } from 'vitest';
import { localEndpointUrl, parseStack } from '@nxstack/core';
import { cfnLint } from '../../../../tools/test-services/cfn-lint';
import { compileStack } from './compile-stack';

const stackText = (props: string) => `resources:
  api:
    type: http-api-gateway
  web:
    type: hosting-bucket
    properties:
      uploadDirectoryPath: ./dist
${props}`;

const compile = (props: string, stage = 'dev') => compileStack({ stack: parseStack(stackText(props), 'stack.yml', { checkPaths: false }), projectName: 'shop', stage, artifacts: {} });

describe('hosting-bucket', () => {
  it('single-page-app: private bucket read by its distribution through OAC, a rewrite function, injected values as Outputs; cfn-lint accepts it', async () => {
    const { template: t } = compile(`      hostingContentType: single-page-app
      injectEnvironment:
        - name: API_URL
          value: $ResourceParam('api', 'url')
        - name: FLAG
          value: 3
`);
    expect(await cfnLint(t)).toBe('');
    expect(Object.entries(t.Resources).filter(([id]) => id.startsWith('Web')).map(([id, r]) => [id, r.Type]).sort()).toEqual([
      ['WebBucket', 'AWS::S3::Bucket'],
      ['WebBucketPolicy', 'AWS::S3::BucketPolicy'],
      ['WebCdnCachePolicy', 'AWS::CloudFront::CachePolicy'],
      ['WebCdnDistribution', 'AWS::CloudFront::Distribution'],
      ['WebCdnOriginAccessControl', 'AWS::CloudFront::OriginAccessControl'],
      ['WebCdnRewriteFunction', 'AWS::CloudFront::Function'],
    ]);
    expect(t.Resources.WebBucket.Properties!.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    const config = (t.Resources.WebCdnDistribution.Properties as { DistributionConfig: Record<string, any> }).DistributionConfig;
    expect(config.DefaultRootObject).toBe('index.html');
    expect(config.DefaultCacheBehavior.FunctionAssociations).toEqual([{ EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': ['WebCdnRewriteFunction', 'FunctionARN'] } }]);
    expect(t.Resources.WebCdnRewriteFunction.Properties!.FunctionCode).toContain('request.uri = "/index.html"');
    // Files are uploaded by deploy, which invalidates only when they changed: no cdn after-deploy invalidation.
    expect(Object.keys(t.Outputs!).filter((k) => k.startsWith('Web')).sort()).toEqual(['WebArn', 'WebHostingDistributionId', 'WebInjectedEnv0', 'WebInjectedEnv1', 'WebName', 'WebUrl']);
    expect(t.Outputs!.WebInjectedEnv0.Value).toEqual(t.Outputs!.ApiUrl.Value);
    expect(t.Outputs!.WebInjectedEnv1.Value).toBe('3');
    expect(t.Outputs!.WebUrl.Value).toEqual({ 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': ['WebCdnDistribution', 'DomainName'] }]] });
  }, 60_000);

  it('static-website normalizes URLs unless disableUrlNormalization; index and error documents reach the distribution', async () => {
    const normalized = compile('');
    expect(normalized.template.Resources.WebCdnRewriteFunction.Properties!.FunctionCode).toContain("'/index.html'");
    const { template: t } = compile('      disableUrlNormalization: true\n      indexDocument: /home.html\n      errorDocument: /missing.html\n');
    expect(await cfnLint(t)).toBe('');
    expect(t.Resources.WebCdnRewriteFunction).toBeUndefined();
    const config = (t.Resources.WebCdnDistribution.Properties as { DistributionConfig: Record<string, any> }).DistributionConfig;
    expect(config.DefaultRootObject).toBe('home.html');
    expect(config.CustomErrorResponses).toEqual([403, 404].map((code) => ({ ErrorCode: code, ResponseCode: 404, ResponsePagePath: '/missing.html', ErrorCachingMinTTL: 0 })));
    expect(config.DefaultCacheBehavior.FunctionAssociations).toBeUndefined();
  }, 60_000);

  it('on the local stage the url is the localhost port serve serves the site on', () => {
    const { template: t } = compile('', 'local');
    expect(t.Outputs!.WebUrl.Value).toBe(localEndpointUrl('shop-local', 'WebCdnDistribution'));
  });
});
