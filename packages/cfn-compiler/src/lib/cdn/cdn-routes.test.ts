/**
 * Stacktape's cdn routeRewrites, cacheKeyParameters, forwarding cookies/headers/queryString and
 * edgeFunctions (with edge-lambda-function) compiled to CloudFront: origins, cache behaviors,
 * cache and origin request policies, Lambda@Edge versions; cfn-lint accepts every template.
 */
import { describe, expect, it } from 'vitest';
import { parseStack, StackLoadError } from '@nxstack/core';
import { cfnLint } from '../../../../../tools/test-services/cfn-lint';
import { compileStack } from '../compile-stack';
import { validateStack } from '../validate-stack';
import { artifact, manifest } from '../__fixtures__/sample-stack';

const EDGE = `  auth:
    type: edge-lambda-function
    properties:
      packaging: { type: stacktape-lambda-buildpack, properties: { entryfilePath: src/auth.ts } }
  headersFn:
    type: edge-lambda-function
    properties:
      packaging: { type: stacktape-lambda-buildpack, properties: { entryfilePath: src/headers.py } }
      memory: 512
      timeout: 20
      iamRoleStatements: [{ Action: ['s3:GetObject'], Resource: ['*'] }]
      logging: { disabled: true }
`;

const STACK = `resources:
${EDGE}  api:
    type: http-api-gateway
  assets:
    type: bucket
  fn:
    type: function
    properties:
      packaging: { type: stacktape-lambda-buildpack, properties: { entryfilePath: src/fn.ts } }
      url: { enabled: true }
  lb:
    type: application-load-balancer
  files:
    type: bucket
    properties:
      cdn:
        enabled: true
        cachingOptions:
          cacheKeyParameters: { cookies: { whitelist: [session] }, headers: { whitelist: [Accept-Language] }, queryString: { all: true } }
        forwardingOptions: { cookies: { none: true } }
        edgeFunctions: { onRequest: auth, onOriginResponse: headersFn }
        routeRewrites:
          - path: /api/*
            routeTo: { type: http-api-gateway, properties: { httpApiGatewayName: api } }
            forwardingOptions: { headers: { allExcept: [Host] }, queryString: { whitelist: [page] } }
          - path: /static/*
            routePrefix: /v2
            routeTo: { type: bucket, properties: { bucketName: assets } }
          - path: /fn/*
            routeTo: { type: function, properties: { functionName: fn } }
            cachingOptions: { defaultTTL: 60, cacheKeyParameters: { headers: { none: true } } }
          - path: /lb/*
            routeTo: { type: application-load-balancer, properties: { loadBalancerName: lb } }
          - path: '*.json'
            routeTo: { type: custom-origin, properties: { domainName: data.example.com, protocol: HTTP, port: 8080 } }
            edgeFunctions: { onOriginRequest: headersFn }
          - path: /raw/*
            routeTo: { type: bucket, properties: { bucketName: assets, disableUrlNormalization: true } }
`;

const artifacts = {
  auth: artifact('shop', manifest('auth', { sha256: 'b'.repeat(64), size: 2000 })),
  headersFn: artifact('shop', manifest('headersFn', { sha256: 'c'.repeat(64), handler: 'headers.handler', runtime: 'python3.12', packager: 'python' })),
  fn: artifact('shop', manifest('fn')),
};

const compile = (text: string, o: { region?: string; stage?: string; art?: typeof artifacts } = {}) =>
  compileStack({ stack: parseStack(text, 'stack.yml', { checkPaths: false }), projectName: 'shop', stage: o.stage ?? 'dev', region: o.region ?? 'us-east-1', artifacts: o.art ?? artifacts });

type Dist = { Origins: Array<Record<string, any>>; DefaultCacheBehavior: Record<string, any>; CacheBehaviors: Array<Record<string, any>> };

