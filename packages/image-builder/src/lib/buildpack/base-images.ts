/**
 * Default base images per language (the public images Stacktape's docs name). glibc (Debian /
 * Ubuntu) unless `requiresGlibcBinaries: false` asks for musl (alpine): the language packagers
 * install glibc builds of native dependencies (manylinux wheels, linux-*-gnu .node prebuilds),
 * which do not load on musl. Lambda image functions use the AWS Lambda base images, which carry
 * the runtime interface client. `baseImage` overrides all.
 */
import type { EntryLanguage } from '@nxstack/core';

export type ImageLanguage = EntryLanguage;

export const DEFAULT_VERSIONS = { node: '22', python: '3.12', java: '21', go: '1.23' } as const;

export interface BaseImageChoice {
  readonly language: ImageLanguage;
  /** Lambda container image (function resource) rather than a long-running service. */
  readonly lambda: boolean;
  /** Unset or true: glibc; false: alpine (only for code without native binaries). */
  readonly requiresGlibcBinaries?: boolean;
  /** Language version (node major, python x.y, JDK major, go x.y). */
  readonly version?: string;
}

export function defaultBaseImage(c: BaseImageChoice): string {
  const v = c.version ?? DEFAULT_VERSIONS[c.language];
  if (c.lambda) {
    switch (c.language) {
      case 'node': return `public.ecr.aws/lambda/nodejs:${v}`;
      case 'python': return `public.ecr.aws/lambda/python:${v}`;
      case 'java': return `public.ecr.aws/lambda/java:${v}`;
      case 'go': return 'public.ecr.aws/lambda/provided:al2023';
    }
  }
  const glibc = c.requiresGlibcBinaries !== false;
  switch (c.language) {
    case 'node': return glibc ? `node:${v}-bookworm-slim` : `node:${v}-alpine`;
    case 'python': return glibc ? `python:${v}-slim` : `python:${v}-alpine`;
    case 'java': return glibc ? `gradle:jdk${v}` : `gradle:jdk${v}-alpine`;
    case 'go': return glibc ? `golang:${v}-bookworm` : `golang:${v}-alpine`;
  }
}

/** Version named in a Lambda runtime id (`nodejs20.x` → 20, `python3.12` → 3.12, `java21` → 21). */
export function versionFromRuntime(runtime: string | undefined): string | undefined {
  const m = runtime ? /^(?:nodejs|python|java)([\d.]+?)(?:\.x)?$/.exec(runtime) : null;
  return m?.[1];
}
