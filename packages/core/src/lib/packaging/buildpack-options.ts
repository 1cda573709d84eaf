import * as path from 'node:path';
import { NxstackError, type NxstackErrorCode, type SourceLocation } from '../errors';
import type { Architecture } from '../manifest';
import { toPosix } from '../output-paths';
import { lambdaResourceFromStack, type StackLambdaResource } from './lambda-resource';

/** What every language packager needs (Stacktape's stacktape-lambda-buildpack fields). Paths relative to workspaceRoot unless stated. */
export interface BuildpackPackageOptions<L extends object = Record<string, unknown>> {
  /** Absolute path of the workspace root. */
  readonly workspaceRoot: string;
  /** Project folder (where stack.yml lives), relative to workspaceRoot. */
  readonly projectRoot: string;
  /** Resource name in stack.yml; names the zip and the output folder. */
  readonly resourceName: string;
  /** Entry file, relative to projectRoot. */
  readonly entryfilePath: string;
  readonly handlerFunction?: string;
  readonly runtime?: string;
  /** Default `x86_64`. */
  readonly architecture?: Architecture;
  /** Extra files (globs relative to projectRoot) copied into the zip. */
  readonly includeFiles?: readonly string[];
  readonly excludeFiles?: readonly string[];
  /** Packages neither bundled nor shipped (provided by a layer or the runtime). */
  readonly excludeDependencies?: readonly string[];
  readonly languageSpecificConfig?: L;
  /** Output folder relative to workspaceRoot; default dist/stack/<projectRoot>/<resourceName>. */
  readonly outputPath?: string;
}

/** Options of a packager's `package` executor: the library's, optionally sourced from a stack.yml resource. */
export type BuildpackExecutorOptions<L extends object = Record<string, unknown>> = Partial<Omit<BuildpackPackageOptions<L>, 'workspaceRoot' | 'projectRoot'>> & {
  /** stack.yml path relative to the workspace root. */
  readonly stackFile?: string;
  /** Resource name in stackFile. */
  readonly resource?: string;
};

export interface ExecutorPlace {
  readonly workspaceRoot: string;
  /** Root of the Nx project running the target; default the folder of stackFile. */
  readonly projectRoot?: string;
}

/** Resolved options: the buildpack fields plus whatever packager-specific executor options were given. */
export type ResolvedBuildpackOptions<L extends object, E> = BuildpackPackageOptions<L> & Omit<E, 'stackFile' | 'resource' | keyof BuildpackPackageOptions<L>>;

export interface ResolveBuildpackErrors {
  /** Named in messages: `The Go package executor`. */
  readonly executorName: string;
  /** Code when the resource is not buildpack-packaged; default NXS_PACKAGING_UNSUPPORTED. */
  readonly wrongPackagingCode?: NxstackErrorCode;
}

export function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Buildpack options as stack.yml gives them for one resource. */
export function buildpackOptionsFromResource<L extends object>(r: StackLambdaResource): Partial<BuildpackPackageOptions<L>> {
  const p = r.packaging as Partial<BuildpackPackageOptions<L>>;
  return definedOnly({
    projectRoot: r.projectRoot,
    entryfilePath: p.entryfilePath,
    handlerFunction: p.handlerFunction,
    includeFiles: p.includeFiles,
    excludeFiles: p.excludeFiles,
    excludeDependencies: p.excludeDependencies,
    languageSpecificConfig: p.languageSpecificConfig,
    runtime: r.runtime,
    architecture: r.architecture,
  });
}

/** stack.yml values under explicit executor values: explicit wins, languageSpecificConfig key by key. */
export function mergeBuildpackOptions<L extends object, T extends Partial<BuildpackPackageOptions<L>>>(fromStack: Partial<BuildpackPackageOptions<L>>, explicit: T): Partial<BuildpackPackageOptions<L>> & T {
  const languageSpecificConfig = fromStack.languageSpecificConfig || explicit.languageSpecificConfig ? ({ ...fromStack.languageSpecificConfig, ...explicit.languageSpecificConfig } as L) : undefined;
  return { ...definedOnly(fromStack), ...definedOnly(explicit), ...definedOnly({ languageSpecificConfig }) } as Partial<BuildpackPackageOptions<L>> & T;
}

/**
 * Executor options (inline and/or stackFile + resource) → the packager's options. Explicit options
 * win over stack.yml; packager-specific options (cacheDir…) pass through. Defaults for what
 * neither gives (architecture…) are the stack model's (DEFAULT_LAMBDA_ARCHITECTURE), applied by the packagers;
 * executor schema.json files carry none, or Nx would merge them in as explicit options.
 */
export async function resolveBuildpackOptions<L extends object, E extends BuildpackExecutorOptions<L>>(
  o: E,
  place: ExecutorPlace,
  errors: ResolveBuildpackErrors,
): Promise<{ options: ResolvedBuildpackOptions<L, E>; fromStack?: StackLambdaResource }> {
  const { stackFile, resource, resourceName: explicitName, ...explicit } = o;
  const name = explicitName ?? resource;
  const fromStack = stackFile && name ? await lambdaResourceFromStack(stackFile, resource ?? name, place.workspaceRoot, { packagingType: 'stacktape-lambda-buildpack', wrongPackagingCode: errors.wrongPackagingCode }) : undefined;
  const merged = mergeBuildpackOptions<L, typeof explicit>(fromStack ? buildpackOptionsFromResource<L>(fromStack) : {}, explicit);
  // Packaging paths are relative to the folder of stack.yml (normally the project root).
  const projectRoot = fromStack?.projectRoot ?? place.projectRoot ?? (stackFile ? toPosix(path.dirname(stackFile)) : undefined);
  const location: SourceLocation = fromStack?.locate('resource') ?? { file: stackFile ?? 'project.json' };
  if (!name || projectRoot === undefined) {
    throw new NxstackError('NXS_PACKAGE_OPTIONS_MISSING', `${errors.executorName} needs resourceName + entryfilePath, or stackFile + resource.`, {
      location,
      hint: 'Let the @nxstack/plugin infer the package--<resource> target, or pass the options in project.json.',
    });
  }
  if (!merged.entryfilePath) {
    throw new NxstackError('NXS_PACKAGE_OPTIONS_MISSING', `No entryfilePath for resource '${name}'.`, {
      location,
      hint: 'Set packaging.properties.entryfilePath in stack.yml, or the entryfilePath option.',
    });
  }
  const options = { ...merged, workspaceRoot: place.workspaceRoot, projectRoot, resourceName: name, entryfilePath: merged.entryfilePath } as ResolvedBuildpackOptions<L, E>;
  return { options, fromStack };
}
