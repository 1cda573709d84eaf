import { NxstackError, stackExportName, type SourceLocation } from '@nxstack/core';
import type { ResourceTypeModule, StackPath, StackScope } from './resource-types/resource-type';
import type { Directive, LoadedStack } from './types';

export function isDirective(value: unknown): value is Directive {
  return typeof value === 'object' && value !== null && typeof (value as { $directive?: unknown }).$directive === 'string';
}

/** Why a conditional param is missing, for the error hint. */
const PARAM_UNAVAILABLE_HINTS: Record<string, string> = {
  'dynamo-db-table.streamArn': 'Set streamType (e.g. NEW_AND_OLD_IMAGES) on the table to turn on DynamoDB Streams.',
  'relational-database.readerHost': 'Reader endpoints exist for aurora-postgresql / aurora-mysql with more than one entry in engine.properties.instances.',
  'relational-database.readerConnectionString': 'Reader endpoints exist for aurora-postgresql / aurora-mysql with more than one entry in engine.properties.instances.',
  'relational-database.readerJdbcConnectionString': 'Reader endpoints exist for aurora-postgresql / aurora-mysql with more than one entry in engine.properties.instances.',
  'user-auth-pool.domain': 'A pool has a domain when it has the hosted UI (enableHostedUi: true) or identityProviders.',
  'user-auth-pool.clientSecret': 'Set generateClientSecret: true on the pool.',
};

/**
 * Turns the loader's typed directive objects into CloudFormation: ResourceParam → the target
 * type's param table (Ref / GetAtt / Sub), CfResourceParam → GetAtt of a raw resource, Secret →
 * a dynamic reference string (never the value), Join → Fn::Join (or a plain string when every
 * part is literal). The loader has checked every `$ResourceParam` (resource and param exist);
 * core's checkCfResourceParams checks `$CfResourceParam` against the finished template.
 */
export class DirectiveResolver {
  constructor(
    private readonly stack: LoadedStack,
    private readonly moduleFor: (type: string) => ResourceTypeModule | undefined,
    private readonly scope: StackScope,
    /** `$CfStackOutput` stack-name argument → provider stack name (core's resolveStackReferences). */
    private readonly stackNames: ReadonlyMap<string, string> = new Map(),
  ) {}

  resolve(value: unknown, path: StackPath): unknown {
    if (isDirective(value)) return this.resolveDirective(value, path);
    if (Array.isArray(value)) return value.map((item, i) => this.resolve(item, [...path, i]));
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.resolve(v, [...path, k])]));
    }
    return value;
  }

  private resolveDirective(d: Directive, path: StackPath): unknown {
    switch (d.$directive) {
      case 'ResourceParam':
        return this.resourceParam(d.resource, d.param, path);
      case 'CfResourceParam':
        return { 'Fn::GetAtt': [d.logicalId, d.attribute] };
      case 'CfStackOutput':
        return { 'Fn::ImportValue': stackExportName(this.importedStack(d.stackName, d.outputName, path), d.outputName) };
      case 'Secret':
        return secretReference(d.name);
      case 'Join':
        return this.join(d.parts, path);
      default:
        throw new NxstackError('NXS_DIRECTIVE_UNKNOWN', `Unknown directive '${(d as { $directive: string }).$directive}'.`, {
          location: this.locate(path),
          hint: 'Use $ResourceParam, $CfResourceParam, $CfStackOutput or $Secret.',
        });
    }
  }

  /** The provider's stack name, checked against the workspace before compiling (never guessed here). */
  private importedStack(stackName: string, outputName: string, path: StackPath): string {
    const resolved = this.stackNames.get(stackName);
    if (resolved === undefined) {
      throw new NxstackError('NXS_CF_STACK_OUTPUT_UNRESOLVED', `$CfStackOutput('${stackName}', '${outputName}') was not checked against the workspace's stacks.`, {
        location: this.locate(path),
        hint: 'Run it through the validate/deploy targets of the project (nx run <project>:validate), which know the workspace projects.',
      });
    }
    return resolved;
  }

  private resourceParam(resource: string, param: string, path: StackPath): unknown {
    const target = this.stack.config.resources[resource];
    const module = target && this.moduleFor(target.type);
    const anyParam = module?.anyParam;
    const fromAnyParam: ResourceTypeModule['params'][string] | undefined = anyParam && ((name) => anyParam(name, param));
    const build = module && Object.prototype.hasOwnProperty.call(module.params, param) ? module.params[param] : fromAnyParam;
    // The loader refused unknown resources and params (NXS_UNKNOWN_RESOURCE_REFERENCE /
    // NXS_UNKNOWN_RESOURCE_PARAM) from core's tables, and a test keeps the compiler's tables equal
    // to core's: reaching this is a bug in nxstack, not bad input.
    if (!target || !build) throw new Error(`internal: $ResourceParam('${resource}', '${param}') passed the loader but the compiler cannot resolve it`);
    const value = build(resource, target.properties ?? {}, this.scope);
    if (value === undefined) {
      throw new NxstackError('NXS_RESOURCE_PARAM_UNAVAILABLE', `Resource '${resource}' (type ${target.type}) has no '${param}' in its current configuration.`, {
        location: this.locate(path),
        hint: PARAM_UNAVAILABLE_HINTS[`${target.type}.${param}`] ?? `Check the properties of '${resource}' that '${param}' depends on.`,
      });
    }
    return value;
  }

  private join(parts: ReadonlyArray<string | Directive>, path: StackPath): unknown {
    const resolved = parts.map((p) => (typeof p === 'string' ? p : this.resolveDirective(p, path)));
    if (resolved.every((p) => typeof p === 'string')) return (resolved as string[]).join('');
    // Merge neighbouring literals so the template stays readable.
    const merged: unknown[] = [];
    for (const p of resolved) {
      if (typeof p === 'string' && typeof merged[merged.length - 1] === 'string') merged[merged.length - 1] += p;
      else if (p !== '') merged.push(p);
    }
    return { 'Fn::Join': ['', merged] };
  }

  private locate(path: StackPath): SourceLocation {
    return this.stack.locate(path);
  }
}

/**
 * `$Secret('name')` → `{{resolve:secretsmanager:name}}` (names and ARNs alike);
 * `$Secret('ssm:/path')` → `{{resolve:ssm-secure:/path}}`. CloudFormation resolves these at
 * deploy time, so the secret value never appears in the template.
 */
export function secretReference(name: string): string {
  if (name.startsWith('ssm:')) return `{{resolve:ssm-secure:${name.slice(4)}}}`;
  return `{{resolve:secretsmanager:${name}}}`;
}

/** True when `value` (a resolved template fragment) carries an ssm-secure dynamic reference. */
export function containsSsmSecure(value: unknown): boolean {
  return JSON.stringify(value ?? null).includes('{{resolve:ssm-secure:');
}
