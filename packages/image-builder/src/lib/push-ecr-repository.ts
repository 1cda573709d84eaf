/**
 * The stage's ECR repository (`<project>-<stage>`) is created by the first push that needs it:
 * CreateRepository with mutable tags (`<resource>-latest` moves on every push) and scan on
 * push; an existing repository is left as it is.
 */
import { CreateRepositoryCommand, type ECRClient } from '@aws-sdk/client-ecr';
import { NxstackError } from '@nxstack/core';

export interface EnsureEcrRepositoryResult {
  readonly repositoryName: string;
  readonly created: boolean;
}

export async function ensureEcrRepository(client: ECRClient, repositoryName: string, tags: Readonly<Record<string, string>> = {}): Promise<EnsureEcrRepositoryResult> {
  try {
    await client.send(
      new CreateRepositoryCommand({
        repositoryName,
        imageTagMutability: 'MUTABLE',
        imageScanningConfiguration: { scanOnPush: true },
        tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
      }),
    );
    return { repositoryName, created: true };
  } catch (cause) {
    if ((cause as { name?: string }).name === 'RepositoryAlreadyExistsException') return { repositoryName, created: false };
    throw new NxstackError('NXS_ECR_REPOSITORY_FAILED', `Cannot create the ECR repository ${repositoryName}: ${(cause as Error).message}`, {
      hint: 'Check that the credentials allow ecr:CreateRepository, or create the repository yourself (tag mutability MUTABLE).',
      cause,
    });
  }
}
