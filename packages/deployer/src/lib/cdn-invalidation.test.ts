import { CreateDistributionCommand, ListInvalidationsCommand } from '@aws-sdk/client-cloudfront';
import { describe, expect, it } from 'vitest';
import { motoEnv } from '../../../../tools/test-services/aws-env';
import { createAwsClients } from './aws-clients';
import { invalidateCdns } from './cdn-invalidation';

describe('CDN invalidation after deploy', () => {
  it('invalidates /* on each distribution the stack marks (and only those), against moto', async () => {
    const { cloudfront } = await createAwsClients({ env: { ...motoEnv(), AWS_REGION: 'us-east-1' } });
    const created = await cloudfront.send(new CreateDistributionCommand({
      DistributionConfig: {
        CallerReference: `nxstack-test-${Date.now()}`,
        Comment: 'cdn invalidation test',
        Enabled: true,
        Origins: { Quantity: 1, Items: [{ Id: 'origin', DomainName: 'example.com', CustomOriginConfig: { HTTPPort: 80, HTTPSPort: 443, OriginProtocolPolicy: 'https-only' } }] },
        DefaultCacheBehavior: { TargetOriginId: 'origin', ViewerProtocolPolicy: 'redirect-to-https', CachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6' },
      },
    }));
    const id = created.Distribution!.Id!;
    const lines: string[] = [];
    const done = await invalidateCdns(cloudfront, { SiteCdnDistributionIdToInvalidate: id, SiteCdnUrl: 'https://d.cloudfront.net' }, 'hash1', (l) => lines.push(l));
    expect(done).toEqual([id]);
    const list = await cloudfront.send(new ListInvalidationsCommand({ DistributionId: id }));
    expect(list.InvalidationList?.Quantity).toBe(1);
    expect(lines).toEqual([expect.stringMatching(new RegExp(`^CDN ${id}: cache invalidation \\S+ started for /\\*$`))]);
  });
});
