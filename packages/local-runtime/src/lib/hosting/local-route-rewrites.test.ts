import { describe, expect, it } from 'vitest';
import { localEndpointUrl, parseStack } from '@nxstack/core';
import { refuseUnservedResources } from '../services/unserved-resources';
import { matchRoute, pathPatternRegExp, routeEndpoint } from './local-route-rewrites';

describe('hosting routeRewrites in serve', () => {
  it("matches paths as CloudFront's path patterns do: whole path, * any characters, ? one, first match wins", () => {
    expect(pathPatternRegExp('/api/*').test('/api/users/7')).toBe(true);
    expect(pathPatternRegExp('/api/*').test('/apix')).toBe(false);
    expect(pathPatternRegExp('*.jpg').test('/a/b.jpg')).toBe(true);
    expect(pathPatternRegExp('images/?.png').test('/images/a.png')).toBe(true);
    expect(pathPatternRegExp('/a.b').test('/axb')).toBe(false);
    const routes = [{ path: '/api/v1/*' }, { path: '/api/*' }];
    expect(matchRoute(routes, '/api/v1/x')?.index).toBe(0);
    expect(matchRoute(routes, '/api/v2/x')?.index).toBe(1);
    expect(matchRoute(routes, '/about')).toBeUndefined();
  });

  it('sends API and function routes to their local endpoints and custom origins to their domain', () => {
    expect(routeEndpoint({ path: '/api/*', routeTo: { type: 'http-api-gateway', properties: { httpApiGatewayName: 'api' } } }, 'site-local')).toBe(localEndpointUrl('site-local', 'ApiHttpApi'));
    expect(routeEndpoint({ path: '/fn/*', routeTo: { type: 'function', properties: { functionName: 'fn' } } }, 'site-local')).toBe(localEndpointUrl('site-local', 'FnFunctionUrl'));
    expect(routeEndpoint({ path: '*.json', routeTo: { type: 'custom-origin', properties: { domainName: 'data.example.com', protocol: 'HTTP', port: 8080 } } }, 'site-local')).toBe('http://data.example.com:8080');
    expect(routeEndpoint({ path: '/b/*', routeTo: { type: 'bucket', properties: { bucketName: 'b' } } }, 'site-local')).toBeUndefined();
  });

  it('refuses to serve a hosting bucket whose edge functions it cannot run, at their line', () => {
    const stack = parseStack(`resources:
  edge:
    type: edge-lambda-function
    properties:
      packaging: { type: stacktape-lambda-buildpack, properties: { entryfilePath: src/a.ts } }
  web:
    type: hosting-bucket
    properties:
      uploadDirectoryPath: dist
      routeRewrites:
        - path: /x/*
          edgeFunctions: { onOriginResponse: edge }
`, 'stack.yml', { checkPaths: false });
    expect(() => refuseUnservedResources(stack)).toThrow(expect.objectContaining({ code: 'NXS_NOT_SUPPORTED_YET', message: expect.stringContaining("edgeFunctions.onOriginResponse 'edge' of hosting-bucket 'web'"), location: expect.objectContaining({ line: 12 }) }));
  });
});
