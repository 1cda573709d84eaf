import { NxstackError, type SourceLocation } from '@nxstack/core';
import type { CfnOutput, CfnResource, CfnTemplate } from './types';

/** Where a logical id came from, so a clash can point at both places. */
export interface ResourceOrigin {
  readonly kind: 'generated' | 'cloudformationResources';
  /** stack.yml resource name (generated) or the cloudformationResources key. */
  readonly name: string;
  readonly location?: SourceLocation;
}

const LOGICAL_ID = /^[A-Za-z0-9]{1,255}$/;

/** Accumulates a template; every add checks the id so two things never silently overwrite each other. */
export class TemplateBuilder {
  private readonly resources = new Map<string, { resource: CfnResource; origin: ResourceOrigin }>();
  private readonly outputs = new Map<string, CfnOutput>();
  private readonly parameters = new Map<string, { definition: Record<string, unknown>; value: string }>();
  private readonly conditions = new Map<string, unknown>();
  private readonly patches: Array<{ id: string; patch: (resource: CfnResource) => void; origin: ResourceOrigin }> = [];

  constructor(private readonly description: string) {}

  addResource(id: string, resource: CfnResource, origin: ResourceOrigin): void {
    if (!LOGICAL_ID.test(id)) {
      throw new NxstackError('NXS_LOGICAL_ID_INVALID', `Logical id '${id}' is not alphanumeric.`, {
        location: origin.location,
        hint: 'CloudFormation logical ids may only contain A-Z, a-z and 0-9; rename the resource.',
      });
    }
    const existing = this.resources.get(id);
    if (existing) throw clashError(id, existing.origin, origin);
    this.resources.set(id, { resource, origin });
  }

  hasResource(id: string): boolean {
    return this.resources.has(id);
  }

  originOf(id: string): ResourceOrigin | undefined {
    return this.resources.get(id)?.origin;
  }

  resourceIds(): string[] {
    return [...this.resources.keys()];
  }

  outputIds(): string[] {
    return [...this.outputs.keys()];
  }

  addOutput(id: string, output: CfnOutput): void {
    if (this.outputs.has(id)) {
      throw new NxstackError('NXS_OUTPUT_ID_DUPLICATE', `Output '${id}' is generated twice.`, {
        hint: 'Two resources whose names differ only in punctuation or case map to the same ids; rename one.',
      });
    }
    this.outputs.set(id, output);
  }

  /** Declares a template parameter and the value the deployer passes for it. */
  addParameter(id: string, definition: Record<string, unknown>, value: string): void {
    if (this.parameters.has(id)) throw new NxstackError('NXS_PARAMETER_DUPLICATE', `Template parameter '${id}' is declared twice.`);
    this.parameters.set(id, { definition, value });
  }

  /** Adds (or reuses an identical) condition and returns its name for `Condition:` / `Fn::If`. */
  addCondition(id: string, expression: unknown): string {
    const existing = this.conditions.get(id);
    if (existing !== undefined && JSON.stringify(existing) !== JSON.stringify(expression)) {
      throw new NxstackError('NXS_CONDITION_DUPLICATE', `Condition '${id}' is declared twice with different expressions.`);
    }
    this.conditions.set(id, expression);
    return id;
  }

  /** `{ "Fn::Equals": [a, b] }` */
  static equals(a: unknown, b: unknown): unknown {
    return { 'Fn::Equals': [a, b] };
  }

  /** `{ "Fn::If": [condition, then, else] }`; `otherwise` defaults to AWS::NoValue. */
  static ifCondition(condition: string, then: unknown, otherwise: unknown = { Ref: 'AWS::NoValue' }): unknown {
    return { 'Fn::If': [condition, then, otherwise] };
  }

  /**
   * Changes a resource when the template is built, whichever resource is compiled first (e.g. an
   * S3 notification a function adds to a bucket). Fails at build when the id does not exist.
   */
  patchResource(id: string, patch: (resource: CfnResource) => void, origin: ResourceOrigin): void {
    this.patches.push({ id, patch, origin });
  }

  build(): { template: CfnTemplate; parameters: Record<string, string> } {
    for (const { id, patch, origin } of this.patches.splice(0)) {
      const entry = this.resources.get(id);
      if (!entry) throw new NxstackError('NXS_PATCH_TARGET_MISSING', `Resource '${origin.name}' needs to change '${id}', which the template does not contain.`, { location: origin.location, hint: 'Name a resource of this stack.' });
      patch(entry.resource);
    }
    const template: CfnTemplate = { AWSTemplateFormatVersion: '2010-09-09', Description: this.description, Resources: {} };
    if (this.parameters.size) template.Parameters = Object.fromEntries([...this.parameters].map(([k, v]) => [k, v.definition]));
    if (this.conditions.size) template.Conditions = Object.fromEntries(this.conditions);
    for (const [id, { resource }] of this.resources) template.Resources[id] = resource;
    if (this.outputs.size) template.Outputs = Object.fromEntries(this.outputs);
    const parameters = Object.fromEntries([...this.parameters].map(([k, v]) => [k, v.value]));
    return { template, parameters };
  }
}

function clashError(id: string, first: ResourceOrigin, second: ResourceOrigin): NxstackError {
  const custom = first.kind === 'cloudformationResources' ? first : second.kind === 'cloudformationResources' ? second : undefined;
  if (custom) {
    const generated = custom === first ? second : first;
    return new NxstackError(
      'NXS_LOGICAL_ID_CLASH',
      `cloudformationResources key '${custom.name}' clashes with the logical id nxstack generates for resource '${generated.name}'.`,
      { location: custom.location ?? generated.location, hint: `Rename the cloudformationResources entry '${custom.name}' (or the resource '${generated.name}').` },
    );
  }
  return new NxstackError('NXS_LOGICAL_ID_DUPLICATE', `Resources '${first.name}' and '${second.name}' both generate logical id '${id}'.`, {
    location: second.location,
    hint: 'Resource names that differ only in punctuation or letter case map to the same logical ids; rename one of them.',
  });
}
