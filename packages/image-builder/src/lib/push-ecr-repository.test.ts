import { DescribeRepositoriesCommand, ECRClient, ListTagsForResourceCommand } from '@aws-sdk/client-ecr';
import { describe, expect, it } from 'vitest';
import { motoEnv } from '../../../../tools/test-services/aws-env';
import { ensureEcrRepository } from './push-ecr-repository';
import { publishSummaryLine } from './publish-image';

function ecrClient(): ECRClient {
  const env = motoEnv();
  return new ECRClient({ region: env.AWS_REGION, endpoint: env.AWS_ENDPOINT_URL, credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY } });
}

describe('ensureEcrRepository (moto ECR)', () => {
  it('creates <project>-<stage> with mutable tags and scan on push, then leaves it alone', async () => {
    const client = ecrClient();
    const name = `shop-ecr-${Date.now()}`;
    expect(await ensureEcrRepository(client, name, { 'nxstack:project': 'shop' })).toEqual({ repositoryName: name, created: true });
    expect(await ensureEcrRepository(client, name)).toEqual({ repositoryName: name, created: false });
    const { repositories = [] } = await client.send(new DescribeRepositoriesCommand({ repositoryNames: [name] }));
    expect(repositories).toHaveLength(1);
    expect(repositories[0].imageTagMutability).toBe('MUTABLE');
    expect(repositories[0].imageScanningConfiguration?.scanOnPush).toBe(true);
    const tags = await client.send(new ListTagsForResourceCommand({ resourceArn: repositories[0].repositoryArn }));
    expect(tags.tags).toEqual([{ Key: 'nxstack:project', Value: 'shop' }]);
  });

  it('reports a refused create as NXS_ECR_REPOSITORY_FAILED', async () => {
    const err = await ensureEcrRepository(ecrClient(), 'Not A Valid Name!').catch((e) => e);
    expect(err.code).toBe('NXS_ECR_REPOSITORY_FAILED');
    expect(err.message).toContain('Not A Valid Name!');
  });

  it('publish summary line: uploads=1 only when blobs were sent', () => {
    const base = { reference: 'r/x@sha256:1', digest: 'sha256:1', tags: ['latest'] };
    expect(publishSummaryLine('web', { ...base, bytesUploaded: 1234, blobsUploaded: 2 })).toBe('nxstack: publish resource=web uploads=1 bytes=1234');
    expect(publishSummaryLine('web', { ...base, bytesUploaded: 512, blobsUploaded: 0 })).toBe('nxstack: publish resource=web uploads=0 bytes=0');
  });
});
