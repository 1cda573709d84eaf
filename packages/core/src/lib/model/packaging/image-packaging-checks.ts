import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { isNxstackError, NxstackError } from '../../errors';
import { parseReference } from '../../image-reference';
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

/** A prebuilt image's reference parses (else the image builder would fail at package time without a location). */
export function checkPrebuiltImageReference(packaging: ImagePackaging, path: ConfigPath, source: YamlSource): NxstackError[] {
  if (packaging.type !== 'prebuilt-image') return [];
  try {
    parseReference(packaging.properties.image);
    return [];
  } catch (e) {
    if (!isNxstackError(e)) throw e;
    return [new NxstackError(e.code, e.message, { location: source.locate([...path, 'properties', 'image']), hint: e.hint })];
  }
}
