import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { SourceLocation } from '../errors';
import { NxstackError } from '../errors';
import { resourceTypeDefinition } from './resource-types';
import { checksOfValidParts } from './partial-checks';
import { checkResourceNames, checkSemantics } from './semantic-checks';
import { StackLoadError } from './stack-load-error';
import { stackConfigSchema, type StackConfig } from './stack-schema';
import { resolveLocalDirectives, type LocalDirectiveUses, type RunValueUse, type StackValues } from './resolve-local-directives';
import { defaultStackValues } from './stack-values';
import { transformDirectives } from './transform-directives';
import { findDuplicateKeys, parseYamlSource, type ConfigPath } from './yaml-source';
import { issuesToErrors, pathText } from './zod-issues';

export interface LoadStackOptions {
  /** Locations in errors are shown relative to this folder (default: process.cwd()). */
  readonly workspaceRoot?: string;
  /**
   * Check that stack.yml paths stay inside the workspace root (symlinks too) and that
   * entryfilePath / packagePath exist (default true). Graph-time callers can turn it off when a
   * custom artifact is produced by another target; the package tasks then check each path they open.
   */
  readonly checkPaths?: boolean;
  /**
   * Stage, region and command-line arguments for the local directives ($Stage, $Region,
   * $CliArgs...). Default: defaultStackValues() (the default stage, no arguments).
   */
  readonly values?: StackValues;
  /**
   * For callers that read one resource's artifact settings (package tasks): a missing $CliArgs
   * argument or region fails only when this resource uses it; other resources that use one are
   * left out of the returned config. Those settings never depend on the stage (refused below).
   * Several names: one load serves a task packaging several resources (each one's problems fail it).
   */
  readonly packagingOf?: string | readonly string[];
}

export interface LoadedStack {
  /** stack.yml path as shown in errors (workspace-relative when inside the workspace). */
  readonly file: string;
  /** Absolute folder holding stack.yml; packaging paths are relative to it. */
  readonly dir: string;
  readonly config: StackConfig;
  /** What the values of each resource depend on (files read, stage, region, arguments). */
  readonly localDirectives: LocalDirectiveUses;
  /** file:line:column of the value at a config path (nearest existing parent when absent). */
  locate(path: ConfigPath): SourceLocation;
  /** file:line:column of the key at a config path. */
  locateKey(path: ConfigPath): SourceLocation;
}

/** Reads, validates and parses a stack.yml. Throws StackLoadError listing every problem. */
export async function loadStack(file: string, opts: LoadStackOptions = {}): Promise<LoadedStack> {
  const root = opts.workspaceRoot ?? process.cwd();
  const absolute = resolve(root, file);
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch (cause) {
    throw new NxstackError('NXS_STACK_NOT_FOUND', `cannot read ${displayPath(absolute, root)}: ${(cause as Error).message}`, {
      location: { file: displayPath(absolute, root) },
      hint: 'Each project with a stack.yml at its root is a deployable stack; check the path.',
      cause,
    });
  }
  return parseStack(text, file, opts);
}

/**
 * What target inference needs of a stack.yml: each resource's type and raw properties. When
 * the stack has problems that do not stop that (a Fargate memory that does not fit its cpu, an
 * unknown $ResourceParam...), the raw config comes back with those problems in `deferred`: the
 * project keeps its targets and its `validate` target reports them (same codes, same
 * locations). YAML syntax errors, a file that is not a mapping, resources that are not a
 * mapping and resource types nxstack does not know are thrown: no targets can be inferred.
 */
export interface StackForTargets {
  readonly file: string;
  readonly dir: string;
  readonly config: {
    readonly resources: Readonly<Record<string, { readonly type: string; readonly properties?: Record<string, unknown> }>>;
    /** Top-level scripts (each a `script--<name>` target) and hooks (beforeDeploy runs before packaging). */
    readonly scripts?: Readonly<Record<string, unknown>>;
    readonly hooks?: { readonly beforeDeploy?: readonly unknown[] };
  };
  /** What each resource's values depend on; the package tasks' cache is keyed by it. */
  readonly localDirectives: LocalDirectiveUses;
  locate(path: ConfigPath): SourceLocation;
  /** The loader's error when the stack is not valid but its targets can still be inferred. */
  readonly deferred?: StackLoadError;
}

export async function loadStackForTargets(file: string, opts: LoadStackOptions = {}): Promise<StackForTargets> {
  try {
    return await loadStack(file, opts);
  } catch (e) {
    if (!(e instanceof StackLoadError)) throw e;
    const root = opts.workspaceRoot ?? process.cwd();
    const absolute = resolve(root, file);
    const { source, syntaxErrors } = parseYamlSource(await readFile(absolute, 'utf8'), displayPath(absolute, root));
    if (syntaxErrors.length) throw e;
    // Best effort: directives that cannot be resolved stay as written (validate reports them).
    const parsed = transformDirectives(source.doc.toJS({ maxAliasCount: 1000 }) as unknown, source, []);
    const local = resolveLocalDirectives(parsed, { source, values: opts.values ?? defaultStackValues(), dir: dirname(absolute), workspaceRoot: root }, []);
    const raw = local.value as { resources?: unknown } | null;
    const resources = raw && typeof raw === 'object' ? raw.resources : undefined;
    if (!resources || typeof resources !== 'object' || Array.isArray(resources)) throw e;
    for (const r of Object.values(resources)) {
      const type = (r as { type?: unknown } | null)?.type;
      if (typeof type !== 'string' || !resourceTypeDefinition(type)) throw e;
      const properties = (r as { properties?: unknown }).properties;
      if (properties !== undefined && (properties === null || typeof properties !== 'object' || Array.isArray(properties))) throw e;
    }
    const { scripts, hooks } = raw as { scripts?: unknown; hooks?: unknown };
    const mapping = (v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? v : undefined);
    const config = { resources: resources as StackForTargets['config']['resources'], scripts: mapping(scripts) as StackForTargets['config']['scripts'], hooks: mapping(hooks) as StackForTargets['config']['hooks'] };
    return { file: displayPath(absolute, root), dir: dirname(absolute), config, localDirectives: local.uses, locate: source.locate, deferred: e };
  }
}

