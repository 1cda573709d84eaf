import type { EntryLanguage } from './packaging';

/**
 * Zip-package Lambda runtimes nxstack deploys, per entry-file language. The loader refuses a
 * `runtime` in stack.yml outside its language's list; the compiler checks the packager's choice
 * against the same lists and refuses those Lambda no longer creates (stage-dependent).
 */
export const LAMBDA_RUNTIMES: Readonly<Record<EntryLanguage, readonly string[]>> = {
  node: ['nodejs18.x', 'nodejs20.x', 'nodejs22.x', 'nodejs24.x'],
  python: ['python3.9', 'python3.10', 'python3.11', 'python3.12', 'python3.13', 'python3.14'],
  java: ['java11', 'java17', 'java21', 'java25'],
  go: ['provided.al2', 'provided.al2023'],
};

/** The runtimes a function of `language` may use; every runtime for custom artifacts (undefined language). */
export function lambdaRuntimesFor(language: EntryLanguage | undefined): readonly string[] {
  return language ? LAMBDA_RUNTIMES[language] : Object.values(LAMBDA_RUNTIMES).flat();
}

/** What the language is called in messages. */
export const LANGUAGE_NAMES: Readonly<Record<EntryLanguage, string>> = { node: 'JavaScript/TypeScript', python: 'Python', java: 'Java', go: 'Go' };
