/**
 * prebuilt-image: nothing is built; the reference is resolved to a manifest digest so templates
 * pin exactly what was there at package time. Credentials for a private registry are used for
 * the lookup only; the task definition gets repositoryCredentialsSecretArn, never the secret.
 */
import { NxstackError, type SourceLocation } from '@nxstack/core';
import type { RegistryCredentials } from './registry/auth';
import { parseReference } from './registry/reference';
import { RegistryClient } from './registry/registry-client';

export interface PrebuiltImageOptions {
  readonly image: string;
  readonly credentials?: RegistryCredentials;
  readonly insecureRegistries?: readonly string[];
  readonly location?: SourceLocation;
}

export interface ResolvedPrebuiltImage {
  /** `<registry>/<repository>@sha256:…` */
  readonly reference: string;
  readonly digest: string;
  readonly mediaType: string;
  readonly size: number;
}

export async function resolvePrebuiltImage(o: PrebuiltImageOptions): Promise<ResolvedPrebuiltImage> {
  const ref = parseReference(o.image);
  const client = new RegistryClient({ registry: ref.registry, credentials: o.credentials, insecure: o.insecureRegistries?.includes(ref.registry) || undefined });
  const found = await client.getManifest(ref.repository, ref.digest ?? ref.tag ?? 'latest');
  if (!found) {
    throw new NxstackError('NXS_PREBUILT_IMAGE_NOT_FOUND', `Image ${o.image} does not exist.`, { location: o.location, hint: 'Check packaging.properties.image (repository and tag) and that it was pushed.' });
  }
  const digest = ref.digest ?? found.digest;
  const registryPrefix = ref.registry === 'registry-1.docker.io' ? 'docker.io' : ref.registry;
  return { reference: `${registryPrefix}/${ref.repository}@${digest}`, digest, mediaType: found.mediaType, size: found.body.length };
}
