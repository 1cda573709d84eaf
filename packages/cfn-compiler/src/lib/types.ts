import type { SourceLocation, ZipPackageManifest } from '@nxstack/core';

/**
 * The compiler's view of what @nxstack/core's `loadStack` returns. Declared structurally here
 * so the compiler only depends on the fields it reads (and tests can build stacks by hand).
 */
export type Directive =
  | { readonly $directive: 'ResourceParam'; readonly resource: string; readonly param: string }
  | { readonly $directive: 'CfResourceParam'; readonly logicalId: string; readonly attribute: string }
  | { readonly $directive: 'Secret'; readonly name: string }
  | { readonly $directive: 'Join'; readonly parts: ReadonlyArray<string | Directive> };

export interface StackResourceConfig {
  readonly type: string;
  readonly properties?: Record<string, unknown>;
  readonly overrides?: Record<string, unknown>;
}

export interface StackConfigLike {
  readonly resources: Readonly<Record<string, StackResourceConfig>>;
  readonly cloudformationResources?: Readonly<Record<string, unknown>>;
  readonly deploymentConfig?: Readonly<Record<string, unknown>>;
}

export interface LoadedStackLike {
  readonly file: string;
  readonly config: StackConfigLike;
  locate(path: ReadonlyArray<string | number>): SourceLocation;
}

/** Where a published artifact lives; the key is content-addressed (see contentAddressedKey). */
export interface ArtifactLocation {
  readonly bucket: string;
  readonly key: string;
}

export type CompiledArtifact = ZipPackageManifest & { readonly location: ArtifactLocation };

export interface CompileStackInput {
  readonly stack: LoadedStackLike;
  readonly projectName: string;
  readonly stage: string;
  readonly region?: string;
  /** Published artifact per resource name (functions, deployment scripts). */
  readonly artifacts: Readonly<Record<string, CompiledArtifact>>;
  /** Date for deprecation checks (default: now). */
  readonly now?: Date;
}

/** A CloudFormation template as plain JSON. */
export interface CfnTemplate {
  AWSTemplateFormatVersion: '2010-09-09';
  Description: string;
  Parameters?: Record<string, unknown>;
  Conditions?: Record<string, unknown>;
  Resources: Record<string, CfnResource>;
  Outputs?: Record<string, CfnOutput>;
}

export interface CfnResource {
  Type: string;
  Properties?: Record<string, unknown>;
  DependsOn?: string | string[];
  Condition?: string;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
  Metadata?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface CfnOutput {
  Value: unknown;
  Description?: string;
  Condition?: string;
  Export?: { Name: unknown };
}

export interface CompileStackOutput {
  readonly template: CfnTemplate;
  /** Values for the template's Parameters (empty unless a resource type declares some). */
  readonly parameters: Record<string, string>;
  /** resource name → referenceable param → Output key that carries its value after deploy. */
  readonly outputsByResource: Record<string, Record<string, string>>;
  /** Problems that do not stop this stage (e.g. a runtime AWS no longer creates, on `local`). */
  readonly warnings: readonly string[];
}
