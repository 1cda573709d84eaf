import { extname } from 'node:path';
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

/** Language of a buildpack entry file, by extension; undefined when unsupported. */
export function entryFileLanguage(entryfilePath: string): EntryLanguage | undefined {
  return BY_EXTENSION[extname(entryfilePath).toLowerCase()];
}

export const SUPPORTED_ENTRY_EXTENSIONS = Object.keys(BY_EXTENSION);

/** languageSpecificConfig keys each language accepts (Go has none). */
export const LANGUAGE_CONFIG_KEYS: Record<EntryLanguage, readonly string[]> = {
  js: Object.keys(esLanguageSpecificConfigSchema.shape),
  python: Object.keys(pyLanguageSpecificConfigSchema.shape),
  java: Object.keys(javaLanguageSpecificConfigSchema.shape),
  go: [],
};
