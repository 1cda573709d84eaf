import type { Architecture, BuildpackPackageOptions } from '@nxstack/core';

/** JS/TS settings of a `stacktape-lambda-buildpack` (Stacktape's EsLanguageSpecificConfig). */
export interface EsLanguageSpecificConfig {
  /** tsconfig used for paths/aliases and compiler settings, relative to projectRoot. */
  readonly tsConfigPath?: string;
  /** Emit TypeScript decorator metadata (esbuild cannot: files with decorators go through `typescript`). */
  readonly emitTsDecoratorMetadata?: boolean;
  /** Packages left out of the bundle and installed into the zip's node_modules (`*` = all). */
  readonly dependenciesToExcludeFromBundle?: readonly string[];
  /** `cjs` (index.js, default) or `esm` (index.mjs). */
  readonly outputModuleFormat?: 'cjs' | 'esm';
  /** No index.js.map and no --enable-source-maps (the executor's `sourceMap` option wins when given). */
  readonly disableSourceMaps?: boolean;
}

/**
 * Everything packageNodeFunction needs. Paths are relative to workspaceRoot unless stated.
 * handlerFunction defaults to the default export if there is one, else `handler`; runtime
 * (`nodejs18.x` or newer) to `nodejs24.x`; includeFiles keep their project-relative paths and
 * excludeFiles match zip paths (included files and node_modules/).
 */
export interface PackageNodeFunctionOptions extends BuildpackPackageOptions<EsLanguageSpecificConfig> {
  /** Bundle `@aws-sdk/*` instead of using the copy in the Lambda runtime. Default false. */
  readonly bundleAwsSdk?: boolean;
  /** Ship `index.js.map` and turn on `--enable-source-maps`. Default true. */
  readonly sourceMap?: boolean;
  /** Put original sources into the map (bigger zip, readable in debuggers). Default false. */
  readonly sourcesContent?: boolean;
  /** Minify the bundle. Default false: readable stack traces matter more than a few KB. */
  readonly minify?: boolean;
}

/** Options after defaults and validation, with absolute paths. */
export interface NormalizedNodeFunction {
  readonly workspaceRoot: string;
  readonly projectRoot: string;
  readonly projectDir: string;
  readonly resourceName: string;
  readonly entryFile: string;
  readonly handlerFunction?: string;
  readonly runtime: string;
  /** esbuild target, e.g. `node20`. */
  readonly target: string;
  readonly architecture: Architecture;
  readonly includeFiles: readonly string[];
  readonly excludeFiles: readonly string[];
  readonly excludeDependencies: readonly string[];
  readonly tsConfigFile?: string;
  readonly emitTsDecoratorMetadata: boolean;
  readonly dependenciesToExcludeFromBundle: readonly string[];
  readonly format: 'cjs' | 'esm';
  readonly bundleAwsSdk: boolean;
  readonly sourceMap: boolean;
  readonly sourcesContent: boolean;
  readonly minify: boolean;
  /** Absolute output folder. */
  readonly outputDir: string;
}

/** What one packaged function produced. */
export interface PackageNodeFunctionResult {
  readonly resourceName: string;
  readonly outputDir: string;
  /** Absolute path of the zip. */
  readonly artifactPath: string;
  readonly sha256: string;
  readonly size: number;
  readonly handler: string;
  /** Packages installed into the zip's node_modules, name → version. */
  readonly installedPackages: Readonly<Record<string, string>>;
  /** esbuild warnings about the function's own code (`file:line:col text`). */
  readonly warnings: readonly string[];
}
