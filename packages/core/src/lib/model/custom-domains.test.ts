import { describe, expect, it } from 'vitest';
import { customDomainUses, domainNeedsHostedZone } from './custom-domains';
import { parseStack } from './load-stack';
import { StackLoadError } from './stack-load-error';

function problems(text: string) {
  try {
    parseStack(text, 'stack.yml', { checkPaths: false });
  } catch (e) {
    return (e as StackLoadError).problems.map((p) => [p.code, `${p.location?.line}:${p.location?.column}`, p.message]);
  }
  throw new Error('expected the stack to fail');
}

describe('customDomains (Stacktape DomainConfiguration)', () => {
  it('accepts Stacktape names on every type that has them (load balancers also take the list of names) and lists every use', () => {
    const stack = parseStack(`resources:
  api:
    type: http-api-gateway
    properties:
      customDomains:
        - { domainName: api.example.com, disableDnsRecordCreation: true, customCertificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/ab-12' }
  lb:
    type: application-load-balancer
    properties: { customDomains: [lb.example.com, { domainName: '*.lb.example.com' }] }
  nlb:
    type: network-load-balancer
    properties: { customDomains: [tcp.example.com], listeners: [{ protocol: TLS, port: 443 }] }
  site:
    type: hosting-bucket
    properties: { uploadDirectoryPath: ./dist, customDomains: [{ domainName: example.com }] }
  files:
    type: bucket
    properties: { cdn: { enabled: true, customDomains: [{ domainName: cdn.example.com }] } }
`, 'stack.yml', { checkPaths: false });
    const uses = customDomainUses(stack.config.resources);
    expect(uses.map((u) => [u.resource, u.domain.domainName, u.path.join('.'), domainNeedsHostedZone(u.domain)])).toEqual([
      ['api', 'api.example.com', 'resources.api.properties.customDomains.0', false],
      ['lb', 'lb.example.com', 'resources.lb.properties.customDomains.0', true],
      ['lb', '*.lb.example.com', 'resources.lb.properties.customDomains.1', true],
      ['nlb', 'tcp.example.com', 'resources.nlb.properties.customDomains.0', true],
      ['site', 'example.com', 'resources.site.properties.customDomains.0', true],
      ['files', 'cdn.example.com', 'resources.files.properties.cdn.customDomains.0', true],
    ]);
  });

  it('refuses a URL for a domain name, a certificate that is no ACM ARN and a misspelt property, located, in one round', () => {
    expect(problems(`resources:
  api:
    type: http-api-gateway
    properties:
      customDomains:
        - domainName: https://api.example.com
        - domainName: api.example.com
          customCertificateArn: not-an-arn
        - domainNme: example.com
`)).toEqual([
      ['NXS_INVALID_VALUE', '6:23', expect.stringContaining('must be a lower-case domain name without protocol')],
      ['NXS_INVALID_VALUE', '8:33', expect.stringContaining('must be the ARN of an ACM certificate')],
      ['NXS_MISSING_PROPERTY', '9:11', "missing required property 'domainName' in resources.api.properties.customDomains[2]"],
      ['NXS_UNKNOWN_PROPERTY', '9:11', "unknown property 'domainNme' in resources.api.properties.customDomains[2]"],
    ]);
  });
});
