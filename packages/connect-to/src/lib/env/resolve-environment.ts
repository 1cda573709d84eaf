import { formatDirective, NxstackError, stackExportName, type DirectiveValue, type LoadedStack, type StackReferences } from '@nxstack/core';
import { connectionsFor } from '../connections-for';
import { isConnectableType } from '../connections-for';
import { outputKeyFor } from '../names';
import { SES_TARGET, type ConnectTarget } from '../types';

/** Resource types that run code and so have an environment + connectTo. */
export const COMPUTE_TYPES = ['function', 'deployment-script', 'custom-resource-definition', 'web-service', 'private-service', 'worker-service', 'batch-job'] as const;

export interface ResolveEnvironmentOptions {
  readonly stack: LoadedStack;
  readonly resource: string;
  /** The deployed stack's Outputs (key → value). */
  readonly outputs: Readonly<Record<string, string>>;
  /** Returns the secret's value; absent = secrets are not revealed (a placeholder is printed). */
  readonly revealSecret?: (name: string) => Promise<string>;
  /** `$CfStackOutput`: the stack's references (core's resolveStackReferences) and export name → deployed value (readImportedOutputs). */
  readonly imports?: { readonly references: StackReferences; readonly values: ReadonlyMap<string, string> };
}

export interface ResolvedEnvironment {
  /** Variable name → value, in stack.yml order then connectTo order. */
  readonly variables: Record<string, string>;
  /** Names whose value holds a secret placeholder (secrets not revealed). */
  readonly hiddenSecrets: string[];
  /** Messages about values that could not be resolved from outputs (printed as placeholders). */
  readonly warnings: string[];
}

/** `<secret:name>`: what a secret's value is replaced with unless --reveal-secrets. */
export const secretPlaceholder = (name: string) => `<secret:${name}>`;
/** Marker the compiler writes into Outputs instead of a secret (e.g. in a connection string). */
const OUTPUT_SECRET_MARKER = /\{\{secret:([^}]+)\}\}/g;

/**
 * The environment a compute resource gets on a deployed stage — its `environment` list plus the
 * STP_* variables of its connectTo — with every directive resolved from the stack's Outputs.
 */
export async function resolveWorkloadEnvironment(opts: ResolveEnvironmentOptions): Promise<ResolvedEnvironment> {
  const { stack, resource } = opts;
  const config = stack.config.resources[resource];
  const names = Object.keys(stack.config.resources);
  if (!config) {
    throw new NxstackError('NXS_ENV_UNKNOWN_RESOURCE', `'${resource}' is not a resource of ${stack.file}.`, {
      location: stack.locate(['resources']),
      hint: `Resources: ${names.join(', ')}.`,
    });
  }
  if (!(COMPUTE_TYPES as readonly string[]).includes(config.type)) {
    throw new NxstackError('NXS_ENV_NOT_COMPUTE', `'${resource}' is a ${config.type}, which runs no code and has no environment.`, {
      location: stack.locate(['resources', resource, 'type']),
      hint: `Pick a compute resource (${COMPUTE_TYPES.join(', ')}).`,
    });
  }
  return resolveEnvironmentOf({ name: resource, type: config.type, properties: config.properties }, opts);
}

/**
 * The environment of anything with `environment` + `connectTo` (a compute resource, or a
 * top-level script of stack.yml), directives resolved as resolveWorkloadEnvironment does.
 */
export async function resolveEnvironmentOf(source: { readonly name: string; readonly type: string; readonly properties?: unknown }, opts: Omit<ResolveEnvironmentOptions, 'resource'>): Promise<ResolvedEnvironment> {
  const { stack } = opts;
  const resource = source.name;
  const props = (source.properties ?? {}) as { environment?: Array<{ name: string; value: unknown }>; connectTo?: string[] };
  const state = { hidden: new Set<string>(), warnings: [] as string[] };
  const variables: Record<string, string> = {};
  for (const entry of props.environment ?? []) variables[entry.name] = await resolveValue(entry.value, entry.name, opts, state);
  const targets: ConnectTarget[] = (props.connectTo ?? []).flatMap((name): ConnectTarget[] => {
    if (name === SES_TARGET) return [SES_TARGET];
    const t = stack.config.resources[name];
    return t && isConnectableType(t.type) ? [{ name, type: t.type, properties: (t.properties ?? {}) as Record<string, unknown> }] : [];
  });
  const connections = connectionsFor({ name: resource, type: source.type }, targets);
  for (const [name, value] of Object.entries(connections.environment)) variables[name] = await resolveValue(value, name, opts, state);
  return { variables, hiddenSecrets: [...state.hidden], warnings: state.warnings };
}

async function resolveValue(value: unknown, variable: string, opts: Omit<ResolveEnvironmentOptions, 'resource'>, state: { hidden: Set<string>; warnings: string[] }): Promise<string> {
  if (typeof value !== 'object' || value === null) return String(value);
  const d = value as DirectiveValue;
  switch (d.$directive) {
    case 'Join': {
      const parts = await Promise.all(d.parts.map((p) => (typeof p === 'string' ? p : resolveValue(p, variable, opts, state))));
      return parts.join('');
    }
    case 'Secret':
      return secret(d.name, variable, opts, state);
    case 'ResourceParam': {
      const key = outputKeyFor(d.resource, d.param);
      const out = opts.outputs[key];
      if (out === undefined) {
        state.warnings.push(`${variable}: the stack has no output ${key} for ${formatDirective(d)}; deploy the stage with this version of nxstack.`);
        return `<unresolved:${key}>`;
      }
      let text = out;
      for (const m of [...out.matchAll(OUTPUT_SECRET_MARKER)]) text = text.replace(m[0], await secret(m[1], variable, opts, state));
      return text;
    }
    case 'CfStackOutput': {
      // Another stack's output, read from that stack; never printed as a guess.
      const stackName = opts.imports?.references.stackNames.get(d.stackName);
      const value = stackName === undefined ? undefined : opts.imports?.values.get(stackExportName(stackName, d.outputName));
      if (value !== undefined) return value;
      state.warnings.push(`${variable}: ${formatDirective(d)} is another stack's output and was not read from it.`);
      return `<unresolved:${d.stackName}.${d.outputName}>`;
    }
    case 'CfResourceParam':
      state.warnings.push(`${variable}: ${formatDirective(d)} is not among the stack outputs; its value is not printed.`);
      return `<unresolved:${d.logicalId}.${d.attribute}>`;
    default:
      return JSON.stringify(value);
  }
}

async function secret(name: string, variable: string, opts: Omit<ResolveEnvironmentOptions, 'resource'>, state: { hidden: Set<string> }): Promise<string> {
  if (!opts.revealSecret) {
    state.hidden.add(variable);
    return secretPlaceholder(name);
  }
  return opts.revealSecret(name);
}
