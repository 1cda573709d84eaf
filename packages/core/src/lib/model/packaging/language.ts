import { posix } from 'node:path';
import { NxstackError, type SourceLocation } from '../../errors';
import {
  esLanguageSpecificConfigSchema,
  javaLanguageSpecificConfigSchema,
  pyLanguageSpecificConfigSchema,
} from './stacktape-lambda-buildpack';

/** Language of a buildpack entry file: picks the packager, the base image and the task inputs. */
export type EntryLanguage = 'node' | 'python' | 'java' | 'go';

const BY_EXTENSION: Record<string, EntryLanguage> = {
  '.js': 'node',
  '.mjs': 'node',
  '.cjs': 'node',
  '.jsx': 'node',
  '.ts': 'node',
  '.mts': 'node',
  '.cts': 'node',
  '.tsx': 'node',
  '.py': 'python',
  '.java': 'java',
  '.kt': 'java',
  '.go': 'go',
};

/** Java build files accepted as the entry (then handlerFunction names the full `pkg.Class::method`). */
const JAVA_BUILD_FILES = ['pom.xml', 'build.gradle', 'build.gradle.kts'];

/**
 * Language of a buildpack entry file, by extension or build-file name; undefined when unsupported.
 * The one vocabulary: the loader, the plugin and the image builder all ask here.
 */
export function entryFileLanguage(entryfilePath: string): EntryLanguage | undefined {
  const base = posix.basename(entryfilePath.replace(/\\/g, '/')).toLowerCase();
  if (JAVA_BUILD_FILES.includes(base)) return 'java';
  // `handler.ts:myExport` style suffixes are not part of the file name.
  return BY_EXTENSION[posix.extname(base.split(':')[0])];
}

export const SUPPORTED_ENTRY_EXTENSIONS = [...Object.keys(BY_EXTENSION), ...JAVA_BUILD_FILES];

/** NXS_UNSUPPORTED_ENTRY_FILE for an entry file entryFileLanguage does not know. */
export function unsupportedEntryFileError(entryfilePath: string, location?: SourceLocation): NxstackError {
  return new NxstackError('NXS_UNSUPPORTED_ENTRY_FILE', `cannot tell the language of entry file '${entryfilePath}'`, {
    location,
    hint: `Buildpack entry files end in ${SUPPORTED_ENTRY_EXTENSIONS.join(', ')}; use custom-artifact (or custom-dockerfile for images) for anything else.`,
  });
}

/** languageSpecificConfig keys each language accepts (Go has none). */
export const LANGUAGE_CONFIG_KEYS: Record<EntryLanguage, readonly string[]> = {
  node: Object.keys(esLanguageSpecificConfigSchema.shape),
  python: Object.keys(pyLanguageSpecificConfigSchema.shape),
  java: Object.keys(javaLanguageSpecificConfigSchema.shape),
  go: [],
};
