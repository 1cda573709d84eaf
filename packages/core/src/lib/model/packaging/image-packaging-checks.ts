import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { NxstackError } from '../../errors';
import type { ConfigPath, YamlSource } from '../yaml-source';
import { IMAGE_PACKAGING_TYPES, type ImagePackaging } from './image-packaging';

/** Which path property each buildable image packaging points at (prebuilt images have none). */
const PATH_KEY: Record<string, string | undefined> = {
  'stacktape-image-buildpack': 'entryfilePath',
  'external-buildpack': 'sourceDirectoryPath',
  'custom-dockerfile': 'buildContextPath',
};

export function isImagePackaging(packaging: unknown): packaging is ImagePackaging {
  return IMAGE_PACKAGING_TYPES.includes(String((packaging as { type?: unknown } | undefined)?.type));
}

/** Checks that the entry file / source folder / build context of an image packaging exists. */
export function checkImagePackagingPaths(
  packaging: ImagePackaging,
  path: ConfigPath,
  source: YamlSource,
  opts: { readonly dir: string; readonly checkPaths: boolean },
): NxstackError[] {
  const key = PATH_KEY[packaging.type];
  if (!key || !opts.checkPaths) return [];
  const rel = (packaging.properties as unknown as Record<string, string>)[key];
  if (existsSync(resolve(opts.dir, rel))) return [];
  return [
    new NxstackError('NXS_PATH_NOT_FOUND', `${key} '${rel}' does not exist`, {
      location: source.locate([...path, 'properties', key]),
      hint: `Paths are resolved relative to the folder holding stack.yml (${opts.dir}).`,
    }),
  ];
}
