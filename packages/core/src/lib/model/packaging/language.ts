import { basename, extname } from 'node:path';
import {
  esLanguageSpecificConfigSchema,
  javaLanguageSpecificConfigSchema,
  pyLanguageSpecificConfigSchema,
} from './stacktape-lambda-buildpack';

export type EntryLanguage = 'js' | 'python' | 'java' | 'go';

const BY_EXTENSION: Record<string, EntryLanguage> = {
  '.js': 'js',
  '.mjs': 'js',
  '.cjs': 'js',
  '.jsx': 'js',
  '.ts': 'js',
  '.mts': 'js',
  '.cts': 'js',
  '.tsx': 'js',
  '.py': 'python',
  '.java': 'java',
  '.kt': 'java',
  '.go': 'go',
};

/** Java build files accepted as the entry (then handlerFunction names the full `pkg.Class::method`). */
const JAVA_BUILD_FILES = ['pom.xml', 'build.gradle', 'build.gradle.kts'];

/** Language of a buildpack entry file, by extension or build-file name; undefined when unsupported. */
export function entryFileLanguage(entryfilePath: string): EntryLanguage | undefined {
  if (JAVA_BUILD_FILES.includes(basename(entryfilePath))) return 'java';
  return BY_EXTENSION[extname(entryfilePath).toLowerCase()];
}

export const SUPPORTED_ENTRY_EXTENSIONS = [...Object.keys(BY_EXTENSION), ...JAVA_BUILD_FILES];

/** languageSpecificConfig keys each language accepts (Go has none). */
export const LANGUAGE_CONFIG_KEYS: Record<EntryLanguage, readonly string[]> = {
  js: Object.keys(esLanguageSpecificConfigSchema.shape),
  python: Object.keys(pyLanguageSpecificConfigSchema.shape),
  java: Object.keys(javaLanguageSpecificConfigSchema.shape),
  go: [],
};
