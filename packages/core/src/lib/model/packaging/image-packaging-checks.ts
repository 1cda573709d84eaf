import { resolve } from 'node:path';
import { isNxstackError, NxstackError } from '../../errors';
import { parseReference } from '../../image-reference';
import { checkStackPath } from '../path-checks';
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

/**
 * Checks that the entry file / source folder / build context of an image packaging exists and,
 * like the Dockerfile (relative to the build context), stays inside the workspace.
 */
export function checkImagePackagingPaths(
  packaging: ImagePackaging,
  path: ConfigPath,
  source: YamlSource,
  opts: { readonly dir: string; readonly checkPaths: boolean; readonly workspaceRoot: string },
): NxstackError[] {
  const key = PATH_KEY[packaging.type];
  if (!key || !opts.checkPaths) return [];
  const props = packaging.properties as unknown as Record<string, string | undefined>;
  const at = [...path, 'properties'];
  const rel = props[key]!;
  const problems = checkStackPath(rel, [...at, key], source, { base: opts.dir, workspaceRoot: opts.workspaceRoot, mustExist: true });
  if (key === 'buildContextPath' && props.dockerfilePath && !problems.length) {
    problems.push(...checkStackPath(props.dockerfilePath, [...at, 'dockerfilePath'], source, { base: resolve(opts.dir, rel), workspaceRoot: opts.workspaceRoot, mustExist: false }));
  }
  return problems;
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
