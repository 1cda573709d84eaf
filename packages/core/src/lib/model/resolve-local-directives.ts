/**
 * Replaces every local directive ($Stage, $Region, $CliArgs, $File, $Format, $Var) of a parsed
 * stack.yml by its value for one stage, and records what each resource's values depend on
 * (files read, stage, region, command-line arguments) so target inference can key the package
 * tasks' cache by exactly that.
 */
import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { NxstackError, isNxstackError, type NxstackErrorCode, type SourceLocation } from '../errors';
import { resolveInsideWorkspace } from '../workspace-path';
import { didYouMeanText } from './did-you-mean';
import { fileFormat, readDirectiveFile } from './directive-files';
import { isDirective, type Directive } from './directives';
import { isLocalDirectiveNode, type LocalArgument, type LocalCall, type LocalDirectiveNode } from './local-directives';
import type { ConfigPath, YamlSource } from './yaml-source';

/** The values local directives resolve to. */
export interface StackValues {
  readonly stage: string;
  /** undefined when no region is configured: `$Region()` is then an error. */
  readonly region?: string;
  /** The command's options (`nx run p:deploy --name value`), read by `$CliArgs('name')`. */
  readonly cliArgs: Readonly<Record<string, unknown>>;
}

/** What the values of one part of stack.yml depend on. */
export interface LocalDirectiveUse {
  /** Files read by $File, workspace-relative (posix). */
  readonly files: readonly string[];
  readonly stage: boolean;
  readonly region: boolean;
  readonly cliArgs: boolean;
  /** The options `$CliArgs('name')` reads, sorted (the parser takes only a quoted name). */
  readonly cliArgNames: readonly string[];
}

export interface LocalDirectiveUses {
  /** The whole stack.yml (variables and every section). */
  readonly stack: LocalDirectiveUse;
  /** Each resource's own section, variables it reads included. */
  readonly resources: Readonly<Record<string, LocalDirectiveUse>>;
}

/** The first $Stage(), $Region() or $CliArgs() a part of stack.yml depends on (maybe through $Var). */
export interface RunValueUse {
  readonly text: string;
  readonly location: SourceLocation;
}

/** What resolveLocalDirectives found beside the values. */
export interface LocalResolution {
  readonly value: unknown;
  readonly uses: LocalDirectiveUses;
  /** Per resource: the stage-dependent value its artifact settings (packaging, runtime, architecture, layers) use. */
  readonly packagingRunValues: Readonly<Record<string, RunValueUse>>;
  /** Lenient mode: per resource, the values that could not be resolved (missing argument or region). */
  readonly unresolved: Readonly<Record<string, readonly NxstackError[]>>;
}

export interface ResolveLocalOptions {
  readonly source: YamlSource;
  readonly values: StackValues;
  /** Folder of stack.yml: $File paths are relative to it. */
  readonly dir: string;
  readonly workspaceRoot: string;
  /**
   * A missing $CliArgs argument or region resolves to null and is reported per resource in
   * `unresolved` instead of `problems` (for callers that read one resource's packaging).
   */
  readonly lenient?: boolean;
}

interface Deps {
  files: Set<string>;
  stage: boolean;
  region: boolean;
  cliArgs: boolean;
  cliArgNames: Set<string>;
  firstRunValue?: RunValueUse;
  missing: NxstackError[];
}

const newDeps = (): Deps => ({ files: new Set(), stage: false, region: false, cliArgs: false, cliArgNames: new Set(), missing: [] });
function merge(into: Deps, from: Deps): void {
  for (const f of from.files) into.files.add(f);
  into.stage ||= from.stage;
  into.region ||= from.region;
  into.cliArgs ||= from.cliArgs;
  for (const n of from.cliArgNames) into.cliArgNames.add(n);
  into.firstRunValue ??= from.firstRunValue;
  into.missing.push(...from.missing.filter((m) => !into.missing.includes(m)));
}

