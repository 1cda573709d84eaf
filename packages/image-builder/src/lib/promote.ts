/**
 * Stage promotion by retagging: the image a stage runs is the previous stage's image (the first
 * stage's previous is `latest`) given the stage's name as a tag. No blob moves; only the manifest
 * is PUT again under the new tag, so the digest stays the same.
 */
import { NxstackError } from '@nxstack/core';
import type { RegistryClient } from './registry/registry-client';

export interface PromoteImageOptions {
  readonly client: RegistryClient;
  readonly repository: string;
}

/** Tags `from` (a tag or digest, e.g. `latest`, `staging`) as `toStage`; returns the digest. */
export async function promoteImage(from: string, toStage: string, options: PromoteImageOptions): Promise<string> {
  if (!/^[\w][\w.-]{0,127}$/.test(toStage)) {
    throw new NxstackError('NXS_STAGE_TAG_INVALID', `Stage ${JSON.stringify(toStage)} is not a valid image tag.`, { hint: 'Stage names may use letters, digits, `.`, `_` and `-` (at most 128).' });
  }
  const source = await options.client.getManifest(options.repository, from);
  if (!source) {
    throw new NxstackError('NXS_PROMOTE_SOURCE_MISSING', `Nothing to promote: ${options.client.location}/${options.repository}:${from} does not exist.`, {
      hint: `Publish the image to the previous stage first (its tag ${from} must exist).`,
    });
  }
  return options.client.putManifest(options.repository, toStage, source.mediaType, source.body);
}
