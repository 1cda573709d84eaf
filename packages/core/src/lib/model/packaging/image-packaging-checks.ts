import { resolve } from 'node:path';
import { isNxstackError, NxstackError } from '../../errors';
import { parseReference } from '../../image-reference';
import { checkStackPath } from '../path-checks';
import type { ConfigPath, YamlSource } from '../yaml-source';
import { IMAGE_PACKAGING_TYPES, type ImagePackaging } from './image-packaging';
import { splitPythonAppEntry } from '../../packaging/python-app-servers';

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
  // `file.py:app` (runAppAs) names a callable after the file.
  const rel = key === 'entryfilePath' ? splitPythonAppEntry(props[key]!).file : props[key]!;
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

/**
 * runAppAs runs `file.py:callable` under gunicorn / uvicorn: only a Python service image has a
 * server to start (a Lambda has its own runtime), and the callable must be named.
 */
export function checkRunAppAs(packaging: unknown, path: ConfigPath, source: YamlSource, lambda: boolean): NxstackError[] {
  const p = packaging as { type?: string; properties?: { entryfilePath?: string; languageSpecificConfig?: { runAppAs?: string } } } | undefined;
  const runAppAs = p?.properties?.languageSpecificConfig?.runAppAs;
  if (!runAppAs) return [];
  const at = [...path, 'properties', 'languageSpecificConfig', 'runAppAs'];
  if (lambda || p?.type !== 'stacktape-image-buildpack') {
    return [new NxstackError('NXS_RUN_APP_AS_INVALID', `runAppAs applies to web/private/worker service images (stacktape-image-buildpack), not to a ${lambda ? 'Lambda function' : String(p?.type)}.`, {
      location: source.locateKey(at),
      hint: 'Remove runAppAs: a Lambda function is called through its handlerFunction.',
    })];
  }
  const entry = String(p.properties?.entryfilePath ?? '');
  if (!splitPythonAppEntry(entry).callable) {
    return [new NxstackError('NXS_RUN_APP_AS_INVALID', `runAppAs: ${runAppAs} needs the app callable after the entry file: '${entry}' names none.`, {
      location: source.locate([...path, 'properties', 'entryfilePath']),
      hint: `Write entryfilePath as ${entry.endsWith('.py') ? entry : 'path/to/file.py'}:app (the ${runAppAs} callable the server runs).`,
    })];
  }
  return [];
}
