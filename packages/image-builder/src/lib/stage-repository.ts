/**
 * The stage's ECR repository, the default home of a project's images on an AWS stage:
 * `<project>-<stage>`, shared by the project's image resources (their tags carry the resource
 * name), created by the first push or promotion that needs it. One owner for push-image and the
 * deployer's promote.
 */
import type { ECRClient } from '@aws-sdk/client-ecr';
import { ensureEcrRepository } from './push-ecr-repository';
import type { RegistryCredentials } from './registry/auth';
import { ecrLogin } from './registry/ecr-auth';

export function sanitizeRepositoryPart(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[-._]+|[-._]+$/g, '');
}

export function stageRepositoryName(projectName: string, stage: string): string {
  return `${sanitizeRepositoryPart(projectName)}-${sanitizeRepositoryPart(stage)}`;
}

/** Tags in the shared stage repository are prefixed with the resource: `<resource>-latest`. */
export function stageRepositoryTag(resource: string, tag: string): string {
  return `${sanitizeRepositoryPart(resource)}-${tag}`;
}

export interface StageRepository {
  readonly registry: string;
  readonly repository: string;
  readonly credentials: RegistryCredentials;
}

/** Logs in to the client's region's ECR and makes sure the stage's repository exists. */
export async function openStageRepository(ecr: ECRClient, region: string, projectName: string, stage: string, onInfo?: (message: string) => void): Promise<StageRepository> {
  const login = await ecrLogin(region, ecr);
  const repository = stageRepositoryName(projectName, stage);
  const made = await ensureEcrRepository(ecr, repository, { 'nxstack:project': projectName, 'nxstack:stage': stage });
  if (made.created) onInfo?.(`created ECR repository ${repository}`);
  return { registry: login.registry, repository, credentials: { username: login.username, password: login.password } };
}
