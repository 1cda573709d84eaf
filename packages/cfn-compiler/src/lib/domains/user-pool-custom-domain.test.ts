// user-auth-pool customDomain (Stacktape's user-pools.d.ts): Cognito's custom domain with a us-east-1
// certificate and an alias record to the CloudFront distribution Cognito gives; none of it on the local stage.
import { describe, expect, it } from 'vitest';
import { customDomainUses, isNxstackError, parseStack } from '@nxstack/core';
import { cfnLint } from '../../../../../tools/test-services/cfn-lint';
import { validateStack } from '../validate-stack';

const ZONES = new Map([['auth.example.com', 'ZAUTH'], ['api.example.com', 'ZAUTH']]);

const pool = (extra: string) => `resources:
  members:
    type: user-auth-pool
    properties:
      enableHostedUi: true
${extra.replace(/^/gm, '      ')}
`;

function compile(text: string, opts: { stage?: string; region?: string } = {}) {
  const stack = parseStack(text, 'stack.yml', { checkPaths: false });
  return validateStack({ stack, projectName: 'shop', stage: opts.stage ?? 'dev', region: opts.region ?? 'us-east-1', hostedZones: ZONES });
}

function failure(text: string, opts: { stage?: string; region?: string } = {}) {
  try {
    compile(text, opts);
  } catch (e) {
    if (isNxstackError(e)) return e;
    const problems = (e as { problems?: unknown[] }).problems;
    if (problems?.length === 1 && isNxstackError(problems[0])) return problems[0];
    throw e;
  }
  throw new Error('expected the compile to fail');
}

