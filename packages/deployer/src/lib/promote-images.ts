/**
 * promote's images: each image the source stage runs is copied by digest (copyImage: cross-
 * repository mount on one registry, blob copy to another region's or account's registry) into
 * the repository the target stage's publish would push to, so the target's template pins the
 * same digest. Where that is, in order: `--repository` (one repository for the project's images
 * on the target stage, like its ECR repository), the `publish--<resource>` target's `repository`
 * option, the image's push-to label (an ECR label on the target's ECR registry), else the target
 * stage's ECR repository `<project>-<stage>`. Tags: `latest`, `<resource>-latest` in a repository
 * the project's images share — never a stage name. Prebuilt images are referenced as they
 * are, as on any deploy.
 */
import type { CompiledImageArtifact } from '@nxstack/cfn-compiler';
import { ecrRegionOf, isEcrRegistry, NxstackError, parseReference } from '@nxstack/core';
import { copyImage, ecrLogin, openStageRepository, RegistryClient, stageRepositoryTag, type RegistryCredentials } from '@nxstack/image-builder';
import { createEcrClient, type AwsClientOptions } from './aws-clients';

export interface PromoteImagesOptions {
  readonly images: Readonly<Record<string, CompiledImageArtifact>>;
  readonly projectName: string;
  readonly to: string;
  /** Region of the target stage. */
  readonly region: string;
  /** `--repository`: the target stage's repository for all the project's images, in place of its ECR repository (tags `<resource>-latest`). */
  readonly repository?: string;
  /** Each resource's `publish--<resource>` `repository` option (that resource's own repository, tag `latest`). */
  readonly imageRepositories?: Readonly<Record<string, string>>;
  /** Registry credentials for non-ECR registries (NXS_REGISTRY_USERNAME/PASSWORD). */
  readonly credentials?: RegistryCredentials;
  readonly aws: Omit<AwsClientOptions, 'region'>;
  readonly log: (line: string) => void;
}

export interface PromotionTarget {
  readonly registry: string;
  readonly repository: string;
  readonly credentials?: RegistryCredentials;
  readonly tags: readonly string[];
}

export async function promoteImages(o: PromoteImagesOptions): Promise<Record<string, CompiledImageArtifact>> {
  const clients = new Map<string, RegistryClient>();
  const logins = new Map<string, Promise<RegistryCredentials>>();
  /** ECR registries get a token of their region; others the configured credentials. */
  const credentialsFor = (registry: string): Promise<RegistryCredentials | undefined> => {
    const region = isEcrRegistry(registry) ? ecrRegionOf(registry) : undefined;
    if (!region) return Promise.resolve(o.credentials);
    if (!logins.has(region)) logins.set(region, ecrLogin(region, createEcrClient({ ...o.aws, region })));
    return logins.get(region)!;
  };
  const clientFor = async (registry: string, credentials?: RegistryCredentials): Promise<RegistryClient> => {
    if (!clients.has(registry)) clients.set(registry, new RegistryClient({ registry, credentials: credentials ?? (await credentialsFor(registry)) }));
    return clients.get(registry)!;
  };

  const out: Record<string, CompiledImageArtifact> = {};
  for (const [name, image] of Object.entries(o.images)) {
    if (image.packager === 'prebuilt-image') {
      out[name] = image;
      o.log(`${name}: prebuilt image ${image.location.imageUri}, referenced as it is`);
      continue;
    }
    const source = parseReference(image.location.imageUri);
    if (source.digest !== image.digest) {
      throw new NxstackError('NXS_PROMOTE_SOURCE_MISSING', `${name}: the source stage's record names ${image.location.imageUri}, not its digest ${image.digest}.`, {
        hint: 'Deploy the source stage again (it records what it runs), then promote.',
      });
    }
    const target = await promotionTarget(name, image, o);
    const to = await clientFor(target.registry, target.credentials);
    const from = await clientFor(source.registry);
    const copied = await copyImage({ from: { client: from, repository: source.repository }, to: { client: to, repository: target.repository }, digest: image.digest, tags: target.tags });
    const how = [copied.blobsMounted && `${copied.blobsMounted} mounted`, copied.blobsCopied && `${copied.blobsCopied} copied (${copied.bytesCopied} B)`, copied.blobsPresent && `${copied.blobsPresent} already there`].filter(Boolean).join(', ');
    o.log(`${name}: ${source.registry}/${source.repository}@${image.digest} → ${copied.reference} (blobs: ${how || 'none'}; tags ${target.tags.join(', ')})`);
    if (image.packager === 'custom-dockerfile') o.log(`${name}: note — a Dockerfile image is promoted as built, with the source stage's build args (NXSTACK_STAGE, AWS_REGION, AWS_ACCOUNT_ID)`);
    out[name] = { ...image, location: { imageUri: copied.reference } };
  }
  return out;
}

/** Where the target stage keeps this image (see the file comment for the order). */
export async function promotionTarget(name: string, image: Pick<CompiledImageArtifact, 'targetRepository'>, o: Pick<PromoteImagesOptions, 'repository' | 'imageRepositories' | 'aws' | 'region' | 'projectName' | 'to' | 'log'>): Promise<PromotionTarget> {
  if (o.repository) {
    const ref = parseReference(o.repository);
    return { registry: ref.registry, repository: ref.repository, tags: [stageRepositoryTag(name, 'latest')] };
  }
  const explicit = o.imageRepositories?.[name];
  const label = image.targetRepository ? parseReference(image.targetRepository) : undefined;
  if (explicit || (label && !isEcrRegistry(label.registry))) {
    const ref = parseReference((explicit ?? image.targetRepository)!);
    return { registry: ref.registry, repository: ref.repository, tags: [...new Set([ref.tag, 'latest'].filter((t): t is string => Boolean(t)))] };
  }
  const ecr = createEcrClient({ ...o.aws, region: o.region });
  if (label) {
    // A label naming an ECR repository: that repository on the target stage's ECR registry.
    const login = await ecrLogin(o.region, ecr);
    return { registry: login.registry, repository: label.repository, credentials: login, tags: [...new Set([label.tag, 'latest'].filter((t): t is string => Boolean(t)))] };
  }
  const repo = await openStageRepository(ecr, o.region, o.projectName, o.to, o.log);
  return { registry: repo.registry, repository: repo.repository, credentials: repo.credentials, tags: [stageRepositoryTag(name, 'latest')] };
}