/** Settings an artifact is built from: they must not differ between stages. */
function isPackagingPath(at: ConfigPath): boolean {
  if (at[0] !== 'resources' || at[2] !== 'properties') return false;
  const rest = at.slice(3);
  if (rest.length === 1) return ['packaging', 'runtime', 'architecture', 'layers'].includes(String(rest[0]));
  return (rest.length === 2 && rest[0] === 'container' && rest[1] === 'packaging') || (rest.length === 3 && rest[0] === 'containers' && rest[2] === 'packaging');
}

/**
 * Copy of `raw` with local directives replaced by their values. A directive that cannot be
 * resolved is pushed to `problems` (located at the directive) and left as written.
 */
export function resolveLocalDirectives(raw: unknown, opts: ResolveLocalOptions, problems: NxstackError[]): LocalResolution {
  const r = new Resolver(raw, opts, problems);
  return r.run();
}

class Resolver {
  private readonly variables: Record<string, unknown>;
  private readonly varMemo = new Map<string, { value: unknown; deps: Deps }>();
  private readonly varStack: string[] = [];
  private readonly fileMemo = new Map<string, unknown>();
  private readonly packagingRunValues: Record<string, RunValueUse> = {};

  constructor(
    private readonly raw: unknown,
    private readonly opts: ResolveLocalOptions,
    private readonly problems: NxstackError[],
  ) {
    const vars = isPlainObject(raw) ? raw['variables'] : undefined;
    this.variables = isPlainObject(vars) ? vars : {};
  }

