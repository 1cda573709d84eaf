import { describe, expect, it } from 'vitest';
import { isNxstackError, parseStack } from '@nxstack/core';
import { motoEnv } from '../../../../tools/test-services/aws-env';
import { createHostedZone } from '../../../../tools/test-services/moto-route53';
import { createAwsClients } from './aws-clients';
import { hostedZonesFor, lookUpHostedZones, zoneNameCandidates } from './hosted-zones';

const stack = (domains: string) => parseStack(`resources:
  api:
    type: http-api-gateway
    properties:
      customDomains:
${domains}`, 'stack.yml', { checkPaths: false });

describe('hosted zones of customDomains (moto Route 53)', () => {
  it('takes the public zone with the longest matching name, skips private zones and domains that need none, and fails located without one', async () => {
    const env = motoEnv();
    const { route53 } = await createAwsClients({ env });
    // A unique suffix per run: moto is shared by every test file.
    const base = `hz${Date.now().toString(36)}.example`;
    const zone = (name: string, privateZone = false) => createHostedZone(env.AWS_ENDPOINT_URL, name, { privateZone });
    const root = await zone(base);
    const eu = await zone(`eu.${base}`);
    await zone(`private.${base}`, true);

    const zones = await lookUpHostedZones(route53, stack(`        - domainName: api.eu.${base}
        - domainName: www.${base}
        - domainName: api.private.${base}
        - domainName: '*.eu.${base}'
        - domainName: elsewhere.other.example
          disableDnsRecordCreation: true
          customCertificateArn: arn:aws:acm:us-east-1:123456789012:certificate/x-1
`));
    expect(Object.fromEntries(zones)).toEqual({ [`api.eu.${base}`]: eu, [`www.${base}`]: root, [`api.private.${base}`]: root, [`*.eu.${base}`]: eu });

    const error = await lookUpHostedZones(route53, stack(`        - domainName: www.${base}
        - domainName: api.nowhere-${base}
`)).catch((e: unknown) => e);
    expect(isNxstackError(error) && [error.code, error.location?.line, error.hint]).toEqual(['NXS_HOSTED_ZONE_NOT_FOUND', 7, expect.stringContaining(`aws route53 create-hosted-zone --name nowhere-${base}`)]);
    expect(zoneNameCandidates('a.b.example.com')).toEqual(['a.b.example.com', 'b.example.com', 'example.com']);
  });

  it('looks nothing up on the local stage', async () => {
    expect(await hostedZonesFor(stack('        - domainName: api.example.com\n'), { stage: 'local', env: {} })).toBeUndefined();
  });
});