/** Validates stack.yml text; `file` is used for locations and to resolve relative paths. */
export function parseStack(text: string, file: string, opts: LoadStackOptions = {}): LoadedStack {
  const root = opts.workspaceRoot ?? process.cwd();
  const absolute = resolve(root, file);
  const shown = displayPath(absolute, root);
  const { source, syntaxErrors } = parseYamlSource(text, shown);
  if (syntaxErrors.length) {
    throw new StackLoadError(
      sortByLocation(syntaxErrors.map((e) => new NxstackError(e.code, e.message, { location: e.location, hint: e.hint }))),
    );
  }
  const problems: NxstackError[] = findDuplicateKeys(source).map((d) => {
    const isResource = d.parentPath.length === 1 && d.parentPath[0] === 'resources';
    return new NxstackError(
      isResource ? 'NXS_DUPLICATE_RESOURCE_NAME' : 'NXS_DUPLICATE_KEY',
      isResource ? `resource '${d.key}' is defined twice` : `duplicate key '${d.key}' in ${pathText(d.parentPath) || 'the top level'}`,
      { location: d.location, hint: `First defined at line ${d.firstLocation.line}; keep one of them (YAML would silently keep only the last).` },
    );
  });
  const plain = source.doc.toJS({ maxAliasCount: 1000 }) as unknown;
  if (plain === null || plain === undefined || typeof plain !== 'object' || Array.isArray(plain)) {
    throw new StackLoadError([
      new NxstackError('NXS_INVALID_TYPE', `${shown} must be a mapping with a 'resources' key`, {
        location: source.locate([]),
        hint: 'Start the file with `resources:` and list each resource under it.',
      }),
    ]);
  }
  const parsedDirectives = transformDirectives(plain, source, problems);
  const localProblems: NxstackError[] = [];
  const packaged = new Set(typeof opts.packagingOf === 'string' ? [opts.packagingOf] : (opts.packagingOf ?? []));
  const local = resolveLocalDirectives(parsedDirectives, { source, values: opts.values ?? defaultStackValues(), dir: dirname(absolute), workspaceRoot: root, lenient: opts.packagingOf !== undefined }, localProblems);
  localProblems.push(...stageDependentPackaging(local.packagingRunValues));
  for (const [name, missing] of Object.entries(local.unresolved)) {
    if (packaged.has(name)) localProblems.push(...missing);
    else delete ((local.value as { resources: Record<string, unknown> }).resources)[name];
  }
  // A value that could not be resolved would only add a type error at the same place.
  if (localProblems.length) throw new StackLoadError(sortByLocation([...problems, ...localProblems]));
  const raw = local.value;
  problems.push(...checkResourceNames(raw, source));
  const parsed = stackConfigSchema.safeParse(raw);
  if (!parsed.success) problems.push(...issuesToErrors(parsed.error.issues, stackConfigSchema, raw, source), ...checksOfValidParts(raw, source));
  else problems.push(...checkSemantics(parsed.data, source, { dir: dirname(absolute), checkPaths: opts.checkPaths ?? true, workspaceRoot: root }));
  if (problems.length) throw new StackLoadError(sortByLocation(problems));
  return { file: shown, dir: dirname(absolute), config: parsed.data!, localDirectives: local.uses, locate: source.locate, locateKey: source.locateKey };
}

/**
 * Artifacts are built once and run on every stage (the package task's cache and `promote` rely
 * on it), so what they are built from cannot depend on the stage, the region or the command.
 */
function stageDependentPackaging(uses: Readonly<Record<string, RunValueUse>>): NxstackError[] {
  return Object.entries(uses).map(
    ([name, use]) =>
      new NxstackError('NXS_PACKAGING_STAGE_DEPENDENT', `${use.text} in the artifact settings of '${name}': an artifact is built once for every stage`, {
        location: use.location,
        hint: "Keep $Stage(), $Region() and $CliArgs() out of packaging, runtime, architecture and layers ($File and $Var of fixed values work there); a custom-dockerfile build receives NXSTACK_STAGE and AWS_REGION as build args, and code reads the stage from its environment.",
      }),
  );
}

function displayPath(absolute: string, root: string): string {
  const rel = relative(root, absolute);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split(sep).join('/') : absolute;
}

function sortByLocation(problems: NxstackError[]): NxstackError[] {
  return [...problems].sort((a, b) => (a.location?.line ?? 0) - (b.location?.line ?? 0) || (a.location?.column ?? 0) - (b.location?.column ?? 0));
}