  run(): LocalResolution {
    const stackDeps = newDeps();
    const resources: Record<string, LocalDirectiveUse> = {};
    const unresolved: Record<string, NxstackError[]> = {};
    const done = (value: unknown): LocalResolution => ({ value, uses: { stack: summary(stackDeps, this.opts.workspaceRoot), resources }, packagingRunValues: this.packagingRunValues, unresolved });
    if (!isPlainObject(this.raw)) return done(this.raw);
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(this.raw)) {
      if (key === 'resources' && isPlainObject(value)) {
        const res: Record<string, unknown> = {};
        for (const [name, def] of Object.entries(value)) {
          const deps = newDeps();
          res[name] = this.node(def, ['resources', name], deps);
          resources[name] = summary(deps, this.opts.workspaceRoot);
          if (deps.missing.length) unresolved[name] = deps.missing;
          merge(stackDeps, deps);
        }
        out[key] = res;
      } else if (key === 'variables' && isPlainObject(value)) {
        const vars: Record<string, unknown> = {};
        for (const name of Object.keys(value)) {
          const resolved = this.variableValue(name, stackDeps);
          vars[name] = resolved === FAILED ? value[name] : resolved;
        }
        out[key] = vars;
      } else out[key] = this.node(value, [key], stackDeps);
    }
    return done(out);
  }

  /** Resolves every local directive inside one YAML value. */
  private node(value: unknown, at: ConfigPath, deps: Deps): unknown {
    if (isLocalDirectiveNode(value)) {
      const resolved = this.attempt(value.call, at, deps);
      if (resolved === FAILED) return value.call.text;
      return at[at.length - 1] === 'environment' ? asEnvironmentList(resolved) : resolved;
    }
    if (isJoin(value)) return this.join(value.parts, at, deps);
    if (isDirective(value)) return value;
    if (Array.isArray(value)) return value.map((v, i) => this.node(v, [...at, i], deps));
    if (isPlainObject(value)) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) {
        const childAt = [...at, k];
        if (!isPackagingPath(childAt)) {
          out[k] = this.node(v, childAt, deps);
          continue;
        }
        const own = newDeps();
        out[k] = this.node(v, childAt, own);
        if (own.firstRunValue) this.packagingRunValues[String(at[1])] ??= own.firstRunValue;
        merge(deps, own);
      }
      return out;
    }
    return value;
  }

  /** Text with directives: local parts become text; runtime directives stay for the compiler. */
  private join(parts: ReadonlyArray<string | Directive | LocalDirectiveNode>, at: ConfigPath, deps: Deps): unknown {
    const out: Array<string | Directive> = [];
    const push = (s: string) => (typeof out[out.length - 1] === 'string' ? (out[out.length - 1] = `${out[out.length - 1] as string}${s}`) : out.push(s));
    for (const part of parts) {
      if (typeof part === 'string') push(part);
      else if (isLocalDirectiveNode(part)) {
        // Inside text, `.x` after a directive whose value is text is text: "api.$Stage().example.com".
        const bare = part.call.path.length ? this.probe(withoutPath(part.call), at) : FAILED;
        const textAfter = bare !== FAILED && (bare === null || typeof bare !== 'object');
        const v = this.attempt(textAfter ? withoutPath(part.call) : part.call, at, deps, true);
        push(v === FAILED ? part.call.text : textAfter ? `${String(v)}.${part.call.path.join('.')}` : String(v));
      } else out.push(part);
    }
    if (out.length === 1 && typeof out[0] === 'string') return out[0];
    return { $directive: 'Join', parts: out };
  }

  private attempt(call: LocalCall, at: ConfigPath, deps: Deps, inText = false): unknown {
    try {
      const v = this.call(call, at, deps);
      if (inText && (typeof v === 'object' || v === undefined) && v !== null) {
        throw this.error(call, at, 'NXS_INVALID_TYPE', `${call.text} is ${Array.isArray(v) ? 'a list' : 'an object'} and cannot be part of a text`, 'Add a property path to pick one value (e.g. .name), or make the directive the whole value.');
      }
      return v;
    } catch (e) {
      if (e === REPORTED) return FAILED;
      if (!isNxstackError(e)) throw e;
      this.problems.push(e);
      return FAILED;
    }
  }

  /** The value of a call, or FAILED; reports nothing (the real evaluation does). */
  private probe(call: LocalCall, at: ConfigPath): unknown {
    try {
      return this.call(call, at, newDeps());
    } catch {
      return FAILED;
    }
  }

  private call(call: LocalCall, at: ConfigPath, deps: Deps): unknown {
    const args = call.args.map((a) => this.argument(a, at, deps));
    let value: unknown;
    switch (call.name) {
      case 'Stage':
        deps.stage = true;
        this.runValue(call, at, deps);
        value = this.opts.values.stage;
        break;
      case 'Region':
        deps.region = true;
        this.runValue(call, at, deps);
        value = this.opts.values.region;
        if (!value) {
          return this.missing(deps, this.error(call, at, 'NXS_REGION_MISSING', `${call.text}: no AWS region is configured for stage '${this.opts.values.stage}'`, 'Pass --region, set AWS_REGION, or set the plugin option defaultRegion.'));
        }
        break;
      case 'CliArgs': {
        deps.cliArgs = true;
        this.runValue(call, at, deps);
        const name = args[0] as string;
        deps.cliArgNames.add(name);
        value = this.opts.values.cliArgs[name] ?? args[1];
        if (value === undefined) {
          return this.missing(deps, this.error(call, at, 'NXS_CLI_ARG_MISSING', `${call.text}: the command has no --${name} argument`, `Pass it to the command (e.g. nx run <project>:deploy --${name}=<value>) or give a default: $CliArgs('${name}', '<default>').`));
        }
        break;
      }
      case 'File':
        value = this.file(call, args[0] as string, at, deps);
        break;
      case 'Format':
        value = this.format(call, args, at);
        break;
      case 'Var':
        return this.variable(call, args.length ? String(args[0]).split('.') : [], at, deps);
    }
    return this.property(call, value, call.path, at);
  }

  private runValue(call: LocalCall, at: ConfigPath, deps: Deps): void {
    deps.firstRunValue ??= { text: withoutPath(call).text, location: this.opts.source.locateInString(at, call.offset) };
  }

  /** A value the command did not give: an error, or null in lenient mode (reported per resource). */
  private missing(deps: Deps, error: NxstackError): null {
    if (!this.opts.lenient) throw error;
    deps.missing.push(error);
    return null;
  }

  private argument(a: LocalArgument, at: ConfigPath, deps: Deps): unknown {
    return typeof a === 'object' ? this.call(a, at, deps) : a;
  }

  private file(call: LocalCall, rel: string, at: ConfigPath, deps: Deps): unknown {
    const location = this.opts.source.locateInString(at, call.offset);
    const absolute = resolveInsideWorkspace(this.opts.dir, rel, { workspaceRoot: this.opts.workspaceRoot, what: '$File path', location });
    deps.files.add(absolute);
    const cached = this.fileMemo.get(absolute);
    if (cached !== undefined) return cached;
    const format = fileFormat(absolute);
    if (!format) {
      throw this.error(call, at, 'NXS_DIRECTIVE_FILE_UNSUPPORTED', `${call.text}: '${rel}' is not a .env, .json, .yml/.yaml or .ini file`, '$File parses .env, JSON, YAML and INI files; read one of those.');
    }
    if (!existsSync(absolute) || !statSync(absolute).isFile()) {
      throw this.error(call, at, 'NXS_PATH_NOT_FOUND', `${call.text}: file '${rel}' does not exist`, `$File paths are relative to the folder holding stack.yml (${path.relative(this.opts.workspaceRoot, this.opts.dir) || '.'}).`);
    }
    let value: unknown;
    try {
      value = readDirectiveFile(absolute, format);
    } catch (e) {
      throw this.error(call, at, 'NXS_DIRECTIVE_FILE_INVALID', `${call.text}: '${rel}' is not valid ${format}: ${(e as Error).message.split('\n')[0]}`, `Fix the ${format} syntax of ${rel}.`);
    }
    this.fileMemo.set(absolute, value);
    return value;
  }

  private format(call: LocalCall, args: unknown[], at: ConfigPath): string {
    const [template, ...values] = args;
    if (typeof template !== 'string') throw this.error(call, at, 'NXS_DIRECTIVE_SYNTAX', `${call.text}: the first argument must be text with {} placeholders`, "Write it as $Format('<text with {}>', <value>, ...).");
    // Stacktape's rule: as many values as `{}`; any other text (`{name}` included) stays as written,
    // and the value's own rules (e.g. a Cognito domain prefix) judge the result.
    const pieces = template.split('{}');
    if (pieces.length - 1 !== values.length) {
      throw this.error(call, at, 'NXS_DIRECTIVE_SYNTAX', `${call.text}: ${pieces.length - 1} '{}' placeholder(s) but ${values.length} value(s)`, 'Give one value per {} placeholder.');
    }
    for (const v of values) {
      if (v === null || typeof v === 'object') throw this.error(call, at, 'NXS_INVALID_TYPE', `${call.text}: a value is ${Array.isArray(v) ? 'a list' : 'an object'}, not text`, 'Add a property path to the directive that gives it (e.g. .name).');
    }
    return pieces.reduce((acc, piece, i) => acc + String(values[i - 1]) + piece);
  }

  private variable(call: LocalCall, named: string[], at: ConfigPath, deps: Deps): unknown {
    const [name, ...rest] = [...named, ...call.path];
    if (name === undefined) {
      const all: Record<string, unknown> = {};
      for (const n of Object.keys(this.variables)) all[n] = this.usedVariable(call, n, at, deps);
      return this.property(call, all, [], at);
    }
    if (!Object.prototype.hasOwnProperty.call(this.variables, name)) {
      const known = Object.keys(this.variables);
      throw this.error(call, at, 'NXS_VARIABLE_UNKNOWN', `${call.text}: variable '${name}' is not defined`, `${didYouMeanText(name, known)}Define it under the top-level 'variables' section${known.length ? ` (defined: ${known.join(', ')})` : ''}.`);
    }
    return this.property(call, this.usedVariable(call, name, at, deps), rest, at, `variable '${name}'`);
  }

  /** A variable's value where a directive reads it: a cycle is reported here, its own problems where it is defined. */
  private usedVariable(call: LocalCall, name: string, at: ConfigPath, deps: Deps): unknown {
    if (this.varStack.includes(name)) {
      const cycle = [...this.varStack.slice(this.varStack.indexOf(name)), name].join(' → ');
      throw this.error(call, at, 'NXS_VARIABLE_CYCLE', `variables refer to each other in a cycle: ${cycle}`, 'Make one of these variables a value that does not use $Var of the others.');
    }
    const value = this.variableValue(name, deps, { call, at });
    if (value === FAILED) throw REPORTED;
    return value;
  }

  /** Resolves a variable once (memoized with what it depends on); FAILED when it has a problem. */
  private variableValue(name: string, deps: Deps, usage?: { call: LocalCall; at: ConfigPath }): unknown {
    let memo = this.varMemo.get(name);
    if (!memo) {
      this.varStack.push(name);
      const own = newDeps();
      const before = this.problems.length;
      try {
        const value = this.node(this.variables[name], ['variables', name], own);
        memo = { value: this.problems.length > before ? FAILED : value, deps: own };
      } finally {
        this.varStack.pop();
      }
      this.varMemo.set(name, memo);
    }
    const through = memo.deps.firstRunValue;
    // Point at the place that reads the variable (the variable's own directive is one $Var away).
    if (usage && through) deps.firstRunValue ??= { text: `${usage.call.text} (${through.text})`, location: this.opts.source.locateInString(usage.at, usage.call.offset) };
    merge(deps, memo.deps);
    return memo.value;
  }

  private property(call: LocalCall, value: unknown, segments: readonly string[], at: ConfigPath, what = `the result of ${call.text.replace(/(\.[A-Za-z0-9_]+)+$/, '')}`): unknown {
    let current = value;
    const walked: string[] = [];
    for (const seg of segments) {
      const next = Array.isArray(current) && /^\d+$/.test(seg) ? current[Number(seg)] : isPlainObject(current) && Object.prototype.hasOwnProperty.call(current, seg) ? current[seg] : undefined;
      if (next === undefined) {
        const keys = isPlainObject(current) ? Object.keys(current) : [];
        const where = walked.length ? `${what}.${walked.join('.')}` : what;
        throw this.error(
          call,
          at,
          'NXS_DIRECTIVE_PROPERTY_MISSING',
          `${call.text}: ${where} has no property '${seg}'`,
          keys.length ? `${didYouMeanText(seg, keys)}Properties there: ${keys.join(', ')}.` : `${where} is ${describe(current)}; to put text after a directive, use $Format('…{}…', <directive>).`,
        );
      }
      walked.push(seg);
      current = next;
    }
    return current;
  }

  private error(call: LocalCall, at: ConfigPath, code: NxstackErrorCode, message: string, hint: string): NxstackError {
    return new NxstackError(code, message, { location: this.opts.source.locateInString(at, call.offset), hint });
  }
}