describe('cdn routeRewrites, cache keys, forwarding and edge functions', () => {
  it('compiles origins, behaviors, policies and Lambda@Edge versions that cfn-lint accepts', async () => {
    const { template: t } = compile(STACK);
    expect(await cfnLint(t)).toBe('');
    const d = t.Resources.FilesCdnDistribution.Properties!.DistributionConfig as Dist;
    expect(d.Origins.map((o) => o.Id)).toEqual(['origin', 'route0', 'route1', 'route2', 'route3', 'route4', 'route5']);
    expect(d.Origins[1]).toMatchObject({ DomainName: { 'Fn::Sub': '${ApiHttpApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}' }, CustomOriginConfig: { OriginProtocolPolicy: 'https-only' } });
    // Both bucket routes read through the distribution's one Origin Access Control.
    expect(d.Origins[2]).toMatchObject({ OriginPath: '/v2', DomainName: { 'Fn::GetAtt': ['AssetsBucket', 'RegionalDomainName'] }, OriginAccessControlId: { 'Fn::GetAtt': ['FilesCdnOriginAccessControl', 'Id'] } });
    expect(d.Origins[3].DomainName).toEqual({ 'Fn::Select': [2, { 'Fn::Split': ['/', { 'Fn::GetAtt': ['FnFunctionUrl', 'FunctionUrl'] }] }] });
    expect(d.Origins[4]).toMatchObject({ DomainName: { 'Fn::GetAtt': ['LbLoadBalancer', 'DNSName'] }, CustomOriginConfig: { OriginProtocolPolicy: 'http-only', HTTPPort: 80 } });
    expect(d.Origins[5]).toMatchObject({ DomainName: 'data.example.com', CustomOriginConfig: { OriginProtocolPolicy: 'http-only', HTTPPort: 8080 } });
    expect(d.CacheBehaviors.map((b) => [b.PathPattern, b.TargetOriginId])).toEqual([['/api/*', 'route0'], ['/static/*', 'route1'], ['/fn/*', 'route2'], ['/lb/*', 'route3'], ['*.json', 'route4'], ['/raw/*', 'route5']]);

    // Default behavior: cache key from cacheKeyParameters, forwarding narrowed to no cookies, two edge functions.
    const key = (id: string) => (t.Resources[id].Properties!.CachePolicyConfig as Record<string, any>).ParametersInCacheKeyAndForwardedToOrigin;
    expect(key('FilesCdnCachePolicy')).toMatchObject({ CookiesConfig: { CookieBehavior: 'whitelist', Cookies: ['session'] }, HeadersConfig: { HeaderBehavior: 'whitelist', Headers: ['Accept-Language'] }, QueryStringsConfig: { QueryStringBehavior: 'all' } });
    const forward = (id: string) => t.Resources[id].Properties!.OriginRequestPolicyConfig as Record<string, any>;
    expect(forward('FilesCdnOriginRequestPolicy')).toMatchObject({ CookiesConfig: { CookieBehavior: 'none' }, HeadersConfig: { HeaderBehavior: 'none' }, QueryStringsConfig: { QueryStringBehavior: 'none' } });
    expect(d.DefaultCacheBehavior).toMatchObject({ CachePolicyId: { Ref: 'FilesCdnCachePolicy' }, OriginRequestPolicyId: { Ref: 'FilesCdnOriginRequestPolicy' } });
    expect(d.DefaultCacheBehavior.LambdaFunctionAssociations).toEqual([
      { EventType: 'viewer-request', LambdaFunctionARN: { Ref: 'AuthEdgeVersion' }, IncludeBody: true },
      { EventType: 'origin-response', LambdaFunctionARN: { Ref: 'HeadersFnEdgeVersion' } },
    ]);

    // Routes: their own settings over their origin's defaults (an API forwards all but Host, queries in the key).
    const [apiRoute, staticRoute, fnRoute, lbRoute, jsonRoute, rawRoute] = d.CacheBehaviors;
    expect(forward('FilesCdnRoute0OriginRequestPolicy')).toMatchObject({ CookiesConfig: { CookieBehavior: 'all' }, HeadersConfig: { HeaderBehavior: 'allExcept', Headers: ['Host'] }, QueryStringsConfig: { QueryStringBehavior: 'whitelist', QueryStrings: ['page'] } });
    expect(apiRoute).toMatchObject({ AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'], CachePolicyId: { Ref: 'FilesCdnRoute0CachePolicy' }, OriginRequestPolicyId: { Ref: 'FilesCdnRoute0OriginRequestPolicy' } });
    expect((t.Resources.FilesCdnRoute0CachePolicy.Properties!.CachePolicyConfig as Record<string, unknown>)).toMatchObject({ DefaultTTL: 0 });
    expect(key('FilesCdnRoute0CachePolicy').QueryStringsConfig).toEqual({ QueryStringBehavior: 'all' });
    expect(staticRoute.OriginRequestPolicyId).toBeUndefined();
    expect(staticRoute.FunctionAssociations).toEqual([{ EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': ['FilesCdnUrlNormalizationFunction', 'FunctionARN'] } }]);
    expect(rawRoute.FunctionAssociations).toBeUndefined();
    expect((t.Resources.FilesCdnRoute2CachePolicy.Properties!.CachePolicyConfig as Record<string, unknown>)).toMatchObject({ DefaultTTL: 60 });
    expect(fnRoute.OriginRequestPolicyId).toBe('b689b0a8-53d0-40ab-baf2-68738e2966ac');
    expect(lbRoute.LambdaFunctionAssociations).toBeUndefined();
    expect(jsonRoute.LambdaFunctionAssociations).toEqual([{ EventType: 'origin-request', LambdaFunctionARN: { Ref: 'HeadersFnEdgeVersion' }, IncludeBody: true }]);

    // The routed-to bucket lets this distribution read it.
    const policy = t.Resources.AssetsBucketPolicy.Properties!.PolicyDocument as { Statement: Array<Record<string, any>> };
    expect(policy.Statement).toEqual([expect.objectContaining({ Principal: { Service: 'cloudfront.amazonaws.com' }, Condition: { StringEquals: { 'AWS:SourceArn': { 'Fn::Sub': 'arn:${AWS::Partition}:cloudfront::${AWS::AccountId}:distribution/${FilesCdnDistribution}' } } } })]);
  }, 60_000);

  it('an edge-lambda-function is a us-east-1 Lambda with no environment, a role edgelambda may assume, and a Version per code and settings', () => {
    const { template: t } = compile(STACK);
    const fn = t.Resources.AuthFunction;
    expect(fn).toMatchObject({ DeletionPolicy: 'Retain', Properties: { Runtime: 'nodejs22.x', MemorySize: 128, Timeout: 3, Architectures: ['x86_64'] } });
    expect(fn.Properties!.Environment).toBeUndefined();
    expect((t.Resources.AuthRole.Properties!.AssumeRolePolicyDocument as any).Statement[0].Principal.Service).toEqual(['lambda.amazonaws.com', 'edgelambda.amazonaws.com']);
    expect(t.Resources.AuthEdgeVersion).toMatchObject({ Type: 'AWS::Lambda::Version', DeletionPolicy: 'Retain', Properties: { FunctionName: { Ref: 'AuthFunction' }, CodeSha256: Buffer.from('b'.repeat(64), 'hex').toString('base64') } });
    expect(t.Resources.HeadersFnFunction.Properties).toMatchObject({ Runtime: 'python3.12', MemorySize: 512, Timeout: 20 });
    // It may write its log groups in every region (deploy sets their retention), unless logging is disabled.
    const policies = (id: string) => (t.Resources[id].Properties!.Policies as Array<{ PolicyName: string }>).map((p) => p.PolicyName);
    expect(policies('AuthRole')).toEqual(['EdgeLogs']);
    expect(policies('HeadersFnRole')).toEqual(['IamRoleStatements']);
    expect(Object.keys(t.Resources).filter((id) => id.startsWith('Auth')).sort()).toEqual(['AuthEdgeVersion', 'AuthFunction', 'AuthRole']);
    expect(t.Outputs!.AuthArn.Value).toEqual({ Ref: 'AuthEdgeVersion' });
    // New code: a new version (CodeSha256 and Description change, so CloudFormation replaces it).
    const next = compile(STACK, { art: { ...artifacts, auth: artifact('shop', manifest('auth', { sha256: 'd'.repeat(64) })) } }).template.Resources.AuthEdgeVersion.Properties as Record<string, string>;
    expect(next.Description).not.toBe((t.Resources.AuthEdgeVersion.Properties as Record<string, string>).Description);
  });

  it('refuses edge functions outside us-east-1, too big for their trigger, or clashing with a viewer CloudFront Function', () => {
    expect(() => compile(STACK, { region: 'eu-west-1' })).toThrow(expect.objectContaining({ code: 'NXS_EDGE_FUNCTION_REGION', location: expect.objectContaining({ line: 3 }) }));
    expect(() => compile(STACK, { art: { ...artifacts, headersFn: artifact('shop', manifest('headersFn', { runtime: 'python3.14', packager: 'python' })) } })).toThrow(expect.objectContaining({ code: 'NXS_EDGE_FUNCTION_INVALID', message: expect.stringContaining('python3.14, which Lambda@Edge does not run') }));
    expect(() => compile(STACK, { art: { ...artifacts, auth: artifact('shop', manifest('auth', { size: 2 * 1024 * 1024 })) } })).toThrow(expect.objectContaining({ code: 'NXS_EDGE_FUNCTION_INVALID', message: expect.stringContaining('1048576 for viewer triggers') }));
    const spa = `resources:\n${EDGE}  site:\n    type: hosting-bucket\n    properties:\n      uploadDirectoryPath: dist\n      hostingContentType: single-page-app\n      edgeFunctions: { onResponse: auth }\n`;
    expect(() => compile(spa)).toThrow(expect.objectContaining({ code: 'NXS_CDN_SETTING_INVALID', message: expect.stringContaining("URL rewrite of hosting bucket 'site'") }));
    // Origin triggers combine with the rewrite function.
    const origin = spa.replace('onResponse: auth', 'onOriginRequest: headersFn');
    const d = compile(origin).template.Resources.SiteCdnDistribution.Properties!.DistributionConfig as Dist;
    expect(d.DefaultCacheBehavior).toMatchObject({ FunctionAssociations: [expect.objectContaining({ EventType: 'viewer-request' })], LambdaFunctionAssociations: [expect.objectContaining({ EventType: 'origin-request' })] });
  });

  it('hosting-bucket routeRewrites: /api/* to the http-api-gateway keeps the site on the default behavior', async () => {
    const { template: t } = compile(`resources:\n  api:\n    type: http-api-gateway\n  site:\n    type: hosting-bucket\n    properties:\n      uploadDirectoryPath: dist\n      hostingContentType: single-page-app\n      routeRewrites:\n        - path: /api/*\n          routeTo: { type: http-api-gateway, properties: { httpApiGatewayName: api } }\n`, { region: 'eu-west-1' });
    expect(await cfnLint(t)).toBe('');
    const d = t.Resources.SiteCdnDistribution.Properties!.DistributionConfig as Dist;
    expect(d.CacheBehaviors).toEqual([expect.objectContaining({ PathPattern: '/api/*', TargetOriginId: 'route0', OriginRequestPolicyId: 'b689b0a8-53d0-40ab-baf2-68738e2966ac' })]);
    expect(d.CacheBehaviors[0].FunctionAssociations).toBeUndefined();
    expect(d.DefaultCacheBehavior.FunctionAssociations).toHaveLength(1);
  }, 60_000);

  it('refuses settings CloudFront would reject, with their stack.yml line', () => {
    const bad = (cdn: string) => `resources:\n  api:\n    type: http-api-gateway\n  w:\n    type: web-service\n    properties:\n      packaging: { type: prebuilt-image, properties: { image: 'nginx@sha256:${'a'.repeat(64)}' } }\n      resources: { cpu: 0.25, memory: 512 }\n      cdn: { enabled: true, ${cdn} }\n`;
    const compileBad = (cdn: string) => compileStack({ stack: parseStack(bad(cdn), 'stack.yml', { checkPaths: false }), projectName: 'shop', stage: 'dev', artifacts: { w: { kind: 'image', resource: 'w', layout: 'x', digest: `sha256:${'a'.repeat(64)}`, size: 1, location: { imageUri: `nginx@sha256:${'a'.repeat(64)}` } } as never } });
    expect(() => compileBad('forwardingOptions: { headers: { allViewer: true } }')).toThrow(expect.objectContaining({ code: 'NXS_CDN_SETTING_INVALID', message: expect.stringContaining('Host header') }));
    expect(() => compileBad('forwardingOptions: { headers: { whitelist: [Authorization] } }')).toThrow(expect.objectContaining({ code: 'NXS_CDN_SETTING_INVALID', message: expect.stringContaining('Authorization') }));
    expect(() => compileBad('cachingOptions: { cachePolicyId: abc, cacheKeyParameters: { headers: { none: true } } }')).toThrow(expect.objectContaining({ code: 'NXS_CDN_SETTING_INVALID' }));
  });

  it('the loader reports wrong targets and edge limits together, each at its line; an ambiguous choice is a schema error', () => {
    const problemsOf = (text: string) => {
      try {
        parseStack(text, 'stack.yml', { checkPaths: false });
      } catch (e) {
        return (e as StackLoadError).problems.map((p) => ({ code: p.code, line: p.location?.line, message: p.message }));
      }
      throw new Error('expected load errors');
    };
    const text = `resources:
  big:
    type: edge-lambda-function
    properties:
      packaging: { type: stacktape-lambda-buildpack, properties: { entryfilePath: src/a.ts } }
      memory: 512
  goFn:
    type: edge-lambda-function
    properties:
      packaging: { type: stacktape-lambda-buildpack, properties: { entryfilePath: src/main.go } }
  fn:
    type: function
    properties:
      packaging: { type: stacktape-lambda-buildpack, properties: { entryfilePath: src/fn.ts } }
  site:
    type: hosting-bucket
    properties:
      uploadDirectoryPath: dist
      edgeFunctions: { onRequest: big, onResponse: fn, onOriginRequest: 'arn:aws:lambda:eu-west-1:123456789012:function:x:1' }
      routeRewrites:
        - path: /api/*
          routeTo: { type: http-api-gateway, properties: { httpApiGatewayName: apii } }
        - path: /fn/*
          routeTo: { type: function, properties: { functionName: fn } }
`;
    const ambiguous = problemsOf(`${text}          forwardingOptions: { cookies: { none: true, all: true } }\n`);
    expect(ambiguous).toEqual([expect.objectContaining({ code: 'NXS_CDN_SETTING_INVALID', line: 25, message: expect.stringContaining('needs exactly one of none, whitelist, all') })]);
    const problems = problemsOf(text);
    expect(problems.map((p) => [p.code, p.line])).toEqual(expect.arrayContaining([
      ['NXS_EDGE_FUNCTION_INVALID', 10],
      ['NXS_CDN_ORIGIN_INVALID', 22],
      ['NXS_CDN_ORIGIN_INVALID', 24],
      ['NXS_EDGE_FUNCTION_INVALID', 6],
      ['NXS_EDGE_FUNCTION_INVALID', 19],
    ]));
    expect(problems.filter((p) => p.code === 'NXS_EDGE_FUNCTION_INVALID').map((p) => p.message)).toEqual(expect.arrayContaining([
      expect.stringContaining("names 'fn', which is a function, not an edge-lambda-function"),
      expect.stringContaining('not a published us-east-1 Lambda version ARN'),
      expect.stringContaining('memory 512, more than Lambda@Edge allows for onRequest'),
    ]));
  });

  it('validate compiles edge functions with zip stand-ins of a runtime Lambda@Edge runs', () => {
    expect(() => validateStack({ stack: parseStack(STACK, 'stack.yml', { checkPaths: false }), projectName: 'shop', stage: 'dev' })).not.toThrow();
  });
});
