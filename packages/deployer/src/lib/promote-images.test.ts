import { DescribeRepositoriesCommand } from '@aws-sdk/client-ecr';
import { describe, expect, it } from 'vitest';
import { motoEnv } from '../../../../tools/test-services/aws-env';
import { ECR_TOKEN_CREDENTIALS } from '../../../../tools/test-services/registry';
import { createEcrClient } from './aws-clients';
import { promotionTarget } from './promote-images';

describe('promotionTarget (moto ECR)', () => {
  const base = { aws: { env: motoEnv('eu-west-1') }, region: 'eu-west-1', projectName: 'shop', to: 'prodpi', log: () => undefined };

  it("defaults to the target stage's ECR repository in the target region, created on first use, tagged <resource>-latest", async () => {
    const lines: string[] = [];
    const target = await promotionTarget('web', {}, { ...base, log: (l) => lines.push(l) });
    expect(target).toEqual({ registry: '123456789012.dkr.ecr.eu-west-1.amazonaws.com', repository: 'shop-prodpi', credentials: ECR_TOKEN_CREDENTIALS, tags: ['web-latest'] });
    expect(lines).toEqual(['created ECR repository shop-prodpi']);
    const { repositories = [] } = await createEcrClient({ ...base.aws, region: 'eu-west-1' }).send(new DescribeRepositoriesCommand({ repositoryNames: ['shop-prodpi'] }));
    expect(repositories[0]?.imageTagMutability).toBe('MUTABLE');
    // Again: the repository is kept, nothing said.
    expect((await promotionTarget('api', {}, { ...base, log: (l) => lines.push(l) })).tags).toEqual(['api-latest']);
    expect(lines).toHaveLength(1);
  });

  it('--repository, then the publish target option, then the push-to label', async () => {
    expect(await promotionTarget('web', {}, { ...base, repository: '127.0.0.1:5000/prod/all', imageRepositories: { web: '127.0.0.1:5000/web' } })).toEqual({ registry: '127.0.0.1:5000', repository: 'prod/all', tags: ['web-latest'] });
    expect(await promotionTarget('web', { targetRepository: 'reg.example:5000/label/web:v7' }, { ...base, imageRepositories: { web: '127.0.0.1:5000/web' } })).toEqual({ registry: '127.0.0.1:5000', repository: 'web', tags: ['latest'] });
    expect(await promotionTarget('web', { targetRepository: 'reg.example:5000/label/web:v7' }, base)).toEqual({ registry: 'reg.example:5000', repository: 'label/web', tags: ['v7', 'latest'] });
    // An ECR label (Sparta's, naming the source's account and region): that repository on the target's ECR registry.
    const ecr = await promotionTarget('web', { targetRepository: '123456789012.dkr.ecr.us-east-1.amazonaws.com/stg:abc' }, base);
    expect(ecr).toMatchObject({ registry: '123456789012.dkr.ecr.eu-west-1.amazonaws.com', repository: 'stg', tags: ['abc', 'latest'] });
  });
});
