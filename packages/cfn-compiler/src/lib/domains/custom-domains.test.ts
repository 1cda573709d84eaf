import { describe, expect, it } from 'vitest';
import { hostingEndpointLogicalId, isNxstackError, localEndpointUrl, parseStack } from '@nxstack/core';
import { cfnLint } from '../../../../../tools/test-services/cfn-lint';
import { validateStack } from '../validate-stack';
import type { CfnTemplate } from '../types';

const FN = `  handler:
    type: function
    properties:
      packaging:
        type: stacktape-lambda-buildpack
        properties:
          entryfilePath: src/handler.ts
`;
const ZONES = new Map([
  ['api.example.com', 'ZAPI'],
  ['legacy.example.com', 'ZAPI'],
  ['app.example.com', 'ZAPP'],
  ['mqtt.example.com', 'ZAPP'],
  ['www.example.com', 'ZWWW'],
  ['example.com', 'ZWWW'],
  ['cdn.example.com', 'ZWWW'],
  ['svc.example.com', 'ZAPP'],
  ['lb.example.com', 'ZAPP'],
]);

function compile(resources: string, opts: { stage?: string; region?: string } = {}) {
  const stack = parseStack(`resources:\n${resources}`, 'stack.yml', { checkPaths: false });
  return validateStack({ stack, projectName: 'shop', stage: opts.stage ?? 'dev', region: opts.region ?? 'us-east-1', hostedZones: ZONES });
}

function compileError(resources: string, opts: { stage?: string; region?: string } = {}): { code: string; where: string; message: string } {
  try {
    compile(resources, opts);
  } catch (e) {
    if (isNxstackError(e)) return { code: e.code, where: `${e.location?.line}:${e.location?.column}`, message: e.message };
    throw e;
  }
  throw new Error('expected an error');
}

const byType = (t: CfnTemplate, type: string) => Object.entries(t.Resources).filter(([, r]) => r.Type === type).map(([id, r]) => [id, r.Properties] as const);

