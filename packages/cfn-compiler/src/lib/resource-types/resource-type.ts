import type { SourceLocation } from '@nxstack/core';
import type { TemplateBuilder, ResourceOrigin } from '../template-builder';
import type { CompiledImageArtifact, CompiledZipArtifact, LoadedStack, StackResource } from '../types';

export type StackPath = ReadonlyArray<string | number>;

/**
 * What a resource type module gets to compile one stack.yml resource. `P` is the type's
 * properties as core's loader returns them (validated, zod defaults applied): a module typed with
 * its own properties reads them without casts, checks or defaults of its own.
 */
export interface ResourceCompileContext<P = Record<string, unknown>> {
  /** Resource name as written in stack.yml (`myLambda`). */
  readonly name: string;
  readonly config: StackResource;
  readonly properties: P;
  /** Path of the resource in stack.yml: `['resources', name]`. */
  readonly path: StackPath;
  /** Logical id of the function the resource's events invoke, when not `<Name>Function` (a batch job's trigger). */
  readonly eventFunctionId?: string;
  readonly origin: ResourceOrigin;
  readonly builder: TemplateBuilder;
  /** The whole loaded stack (other resources' configs: connectTo targets, dead-letter queues…). */
  readonly stack: LoadedStack;
  readonly projectName: string;
  readonly stage: string;
  readonly region?: string;
  /** Compile time, for checks that depend on the date (runtime deprecation). */
  readonly now: Date;
  locate(path: StackPath): SourceLocation;
  /** Another resource of the same stack.yml (for integrations that must check the target's type). */
  resourceConfig(name: string): StackResource | undefined;
  /** Id of the Route 53 hosted zone of a customDomains domain (a placeholder when deploy did not look it up). */
  hostedZoneId(domainName: string): string;
  /** Records a warning the caller prints; compilation goes on. */
  warn(message: string): void;
  /** Turns directive objects anywhere inside `value` into CloudFormation intrinsics. */
  resolve(value: unknown, path: StackPath): unknown;
  /** The published zip of this resource; throws NXS_ARTIFACT_MISSING when there is none. */
  artifact(): CompiledZipArtifact;
  /** The pushed image of this resource (services, batch jobs, image functions), or of one of its units (`<workload>--<container>`). */
  imageArtifact(unit?: string): CompiledImageArtifact;
}

/** The project and stage a template is compiled for: what deterministic physical names are built from. */
export interface StackScope {
  readonly projectName: string;
  readonly stage: string;
}

/**
 * One module per `type:` in stack.yml. `params` is the table `$ResourceParam('<name>', '<param>')`
 * resolves through; `outputs` lists which params become stack Outputs (Output key = logical id
 * prefix + suffix) so the deployer can report them and local runs can resolve them.
 */
export interface ResourceTypeModule<P = Record<string, unknown>> {
  readonly type: string;
  /**
   * Param → template value. `properties` are the target's stack.yml properties, `scope` the
   * project and stage (for names known before deploy); a builder returns undefined when the param does not exist for that
   * configuration (e.g. streamArn of a table without streams).
   */
  readonly params: Readonly<Record<string, (resourceName: string, properties: P, scope: StackScope) => unknown>>;
  /** Any other param name (core's `anyParam`): a custom resource's answered Data key. */
  readonly anyParam?: (resourceName: string, param: string) => unknown;
  /** Output key suffix → param name, e.g. `{ Arn: 'arn', Name: 'name' }`. */
  readonly outputs: Readonly<Record<string, string>>;
  /**
   * True when the resource has a `package--<name>` artifact (zip or image) the compiler needs; a
   * function of the properties when it depends on the packaging (prebuilt images need none).
   */
  readonly packaged?: boolean | ((properties: P) => boolean);
  /** Artifact names when the resource has several (a multi-container workload's `<workload>--<container>`); default: the resource name. */
  readonly packagedUnits?: (resourceName: string, properties: P) => string[];
  compile(ctx: ResourceCompileContext<P>): void;
}

/** `{ Ref }` / `{ Fn::GetAtt }` helpers so param tables read like the CloudFormation they emit. */
export const ref = (id: string) => ({ Ref: id });
export const getAtt = (id: string, attribute: string) => ({ 'Fn::GetAtt': [id, attribute] });
export const sub = (text: string) => ({ 'Fn::Sub': text });
