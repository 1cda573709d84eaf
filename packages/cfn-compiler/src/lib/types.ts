import type { DirectiveValue, ImagePackageManifest, LoadedStack, StackResource, ZipPackageManifest } from '@nxstack/core';

/**
 * The compiler takes core's typed model as `loadStack` / `parseStack` return it: validated once,
 * zod defaults applied. No second, structural copy of it here.
 */
export type { LoadedStack, StackResource };
/** A directive object as the loader leaves it in the config ($ResourceParam, $CfResourceParam, $Secret, $Join). */
export type Directive = DirectiveValue;

/** Where a published artifact lives; the key is content-addressed (see contentAddressedKey). */
export interface ArtifactLocation {
  readonly bucket: string;
  readonly key: string;
}

export type CompiledZipArtifact = ZipPackageManifest & { readonly location: ArtifactLocation };

/**
 * Where a pushed image lives: `<registry>/<repository>@sha256:…` (pinned by digest, so the
 * template changes exactly when the image does). May contain `${AWS::AccountId}` /
 * `${AWS::Region}`; the compiler then emits it through Fn::Sub.
 */
export interface ImageLocation {
  readonly imageUri: string;
}
export type CompiledImageArtifact = ImagePackageManifest & { readonly location: ImageLocation };

/** A published zip (the deployer's unit of publishing; kept as its own name for compatibility). */
export type CompiledArtifact = CompiledZipArtifact;
/** A published zip (bucket/key) or a pushed image (imageUri). */
export type AnyCompiledArtifact = CompiledZipArtifact | CompiledImageArtifact;

export interface CompileStackInput {
  readonly stack: LoadedStack;
  readonly projectName: string;
  readonly stage: string;
  readonly region?: string;
  /** Published artifact per resource name (zip functions / deployment scripts; images of services, batch jobs, image functions). */
  readonly artifacts: Readonly<Record<string, AnyCompiledArtifact>>;
  /** Date for deprecation checks (default: now). */
  readonly now?: Date;
  /** `$CfStackOutput` stack-name argument → provider stack name (core's resolveStackReferences). */
  readonly stackReferences?: ReadonlyMap<string, string>;
  /**
   * customDomains' domain name → id of its Route 53 hosted zone, as deploy looked it up (the
   * deployer's hosted-zones.ts); validate and synth, which call no AWS, leave it out and get a
   * placeholder id (domains/custom-domains.ts).
   */
  readonly hostedZones?: ReadonlyMap<string, string>;
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