describe('user-auth-pool customDomain', () => {
  it('a us-east-1 stack: nxstack\'s certificate validated in the hosted zone, the custom UserPoolDomain in place of the prefix one, an A alias to Cognito\'s distribution; cfn-lint accepts it', async () => {
    const { template: t } = compile(pool('customDomain: { domainName: auth.example.com }\nhostedUiCSS: ".banner-customizable { color: red; }"'));
    expect(await cfnLint(t)).toBe('');
    expect(t.Resources.MembersCertificateAuthExampleCom).toEqual({
      Type: 'AWS::CertificateManager::Certificate',
      Properties: { DomainName: 'auth.example.com', ValidationMethod: 'DNS', DomainValidationOptions: [{ DomainName: 'auth.example.com', HostedZoneId: 'ZAUTH' }] },
    });
    expect(t.Resources.MembersUserPoolCustomDomain).toEqual({
      Type: 'AWS::Cognito::UserPoolDomain',
      Properties: { UserPoolId: { Ref: 'MembersUserPool' }, Domain: 'auth.example.com', CustomDomainConfig: { CertificateArn: { Ref: 'MembersCertificateAuthExampleCom' } } },
    });
    // As in Stacktape, the custom domain takes the prefix domain's place.
    expect(t.Resources.MembersUserPoolDomain).toBeUndefined();
    expect(t.Resources.MembersDnsRecordAuthExampleCom).toEqual({
      Type: 'AWS::Route53::RecordSet',
      Properties: { HostedZoneId: 'ZAUTH', Name: 'auth.example.com', Type: 'A', AliasTarget: { DNSName: { 'Fn::GetAtt': ['MembersUserPoolCustomDomain', 'CloudFrontDistribution'] }, HostedZoneId: 'Z2FDTNDATAQYW2', EvaluateTargetHealth: false } },
    });
    expect(t.Resources.MembersUserPoolUICustomization).toMatchObject({ DependsOn: ['MembersUserPoolCustomDomain'] });
    expect(t.Outputs.MembersCustomDomainUrls).toEqual({ Value: 'https://auth.example.com', Description: "customDomain of 'members'" });
  }, 60_000);

  it('customCertificateArn in us-east-1 from a stack elsewhere; hostedUiDomainPrefix keeps the prefix domain too; disableDnsRecordCreation: no record, the distribution as canonical domain; $ResourceParam domain is the custom one', async () => {
    const arn = 'arn:aws:acm:us-east-1:123456789012:certificate/abcd-1234';
    const text = `${pool(`hostedUiDomainPrefix: shop-members\ncustomDomain: { domainName: auth.example.com, customCertificateArn: '${arn}', disableDnsRecordCreation: true }`)}  fn:
    type: function
    properties:
      packaging: { type: stacktape-lambda-buildpack, properties: { entryfilePath: src/a.ts } }
      environment:
        - { name: AUTH_DOMAIN, value: "$ResourceParam('members', 'domain')" }
`;
    const { template: t } = compile(text, { region: 'eu-west-1' });
    expect(await cfnLint(t)).toBe('');
    expect(t.Resources.MembersUserPoolCustomDomain.Properties).toMatchObject({ CustomDomainConfig: { CertificateArn: arn } });
    expect(t.Resources.MembersUserPoolDomain.Properties).toMatchObject({ Domain: 'shop-members' });
    expect(Object.values(t.Resources).map((r) => r.Type)).not.toContain('AWS::CertificateManager::Certificate');
    expect(Object.values(t.Resources).map((r) => r.Type)).not.toContain('AWS::Route53::RecordSet');
    expect(t.Outputs.MembersCanonicalDomain).toMatchObject({ Value: { 'Fn::GetAtt': ['MembersUserPoolCustomDomain', 'CloudFrontDistribution'] } });
    const env = (t.Resources.FnFunction.Properties as { Environment: { Variables: Record<string, unknown> } }).Environment.Variables;
    expect(env.AUTH_DOMAIN).toBe('auth.example.com');
    // The deployer looks the zone up only for domains that need it (none here).
    expect(customDomainUses(parseStack(text, 'stack.yml', { checkPaths: false }).config.resources)).toEqual([
      { resource: 'members', domain: { domainName: 'auth.example.com', customCertificateArn: arn, disableDnsRecordCreation: true }, path: ['resources', 'members', 'properties', 'customDomain'] },
    ]);
  }, 60_000);

  it('the local stage compiles no domain and lists it as not served', () => {
    const { template: t } = compile(pool('customDomain: { domainName: auth.example.com }'), { stage: 'local', region: 'local' });
    const types = Object.values(t.Resources).map((r) => r.Type);
    expect(types).not.toContain('AWS::Cognito::UserPoolDomain');
    expect(types).not.toContain('AWS::CertificateManager::Certificate');
    expect(types).not.toContain('AWS::Route53::RecordSet');
    expect(t.Outputs.MembersCustomDomainsNotServedLocally).toEqual({ Value: 'auth.example.com', Description: "customDomain of 'members': not served on the local stage (AWS stages only)" });
  });

  it('refuses a certificate outside us-east-1, nxstack\'s certificate in a stack elsewhere, a domain used twice and a malformed name, each at its line', () => {
    expect(failure(pool("customDomain: { domainName: auth.example.com, customCertificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/x' }"))).toMatchObject({
      code: 'NXS_CERTIFICATE_REGION_INVALID',
      message: "The certificate of the customDomain of user-auth-pool 'members' is in eu-west-1; CloudFront uses certificates from us-east-1 only.",
      location: { line: 6 },
    });
    expect(failure(pool('customDomain: { domainName: auth.example.com }'), { region: 'eu-west-1' })).toMatchObject({
      code: 'NXS_CERTIFICATE_REGION_INVALID',
      message: 'CloudFront needs the certificate of auth.example.com in us-east-1, and this stage deploys to eu-west-1.',
      location: { line: 6 },
    });
    const twice = `${pool('customDomain: { domainName: api.example.com }')}  api:
    type: http-api-gateway
    properties:
      customDomains: [{ domainName: api.example.com }]
`;
    expect(failure(twice)).toMatchObject({ code: 'NXS_DOMAIN_DUPLICATE', location: { line: 10 } });
    expect(failure(pool('customDomain: { domainName: https://Auth.example.com }'))).toMatchObject({ code: 'NXS_INVALID_VALUE', location: { line: 6 } });
  });
});