describe('customDomains', () => {
  it('http-api-gateway: certificate validated in the zone, domain name mapped to the $default stage, alias record; outputs and params as Stacktape names them; cfn-lint accepts it', async () => {
    const { template: t } = compile(`  api:
    type: http-api-gateway
    properties:
      customDomains:
        - domainName: api.example.com
        - domainName: legacy.example.com
          disableDnsRecordCreation: true
          customCertificateArn: arn:aws:acm:us-east-1:123456789012:certificate/abc-123
${FN}      environment:
        - name: URL
          value: $ResourceParam('api', 'customDomainUrl')
        - name: ALL
          value: $ResourceParam('api', 'customDomainUrls')
        - name: CANONICAL
          value: $ResourceParam('api', 'canonicalDomain')
      events:
        - type: http-api-gateway
          properties: { httpApiGatewayName: api, path: '/{proxy+}', method: '*' }
`);
    expect(await cfnLint(t)).toBe('');
    expect(byType(t, 'AWS::CertificateManager::Certificate')).toEqual([
      ['ApiCertificateApiExampleCom', { DomainName: 'api.example.com', ValidationMethod: 'DNS', DomainValidationOptions: [{ DomainName: 'api.example.com', HostedZoneId: 'ZAPI' }] }],
    ]);
    expect(byType(t, 'AWS::ApiGatewayV2::DomainName').map(([id, p]) => [id, (p as any).DomainNameConfigurations[0].CertificateArn])).toEqual([
      ['ApiHttpApiDomainApiExampleCom', { Ref: 'ApiCertificateApiExampleCom' }],
      ['ApiHttpApiDomainLegacyExampleCom', 'arn:aws:acm:us-east-1:123456789012:certificate/abc-123'],
    ]);
    expect(t.Resources.ApiHttpApiMappingApiExampleCom).toMatchObject({ DependsOn: ['ApiHttpApiDefaultStage'], Properties: { ApiId: { Ref: 'ApiHttpApi' }, DomainName: { Ref: 'ApiHttpApiDomainApiExampleCom' }, Stage: '$default' } });
    // legacy's DNS is managed elsewhere: no record, and the canonical domain is an Output to point it at.
    expect(byType(t, 'AWS::Route53::RecordSet')).toEqual([
      ['ApiDnsRecordApiExampleCom', {
        HostedZoneId: 'ZAPI',
        Name: 'api.example.com',
        Type: 'A',
        AliasTarget: { DNSName: { 'Fn::GetAtt': ['ApiHttpApiDomainApiExampleCom', 'RegionalDomainName'] }, HostedZoneId: { 'Fn::GetAtt': ['ApiHttpApiDomainApiExampleCom', 'RegionalHostedZoneId'] }, EvaluateTargetHealth: false },
      }],
    ]);
    expect(t.Outputs!.ApiCustomDomainUrls.Value).toBe('https://api.example.com, https://legacy.example.com');
    expect(t.Outputs!.ApiCanonicalDomain.Value).toEqual({ 'Fn::Join': [',', [{ 'Fn::GetAtt': ['ApiHttpApiDomainApiExampleCom', 'RegionalDomainName'] }, { 'Fn::GetAtt': ['ApiHttpApiDomainLegacyExampleCom', 'RegionalDomainName'] }]] });
    const env = (t.Resources.HandlerFunction.Properties as any).Environment.Variables;
    expect(env).toMatchObject({ URL: 'https://api.example.com', ALL: 'https://api.example.com, https://legacy.example.com', CANONICAL: t.Outputs!.ApiCanonicalDomain.Value });
  }, 60_000);

  it('on the local stage nothing of a domain is compiled: the outputs list it as not served locally and the URL params are the local URL', () => {
    const { template: t } = compile(`  api:
    type: http-api-gateway
    properties:
      customDomains:
        - domainName: api.example.com
  site:
    type: hosting-bucket
    properties:
      uploadDirectoryPath: ./dist
      customDomains:
        - domainName: www.example.com
      injectEnvironment:
        - name: API
          value: $ResourceParam('api', 'customDomainUrl')
`, { stage: 'local', region: 'local' });
    const types = new Set(Object.values(t.Resources).map((r) => r.Type));
    for (const type of ['AWS::CertificateManager::Certificate', 'AWS::ApiGatewayV2::DomainName', 'AWS::ApiGatewayV2::ApiMapping', 'AWS::Route53::RecordSet']) expect(types.has(type)).toBe(false);
    expect((t.Resources.SiteCdnDistribution.Properties as any).DistributionConfig.Aliases).toBeUndefined();
    expect(t.Outputs!.ApiCustomDomainsNotServedLocally.Value).toBe('api.example.com');
    expect(t.Outputs!.SiteCdnCustomDomainsNotServedLocally.Value).toBe('www.example.com');
    expect(t.Outputs!.ApiCustomDomainUrls).toBeUndefined();
    expect(t.Outputs!.SiteInjectedEnv0.Value).toEqual({ 'Fn::Sub': 'https://${ApiHttpApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}' });
    expect(t.Outputs!.SiteUrl.Value).toBe(localEndpointUrl('shop-local', hostingEndpointLogicalId('site')));
  });

  it('load balancers: customDomains (the older list of names too) give Stacktape default listeners HTTPS 443 + HTTP 80 redirect, certificates on HTTPS / TLS listeners, alias records; cfn-lint accepts it', async () => {
    const { template: t } = compile(`  web:
    type: application-load-balancer
    properties:
      customDomains: [app.example.com, lb.example.com]
  tcp:
    type: network-load-balancer
    properties:
      customDomains:
        - domainName: mqtt.example.com
      listeners:
        - { protocol: TLS, port: 8883 }
  broker:
    type: multi-container-workload
    properties:
      resources: { cpu: 0.25, memory: 512 }
      containers:
        - name: broker
          packaging: { type: prebuilt-image, properties: { image: 'registry.example.com/broker:1' } }
          events:
            - type: network-load-balancer
              properties: { loadBalancerName: tcp, listenerPort: 8883, containerPort: 8883 }
${FN}      events:
        - type: application-load-balancer
          properties: { loadBalancerName: web, priority: 1, paths: ['/*'] }
`);
    expect(await cfnLint(t)).toBe('');
    expect(t.Resources.WebListener443.Properties).toMatchObject({ Protocol: 'HTTPS', Certificates: [{ CertificateArn: { Ref: 'WebCertificateAppExampleCom' } }] });
    expect(t.Resources.WebListener443Certificate2.Properties).toEqual({ ListenerArn: { Ref: 'WebListener443' }, Certificates: [{ CertificateArn: { Ref: 'WebCertificateLbExampleCom' } }] });
    expect(t.Resources.WebListener80.Properties).toMatchObject({ Protocol: 'HTTP', DefaultActions: [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } }] });
    // The function's event named no listener: it goes to the HTTPS one, the HTTP one only redirects.
    const rule = byType(t, 'AWS::ElasticLoadBalancingV2::ListenerRule')[0][1] as any;
    expect(rule.ListenerArn).toEqual({ Ref: 'WebListener443' });
    expect(t.Resources.TcpListener8883.Properties).toMatchObject({ Protocol: 'TLS', Certificates: [{ CertificateArn: { Ref: 'TcpCertificateMqttExampleCom' } }] });
    expect(byType(t, 'AWS::Route53::RecordSet').map(([id, p]) => [id, (p as any).AliasTarget])).toEqual([
      ['WebDnsRecordAppExampleCom', { DNSName: { 'Fn::GetAtt': ['WebLoadBalancer', 'DNSName'] }, HostedZoneId: { 'Fn::GetAtt': ['WebLoadBalancer', 'CanonicalHostedZoneID'] }, EvaluateTargetHealth: false }],
      ['WebDnsRecordLbExampleCom', { DNSName: { 'Fn::GetAtt': ['WebLoadBalancer', 'DNSName'] }, HostedZoneId: { 'Fn::GetAtt': ['WebLoadBalancer', 'CanonicalHostedZoneID'] }, EvaluateTargetHealth: false }],
      ['TcpDnsRecordMqttExampleCom', { DNSName: { 'Fn::GetAtt': ['TcpLoadBalancer', 'DNSName'] }, HostedZoneId: { 'Fn::GetAtt': ['TcpLoadBalancer', 'CanonicalHostedZoneID'] }, EvaluateTargetHealth: false }],
    ]);
    expect(t.Outputs!.WebUrl.Value).toBe('https://app.example.com');
    expect(t.Outputs!.WebCustomDomainUrls.Value).toBe('https://app.example.com, https://lb.example.com');
  }, 60_000);

  it('CloudFront (hosting-bucket, cdn): one certificate covering every alias, created in us-east-1; A + AAAA alias records; cfn-lint accepts it', async () => {
    const { template: t } = compile(`  site:
    type: hosting-bucket
    properties:
      uploadDirectoryPath: ./dist
      customDomains:
        - domainName: www.example.com
        - domainName: example.com
  assets:
    type: bucket
    properties:
      cdn:
        enabled: true
        customDomains:
          - domainName: cdn.example.com
`);
    expect(await cfnLint(t)).toBe('');
    expect(t.Resources.SiteCdnCertificate.Properties).toEqual({
      DomainName: 'www.example.com',
      SubjectAlternativeNames: ['example.com'],
      ValidationMethod: 'DNS',
      DomainValidationOptions: [{ DomainName: 'www.example.com', HostedZoneId: 'ZWWW' }, { DomainName: 'example.com', HostedZoneId: 'ZWWW' }],
    });
    const config = (t.Resources.SiteCdnDistribution.Properties as any).DistributionConfig;
    expect(config.Aliases).toEqual(['www.example.com', 'example.com']);
    expect(config.ViewerCertificate).toEqual({ AcmCertificateArn: { Ref: 'SiteCdnCertificate' }, SslSupportMethod: 'sni-only', MinimumProtocolVersion: 'TLSv1.2_2021' });
    expect(Object.keys(t.Resources).filter((id) => t.Resources[id].Type === 'AWS::Route53::RecordSet').sort()).toEqual([
      'AssetsDnsRecordCdnExampleCom', 'AssetsDnsRecordIpv6CdnExampleCom', 'SiteDnsRecordExampleCom', 'SiteDnsRecordIpv6ExampleCom', 'SiteDnsRecordIpv6WwwExampleCom', 'SiteDnsRecordWwwExampleCom',
    ]);
    expect(t.Resources.SiteDnsRecordIpv6WwwExampleCom.Properties).toMatchObject({ Type: 'AAAA', AliasTarget: { HostedZoneId: 'Z2FDTNDATAQYW2' } });
    expect(t.Outputs!.SiteUrl.Value).toBe('https://www.example.com');
    expect(t.Outputs!.SiteCdnCustomDomainUrls.Value).toBe('https://www.example.com, https://example.com');
  }, 60_000);

  it('CloudFront outside us-east-1 takes the user\'s us-east-1 certificate, else fails located; regional certificates must be in the stack\'s region', () => {
    const site = (entry: string) => `  site:
    type: hosting-bucket
    properties:
      uploadDirectoryPath: ./dist
      customDomains:
        - ${entry}
`;
    expect(compileError(site('domainName: www.example.com'), { region: 'eu-west-1' })).toMatchObject({ code: 'NXS_CERTIFICATE_REGION_INVALID', where: '7:23', message: expect.stringContaining('us-east-1') });
    const own = compile(site('{ domainName: www.example.com, customCertificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/x-1" }'), { region: 'eu-west-1' }).template;
    expect(own.Resources.SiteCdnCertificate).toBeUndefined();
    expect((own.Resources.SiteCdnDistribution.Properties as any).DistributionConfig.ViewerCertificate.AcmCertificateArn).toBe('arn:aws:acm:us-east-1:123456789012:certificate/x-1');
    expect(compileError(site('{ domainName: www.example.com, customCertificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/x-1" }'), { region: 'eu-west-1' })).toMatchObject({ code: 'NXS_CERTIFICATE_REGION_INVALID', where: expect.stringMatching(/^7:/) });
    expect(compileError(`  api:
    type: http-api-gateway
    properties:
      customDomains:
        - domainName: api.example.com
          customCertificateArn: arn:aws:acm:us-east-1:123456789012:certificate/x-1
`, { region: 'eu-west-1' })).toMatchObject({ code: 'NXS_CERTIFICATE_REGION_INVALID', where: '7:33' });
  });

  it('a domain on two resources is refused at the second', () => {
    expect(compileError(`  api:
    type: http-api-gateway
    properties:
      customDomains: [{ domainName: api.example.com }]
  web:
    type: application-load-balancer
    properties:
      customDomains: [api.example.com]
`)).toMatchObject({ code: 'NXS_DOMAIN_DUPLICATE', where: '9:23' });
  });

  it('web-service: domains on its HTTP API, or on its load balancer\'s HTTPS listener with HTTP redirecting; cfn-lint accepts it', async () => {
    const service = (name: string, domain: string, front: string) => `  ${name}:
    type: web-service
    properties:
      packaging: { type: prebuilt-image, properties: { image: 'registry.example.com/app:1' } }
      resources: { cpu: 0.25, memory: 512 }
      loadBalancing: { type: ${front} }
      customDomains:
        - domainName: ${domain}
`;
    const { template: t } = compile(service('api', 'api.example.com', 'http-api-gateway') + service('svc', 'svc.example.com', 'application-load-balancer'));
    expect(await cfnLint(t)).toBe('');
    expect(t.Resources.ApiHttpApiMappingApiExampleCom.Properties).toMatchObject({ ApiId: { Ref: 'ApiHttpApi' } });
    expect(t.Resources.SvcListener.Properties).toMatchObject({ Port: 443, Protocol: 'HTTPS', Certificates: [{ CertificateArn: { Ref: 'SvcCertificateSvcExampleCom' } }] });
    expect(t.Resources.SvcListenerHttpRedirect.Properties).toMatchObject({ Port: 80, DefaultActions: [{ Type: 'redirect' }] });
    expect(t.Outputs!.SvcUrl.Value).toBe('https://svc.example.com');
  }, 60_000);
});
