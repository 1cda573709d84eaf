/**
 * A deployment script's `parameters` (any YAML value) with every directive replaced by its value
 * on a stage: the invocation event of the script. `$Secret` never gets here (the loader refuses
 * it in parameters: they are stored in templates and state files).
 */
import { formatDirective, isDirective, NxstackError, type Directive, type LoadedStack } from '@nxstack/core';

export interface ParameterLookup {
  /** The stage's value of `$ResourceParam(resource, param)`, undefined when it has none. */
  resourceParam(resource: string, param: string): string | undefined;
  /** The stage's value of `$CfResourceParam(logicalId, attribute)`, undefined when it has none. */
  cfResourceParam(logicalId: string, attribute: string): string | undefined;
  /** Why a value is missing, for the error hint. */
  readonly missingHint: string;
}

export function resolveScriptParameters(stack: LoadedStack, script: string, lookup: ParameterLookup): unknown {
  const base = ['resources', script, 'properties', 'parameters'];
  const single = (d: Directive, at: (string | number)[]): string => {
    const value =
      d.$directive === 'ResourceParam' ? lookup.resourceParam(d.resource, d.param) : d.$directive === 'CfResourceParam' ? lookup.cfResourceParam(d.logicalId, d.attribute) : undefined;
    if (value !== undefined) return value;
    throw new NxstackError('NXS_SCRIPT_PARAMETER_UNRESOLVED', `${formatDirective(d)} in the parameters of '${script}' has no value on this stage.`, {
      location: stack.locate([...base, ...at]),
      hint: lookup.missingHint,
    });
  };
  const walk = (v: unknown, at: (string | number)[]): unknown => {
    if (isDirective(v)) return v.$directive === 'Join' ? v.parts.map((p) => (typeof p === 'string' ? p : single(p, at))).join('') : single(v, at);
    if (Array.isArray(v)) return v.map((item, i) => walk(item, [...at, i]));
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, item]) => [k, walk(item, [...at, k])]));
    return v;
  };
  const parameters = (stack.config.resources[script]?.properties as { parameters?: unknown } | undefined)?.parameters;
  return parameters === undefined ? {} : walk(parameters, []);
}