/** The call without its property path (text too). */
function withoutPath(call: LocalCall): LocalCall {
  if (!call.path.length) return call;
  return { ...call, path: [], text: call.text.slice(0, call.text.length - call.path.join('.').length - 1) };
}

const FAILED = Symbol('failed');
/** Thrown where a directive reads a variable whose own problem is already reported. */
const REPORTED = Symbol('reported');

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isJoin(v: unknown): v is { $directive: 'Join'; parts: ReadonlyArray<string | Directive | LocalDirectiveNode> } {
  return isPlainObject(v) && v['$directive'] === 'Join' && Array.isArray(v['parts']) && (v['parts'] as unknown[]).some(isLocalDirectiveNode);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'string' ? `the text '${v}'` : `${typeof v} ${String(v)}`;
}

/** `environment: $File('.env')`: Stacktape's {name, value} list from a KEY=value mapping. */
function asEnvironmentList(v: unknown): unknown {
  if (!isPlainObject(v) || Object.values(v).some((x) => x !== null && typeof x === 'object')) return v;
  return Object.entries(v).map(([name, value]) => ({ name, value: String(value) }));
}

function summary(d: Deps, workspaceRoot: string): LocalDirectiveUse {
  const files = [...d.files].map((f) => path.relative(workspaceRoot, f).split(path.sep).join('/')).sort();
  return { files, stage: d.stage, region: d.region, cliArgs: d.cliArgs, cliArgNames: [...d.cliArgNames].sort() };
}
