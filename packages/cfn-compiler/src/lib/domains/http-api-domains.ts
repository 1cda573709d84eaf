import { domainConfigurations, isLocalStage, LOCAL_ENDPOINT_HOST, localEndpointPort, stackName, type DomainConfiguration } from '@nxstack/core';
import { getAtt, ref, sub, type ResourceCompileContext, type StackScope } from '../resource-types/resource-type';
import { compileAliasRecords, compileDomainCertificate, domainCertificateArn, domainIds, forEachDomain } from './custom-domains';

/**
 * customDomains of an HTTP API (an `http-api-gateway`, a web-service's own API): per domain a
 * regional AWS::ApiGatewayV2::DomainName with its certificate, an ApiMapping to the API's
 * `$default` stage and an alias record to the domain name's regional endpoint.
 */
export function compileHttpApiDomains(ctx: ResourceCompileContext, api: { readonly apiId: string; readonly stageId: string }): void {
  const at = [...ctx.path, 'properties', 'customDomains'];
  const domains = domainConfigurations(ctx.properties.customDomains);
  const canonicalDomain = { 'Fn::Join': [',', domains.map((d) => getAtt(domainIds(ctx.name, d.domainName).apiDomain, 'RegionalDomainName'))] };
  forEachDomain(ctx, domains, at, (d, path) => {
    const ids = domainIds(ctx.name, d.domainName);
    compileDomainCertificate(ctx, d, path);
    ctx.builder.addResource(ids.apiDomain, {
      Type: 'AWS::ApiGatewayV2::DomainName',
      Properties: {
        DomainName: d.domainName,
        DomainNameConfigurations: [{ CertificateArn: domainCertificateArn(ctx.stage, ctx.name, d), EndpointType: 'REGIONAL', SecurityPolicy: 'TLS_1_2' }],
      },
    }, ctx.origin);
    ctx.builder.addResource(ids.apiMapping, {
      Type: 'AWS::ApiGatewayV2::ApiMapping',
      // The mapping needs the stage to exist; `$default` is the stage every nxstack HTTP API has.
      DependsOn: [api.stageId],
      Properties: { ApiId: ref(api.apiId), DomainName: ref(ids.apiDomain), Stage: '$default' },
    }, ctx.origin);
    compileAliasRecords(ctx, d, { dnsName: getAtt(ids.apiDomain, 'RegionalDomainName'), hostedZoneId: getAtt(ids.apiDomain, 'RegionalHostedZoneId') });
  }, { prefix: '', canonicalDomain });
}

/**
 * Stacktape's custom domain params of an HTTP API: `customDomains` (names joined by `, `),
 * `customDomainUrl` (`https://<first>`), `customDomainUrls`, `canonicalDomain` (the domain names'
 * regional endpoints, where a DNS record managed elsewhere must point). On the local stage, which
 * has no domains, the URLs are the API's local URL and the canonical domain its host:port.
 */
export function httpApiDomainParams(apiLogicalId: (name: string) => string) {
  const domains = (p: Record<string, unknown>): DomainConfiguration[] => domainConfigurations(p.customDomains);
  const local = (scope: StackScope) => isLocalStage(scope.stage);
  const localUrl = (name: string) => sub(`https://\${${apiLogicalId(name)}}.execute-api.\${AWS::Region}.\${AWS::URLSuffix}`);
  const some = <T>(p: Record<string, unknown>, value: (list: DomainConfiguration[]) => T) => (domains(p).length ? value(domains(p)) : undefined);
  return {
    customDomains: (_n: string, p: Record<string, unknown>) => some(p, (list) => list.map((d) => d.domainName).join(', ')),
    customDomainUrl: (name: string, p: Record<string, unknown>, scope: StackScope) => some(p, (list) => (local(scope) ? localUrl(name) : `https://${list[0].domainName}`)),
    customDomainUrls: (name: string, p: Record<string, unknown>, scope: StackScope) => some(p, (list) => (local(scope) ? localUrl(name) : list.map((d) => `https://${d.domainName}`).join(', '))),
    canonicalDomain: (name: string, p: Record<string, unknown>, scope: StackScope) =>
      some(p, (list) => (local(scope)
        ? `${LOCAL_ENDPOINT_HOST}:${localEndpointPort(stackName(scope.projectName, scope.stage), apiLogicalId(name))}`
        : { 'Fn::Join': [',', list.map((d) => getAtt(domainIds(name, d.domainName).apiDomain, 'RegionalDomainName'))] })),
  };
}
