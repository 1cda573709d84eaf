/**
 * `routeRewrites[].routeTo` → the CloudFront origin it names: a bucket of this stack (through
 * the distribution's Origin Access Control; the bucket's policy lets the distribution read, see
 * bucket.ts), an http-api-gateway, a function's URL, an application-load-balancer's listener, or
 * a custom domain. The checks that the target exists with the right type are core's (cdn-settings.ts).
 */
import { albListeners, httpApiLogicalId, NxstackError, type ApplicationLoadBalancerProperties, type CdnRouteTarget, type SourceLocation } from '@nxstack/core';
import { loadBalancerIds } from '../load-balancers/load-balancer';
import { functionUrlId } from '../lambda/function-url';
import { getAtt, sub, type ResourceCompileContext } from '../resource-types/resource-type';
import { logicalId } from '../logical-ids';

/** Where a distribution sends requests: a bucket through Origin Access Control, or an HTTPS/HTTP endpoint. */
export type CdnOrigin =
  | { readonly kind: 'bucket'; readonly regionalDomainName: unknown }
  | {
      readonly kind: 'endpoint';
      readonly domainName: unknown;
      readonly protocol: 'https-only' | 'http-only';
      readonly port?: number;
      /** API Gateway and function URLs refuse the viewer's Host header. */
      readonly rejectsViewerHost?: boolean;
    };

const bucketLogicalId = (name: string) => logicalId(name, 'Bucket');

/** The API Gateway endpoint's host name (`<id>.execute-api.<region>.amazonaws.com`). */
export const httpApiOriginDomain = (api: string) => sub(`\${${httpApiLogicalId(api)}}.execute-api.\${AWS::Region}.\${AWS::URLSuffix}`);

export function routeTargetOrigin(ctx: ResourceCompileContext, target: CdnRouteTarget, at: (...p: Array<string | number>) => SourceLocation): CdnOrigin {
  switch (target.type) {
    case 'bucket':
      return { kind: 'bucket', regionalDomainName: getAtt(bucketLogicalId(target.properties.bucketName), 'RegionalDomainName') };
    case 'http-api-gateway':
      return { kind: 'endpoint', domainName: httpApiOriginDomain(target.properties.httpApiGatewayName), protocol: 'https-only', rejectsViewerHost: true };
    case 'function':
      // FunctionUrl is `https://<id>.lambda-url.<region>.on.aws/`: its third `/`-part is the host.
      return { kind: 'endpoint', domainName: { 'Fn::Select': [2, { 'Fn::Split': ['/', getAtt(functionUrlId(target.properties.functionName), 'FunctionUrl')] }] }, protocol: 'https-only', rejectsViewerHost: true };
    case 'custom-origin': {
      const https = (target.properties.protocol ?? 'HTTPS') === 'HTTPS';
      return { kind: 'endpoint', domainName: target.properties.domainName, protocol: https ? 'https-only' : 'http-only', port: target.properties.port };
    }
    case 'application-load-balancer':
      return loadBalancerOrigin(ctx, target.properties, at);
  }
}

function loadBalancerOrigin(ctx: ResourceCompileContext, t: { loadBalancerName: string; listenerPort?: number; originDomainName?: string }, at: (...p: Array<string | number>) => SourceLocation): CdnOrigin {
  const lb = ctx.resourceConfig(t.loadBalancerName)?.properties as ApplicationLoadBalancerProperties | undefined;
  if (lb?.interface === 'internal') {
    throw new NxstackError('NXS_CDN_ORIGIN_INVALID', `Load balancer '${t.loadBalancerName}' is internal: CloudFront cannot reach it.`, {
      location: at('loadBalancerName'),
      hint: "Route to an internet-facing load balancer (interface: internet, Stacktape's default).",
    });
  }
  const listeners = albListeners(lb);
  const listener = t.listenerPort !== undefined ? listeners.find((l) => l.port === t.listenerPort) : listeners.length === 1 ? listeners[0] : undefined;
  if (!listener) {
    throw new NxstackError(t.listenerPort !== undefined ? 'NXS_LB_LISTENER_UNKNOWN' : 'NXS_CDN_ORIGIN_INVALID', t.listenerPort !== undefined ? `Load balancer '${t.loadBalancerName}' has no listener on port ${t.listenerPort}.` : `Load balancer '${t.loadBalancerName}' has ${listeners.length} listeners: say which one CloudFront sends requests to.`, {
      location: at(t.listenerPort !== undefined ? 'listenerPort' : 'loadBalancerName'),
      hint: `Set listenerPort to one of ${listeners.map((l) => `${l.port} (${l.protocol})`).join(', ')}.`,
    });
  }
  const https = listener.protocol === 'HTTPS';
  if (https && !t.originDomainName) {
    throw new NxstackError('NXS_CDN_ORIGIN_INVALID', `Listener ${listener.port} of '${t.loadBalancerName}' is HTTPS: CloudFront needs the domain its certificate names.`, {
      location: at('loadBalancerName'),
      hint: "Set originDomainName to the domain of the listener's certificate (a DNS name pointing at the load balancer), or route to an HTTP listener.",
    });
  }
  return { kind: 'endpoint', domainName: t.originDomainName ?? getAtt(loadBalancerIds(t.loadBalancerName).loadBalancer, 'DNSName'), protocol: https ? 'https-only' : 'http-only', port: listener.port };
}

/** The CloudFront `Origins[]` entry for an origin (a bucket origin gets the distribution's Origin Access Control). */
export function originConfig(id: string, origin: CdnOrigin, o: { readonly path?: string; readonly customHeaders?: ReadonlyArray<{ headerName: string; value: string }>; readonly originAccessControl: () => unknown }): Record<string, unknown> {
  const config: Record<string, unknown> = { Id: id };
  if (o.path) config.OriginPath = o.path;
  if (o.customHeaders?.length) config.OriginCustomHeaders = o.customHeaders.map((h) => ({ HeaderName: h.headerName, HeaderValue: h.value }));
  if (origin.kind === 'bucket') {
    Object.assign(config, { DomainName: origin.regionalDomainName, S3OriginConfig: { OriginAccessIdentity: '' }, OriginAccessControlId: o.originAccessControl() });
  } else {
    const http = origin.protocol === 'http-only' ? (origin.port ?? 80) : 80;
    const https = origin.protocol === 'https-only' ? (origin.port ?? 443) : 443;
    Object.assign(config, { DomainName: origin.domainName, CustomOriginConfig: { OriginProtocolPolicy: origin.protocol, HTTPPort: http, HTTPSPort: https, OriginSSLProtocols: ['TLSv1.2'] } });
  }
  return config;
}
